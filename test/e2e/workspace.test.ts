import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbSignInLinks } from '../../shared/workspace/dynamodb/sign-in-links.js';
import { issueSignInLink } from '../../shared/workspace/sign-in-link.js';
import { fixedClock } from '../fixtures/clock.js';
import { minimalPdf } from '../fixtures/documents.js';
import { localDynamoDbClient } from '../fixtures/dynamodb.js';
import { emailsTo, mailbox } from '../fixtures/mailbox.js';
import { registrationBody } from '../fixtures/registration-body.js';
import { SHARED_STACK_REGENCIES, sharedLocalStack } from '../support/shared-local-stack.js';

const stack = sharedLocalStack();
const REGENCY = SHARED_STACK_REGENCIES.workspace;
const TABLE_NAME = 'kim-registry-local';
const origin = new URL(stack.baseUrl).origin;

const contact = `kelola-${randomUUID().slice(0, 8)}@example.id`;
let kims: Array<{ id: string; name: string; editToken: string }>;

const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
};

/** A browser in miniature: keeps cookies, posts forms from this site. */
class Browser {
  readonly cookies = new Map<string, string>();

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (!pair || at < 0) continue;
      const name = pair.slice(0, at);
      if (/Max-Age=0/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(at + 1));
    }
  }

  private cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(path: string) {
    const response = await fetch(`${stack.baseUrl}${path}`, {
      redirect: 'manual',
      headers: { cookie: this.cookieHeader() },
    });
    this.remember(response);
    return { status: response.status, headers: response.headers, html: await response.text() };
  }

  async post(path: string, fields: Record<string, string>) {
    const response = await fetch(`${stack.baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: this.cookieHeader(),
        origin,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(fields).toString(),
    });
    this.remember(response);
    return { status: response.status, headers: response.headers, html: await response.text() };
  }
}

const hidden = (html: string, name: string) =>
  new RegExp(`name="${name.replace('.', '\\.')}" value="([^"]*)"`).exec(html)?.[1] ?? '';

/** The links of the latest sign-in email to `address`, pointed at the stack's own address. */
const linksFor = async (address: string): Promise<URL[]> => {
  const emails = emailsTo(await mailbox(stack.mailboxUrl), address).filter((email) =>
    email.subject.includes('Tautan masuk'),
  );
  const text = emails.at(-1)?.body.text ?? '';
  return [...text.matchAll(/https?:\/\/\S+\/kelola\/masuk\/\S+/g)].map((match) => {
    const url = new URL(match[0]);
    return new URL(`${url.pathname}${url.search}`, stack.baseUrl);
  });
};

/** Opens the link's page, presses its button: the answer of the POST. */
const useLink = async (browser: Browser, link: URL, at = link.pathname) => {
  const page = await browser.get(`${link.pathname}${link.search}`);
  const form = page.status === 200 ? page.html : (await browser.get('/kelola')).html;
  return browser.post(at, { _csrf: hidden(form, '_csrf'), token: link.searchParams.get('token') ?? '' });
};

beforeAll(async () => {
  const regency = await api('GET', `/regions/${REGENCY}`);
  const district = String((regency.body.children as Array<{ code: string }>)[0]?.code);
  const villages = (await api('GET', `/regions/${district}`)).body.children as Array<{ code: string }>;
  kims = [];
  for (const [index, email] of [contact, contact.toUpperCase(), `lain-${contact}`].entries()) {
    const body = registrationBody();
    body.name = `KIM Kelola ${index} ${randomUUID().slice(0, 4)}`;
    body.villageCode = String(villages[index]?.code);
    body.sk = { ...body.sk, number: `141/${randomUUID().slice(0, 8)}/KL/2025` };
    body.contact = { ...body.contact, email };
    const created = await api('POST', '/registrations', body);
    expect(created.status).toBe(201);
    kims.push({ id: String(created.body.id), name: body.name, editToken: String(created.body.editToken) });
  }
});

