import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationBody } from '../fixtures/registration-body.js';
import { type RunningLocalStack, startLocalStackProcess } from '../support/local-stack.js';

/**
 * Bytes, charsets and JSON that `JSON.parse` alone would let through, sent over HTTP to the local
 * stack: the gateway passes them on untouched, the handler refuses them, and nothing is stored.
 */
let stack: RunningLocalStack;

beforeAll(async () => {
  stack = await startLocalStackProcess();
});

afterAll(async () => {
  await stack?.stop();
});

const uniqueBody = () => {
  const body = registrationBody();
  body.sk.number = `141/12/DP/2025 BYTES ${randomUUID()}`;
  return body;
};

const post = (body: string | Buffer, contentType = 'application/json') =>
  fetch(`${stack.baseUrl}/registrations`, { method: 'POST', headers: { 'content-type': contentType }, body });

interface ErrorAnswer {
  readonly message: string;
  readonly messageEn: string;
  readonly errors?: ReadonlyArray<{ field: string; messageEn: string }>;
  readonly moreErrors?: number;
}

describe('bytes that are not UTF-8', () => {
  it('get a 400 instead of a stored U+FFFD, and nothing is stored', async () => {
    const json = JSON.stringify(uniqueBody());
    const at = json.indexOf('KIM Dajan') + 4;
    const bytes = Buffer.concat([
      Buffer.from(json.slice(0, at)),
      Buffer.from([0xff]),
      Buffer.from(json.slice(at)),
    ]);

    const answer = await post(bytes);
    const body = (await answer.json()) as ErrorAnswer;
    // The same village and SK number, sent clean: a 409 would mean the refused body was stored.
    const clean = await post(json);

    expect(answer.status).toBe(400);
    expect(clean.status).toBe(201);
    expect(body.errors).toEqual([
      expect.objectContaining({
        field: '(body)',
        messageEn: 'The request body is not valid UTF-8 text: some bytes are not UTF-8.',
      }),
    ]);
  });
});

describe('a declared charset', () => {
  it.each(['iso-8859-1', 'utf-16'])('other than UTF-8 (%s) gets a bilingual 415', async (charset) => {
    const answer = await post(JSON.stringify(uniqueBody()), `application/json; charset=${charset}`);
    const body = (await answer.json()) as ErrorAnswer;

    expect(answer.status).toBe(415);
    expect(body.messageEn).toContain(`the charset (${charset}) is not supported`);
    expect(body.message).toContain(`charset (${charset}) tidak didukung`);
  });

  it('of UTF-8 is accepted', async () => {
    const answer = await post(JSON.stringify(uniqueBody()), 'application/json; charset=UTF-8');

    expect(answer.status).toBe(201);
  });
});

describe('JSON that JSON.parse accepts silently', () => {
  it('with villageCode twice gets a 400 naming it, and creates nothing', async () => {
    const body = uniqueBody();
    const json = JSON.stringify(body).replace(
      `"villageCode":"${body.villageCode}"`,
      `"villageCode":"${body.villageCode}","villageCode":"51.02.05.2007"`,
    );

    const answer = await post(json);
    const refused = (await answer.json()) as ErrorAnswer;
    // The same village and SK number, sent once: a 409 would mean the refused body was stored.
    const again = await post(JSON.stringify(body));

    expect(answer.status).toBe(400);
    expect(refused.errors?.map((error) => error.field)).toEqual(['villageCode']);
    expect(again.status).toBe(201);
  });

  it('with a lone surrogate escape in a name gets a 400 naming the field', async () => {
    const json = JSON.stringify(uniqueBody()).replace('"name":"KIM Dajan', '"name":"KIM \\ud800Dajan');

    const answer = await post(json);
    const body = (await answer.json()) as ErrorAnswer;

    expect(answer.status).toBe(400);
    expect(body.errors?.map((error) => error.field)).toEqual(['name']);
  });

  it('with thousands of unknown keys gets a small 400: 20 errors and the count of the rest', async () => {
    const body: Record<string, unknown> = uniqueBody();
    for (let index = 0; index < 5400; index++) body[`x${index}`] = 1;

    const answer = await post(JSON.stringify(body));
    const text = await answer.text();
    const refused = JSON.parse(text) as ErrorAnswer;

    expect(answer.status).toBe(400);
    expect(refused.errors).toHaveLength(20);
    expect(refused.moreErrors).toBe(5380);
    expect(Buffer.byteLength(text)).toBeLessThan(4096);
  });
});