describe('the KIM workspace through the local stack', () => {
  it('answers the same for a known and an unknown address, and emails the known one a link per KIM', async () => {
    const known = await api('POST', '/workspace/sign-in-requests', { email: contact });
    const unknown = await api('POST', '/workspace/sign-in-requests', { email: `tidak-${contact}` });

    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    const links = await linksFor(contact);
    expect(links.map((link) => link.pathname).sort()).toEqual(
      [`/kelola/masuk/${kims[0]?.id}`, `/kelola/masuk/${kims[1]?.id}`].sort(),
    );
    expect(emailsTo(await mailbox(stack.mailboxUrl), `tidak-${contact}`)).toHaveLength(0);
  });

  it('refuses a malformed address with a 400 that names the field', async () => {
    const refused = await api('POST', '/workspace/sign-in-requests', { email: 'bukan email' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
  });

  it('opens the workspace once, for that KIM only; the link then opens nothing', async () => {
    await api('POST', '/workspace/sign-in-requests', { email: contact });
    const [first, second] = await linksFor(contact);
    if (!first || !second) throw new Error('no links');

    // A GET (a mail scanner) uses nothing up: the page only offers a button.
    const browser = new Browser();
    const view = await browser.get(`${first.pathname}${first.search}`);
    expect(view.status).toBe(200);
    expect(view.headers.get('cache-control')).toBe('no-store');
    expect(view.headers.get('referrer-policy')).toBe('same-origin');
    // Another KIM's path with this token: refused, and the token is not burnt.
    const crossed = await useLink(browser, first, second.pathname);
    expect(crossed.status).toBe(404);
    expect(crossed.html).toContain('data-testid="link-failed"');
    expect([...browser.cookies.keys()]).not.toContain('kelola');

    const used = await useLink(browser, first);
    expect(used.status).toBe(303);
    expect(used.headers.get('location')).toBe('/kelola');
    const home = await browser.get('/kelola');
    const firstKim = kims.find((kim) => first.pathname.endsWith(kim.id));
    expect(home.html).toContain(firstKim?.name);
    expect(home.headers.get('cache-control')).toBe('no-store');
    for (const other of kims.filter((kim) => kim !== firstKim)) expect(home.html).not.toContain(other.name);

    const again = await useLink(new Browser(), first);
    expect(again.status).toBe(404);
    expect(again.headers.getSetCookie().some((line) => line.startsWith('kelola='))).toBe(false);
  });

  it('opens nothing with a link older than 15 minutes, even before the TTL removed it', async () => {
    const links = new DynamoDbSignInLinks(localDynamoDbClient(stack.dynamoEndpoint), TABLE_NAME);
    const sixteenMinutesAgo = new Date(Date.now() - 16 * 60 * 1000).toISOString();
    const stale = new URL(
      (
        await issueSignInLink(
          { links, clock: fixedClock(sixteenMinutesAgo) },
          String(kims[0]?.id),
          stack.baseUrl,
        )
      ).url,
    );
    const browser = new Browser();
    expect((await browser.get(`${stale.pathname}${stale.search}`)).status).toBe(410);
    const used = await useLink(browser, stale);
    expect(used.status).toBe(410);
    expect(used.html).toContain('data-reason="expired"');
    expect([...browser.cookies.keys()]).not.toContain('kelola');
  });

  it('uploads an SK with the session, and the edit token API works right after registering', async () => {
    await api('POST', '/workspace/sign-in-requests', { email: `lain-${contact}` });
    const [link] = await linksFor(`lain-${contact}`);
    if (!link) throw new Error('no link');
    const browser = new Browser();
    expect((await useLink(browser, link)).status).toBe(303);
    const page = await browser.get('/kelola/sk');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(
      /connect-src 'self' http:\/\/127\.0\.0\.1:\d+/,
    );
    const csrf = hidden(page.html, '_csrf');
    const pdf = minimalPdf('kelola');
    const announce = await fetch(`${stack.baseUrl}/kelola/sk/unggahan`, {
      method: 'POST',
      headers: {
        cookie: [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        origin,
        'content-type': 'application/json',
        'x-csrf-token': csrf,
      },
      body: JSON.stringify({
        contentType: 'application/pdf',
        size: pdf.length,
        term: { start: '2025-06-02', end: '2028-06-01' },
        sk: { number: '141/9/KL/2025', date: '2025-06-02' },
      }),
    });
    expect(announce.status).toBe(201);
    const ticket = (await announce.json()) as {
      uploadId: string;
      uploadUrl: string;
      headers: Record<string, string>;
    };
    expect(
      (await fetch(ticket.uploadUrl, { method: 'PUT', body: pdf, headers: ticket.headers })).status,
    ).toBe(200);
    const confirmed = await browser.post('/kelola/sk', {
      _csrf: csrf,
      uploadId: ticket.uploadId,
      script: '1',
      'term.start': '2025-06-02',
      'term.end': '2028-06-01',
      'sk.number': '141/9/KL/2025',
      'sk.date': '2025-06-02',
    });
    expect(confirmed.status).toBe(303);
    expect((await browser.get('/kelola?sk=baru')).html).toContain('141/9/KL/2025');

    // The same registration through the API, with the edit token of its 201 answer.
    const kim = kims[2];
    const listed = await api('GET', `/registrations/${kim?.id}/documents/sk`, undefined, {
      'x-edit-token': String(kim?.editToken),
    });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ versionId: ticket.uploadId })]);

    // Without a session the announcement is refused and writes nothing.
    const anonymous = await api(
      'POST',
      '/kelola/sk/unggahan',
      { contentType: 'application/pdf' },
      { origin },
    );
    expect(anonymous.status).toBe(403);
  });

  it('stays silent for an address past its limit, and answers 429 with Retry-After past the client limit', async () => {
    // A known address: each request mails it, until its window is full; then the same 202, no email.
    const known = `lain-${contact}`;
    const answers: Array<Record<string, unknown>> = [];
    let silent = false;
    for (let i = 0; i < 6 && !silent; i++) {
      const before = emailsTo(await mailbox(stack.mailboxUrl), known).length;
      const answer = await api('POST', '/workspace/sign-in-requests', { email: known });
      expect(answer.status).toBe(202);
      answers.push(answer.body);
      silent = emailsTo(await mailbox(stack.mailboxUrl), known).length === before;
    }
    expect(silent).toBe(true);
    expect(new Set(answers.map((body) => JSON.stringify(body))).size).toBe(1);

    let refused: Awaited<ReturnType<typeof api>> | undefined;
    for (let i = 0; i < 70 && refused === undefined; i++) {
      const answer = await api('POST', '/workspace/sign-in-requests', { email: `x${i}-${contact}` });
      if (answer.status === 429) refused = answer;
      else expect(answer.status).toBe(202);
    }
    expect(refused?.status).toBe(429);
    const wait = Number(refused?.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    expect(refused?.body).toMatchObject({ message: expect.any(String), messageEn: expect.any(String) });
  });
});
