import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { personalDataOfFixture, registrationBody } from '../fixtures/registration-body.js';
import { SHARED_STACK_REGENCIES, sharedLocalStack } from '../support/shared-local-stack.js';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const stack = sharedLocalStack();

/** Kapal, in Mengwi, in this file's regency of the shared stack (Badung). */
const VILLAGE = `${SHARED_STACK_REGENCIES.api}.02.1004`;
const DISTRICT = `${SHARED_STACK_REGENCIES.api}.02`;

const get = (path: string, init?: RequestInit) => fetch(`${stack.baseUrl}${path}`, init);

/**
 * The body with an SK number no other test uses, so tests do not collide on duplicates,
 * in this file's village.
 */
const uniqueBody = () => {
  const body = registrationBody();
  body.villageCode = VILLAGE;
  body.sk.number = `141/12/DP/2025 E2E ${randomUUID()}`;
  return body;
};

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${stack.baseUrl}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

interface ErrorBody {
  message: string;
  messageEn: string;
  existingId?: string;
  errors?: Array<{ field: string; message: string; messageEn: string }>;
}

const expectBilingual = (body: ErrorBody) => {
  expect(body.message).toEqual(expect.any(String));
  expect(body.messageEn).toEqual(expect.any(String));
  expect(body.message).not.toBe(body.messageEn);
};

describe('POST /registrations, then GET /registrations/{id}', () => {
  it('creates a registration (201, ULID, SUBMITTED, Location) whose public view has no personal data', async () => {
    const body = uniqueBody();

    const created = await post(body);

    expect(created.status).toBe(201);
    const registration = (await created.json()) as Record<string, unknown>;
    expect(registration).toMatchObject({
      id: expect.stringMatching(ULID),
      status: 'SUBMITTED',
      name: body.name,
      villageCode: body.villageCode,
      submittedAt: expect.any(String),
    });
    expect(created.headers.get('location')).toBe(`/registrations/${registration.id}`);
    expect(created.headers.get('apigw-requestid')).toEqual(expect.any(String));

    const read = await fetch(`${stack.baseUrl}/registrations/${registration.id}`);
    expect(read.status).toBe(200);
    const text = await read.text();
    expect(JSON.parse(text)).toEqual({
      id: registration.id,
      name: body.name,
      villageCode: VILLAGE,
      villageName: 'Kapal',
      districtCode: DISTRICT,
      status: 'SUBMITTED',
      submittedAt: registration.submittedAt,
      updatedAt: expect.any(String),
    });
    for (const personal of [...personalDataOfFixture, ...body.officers.map((officer) => officer.name)]) {
      expect(text).not.toContain(personal);
    }
    expect(text).not.toContain('@');
    expect(text).not.toContain('+62');
  });

  it('answers 404 with a bilingual message for an id that does not exist', async () => {
    const response = await fetch(`${stack.baseUrl}/registrations/01JZZZZZZZZZZZZZZZZZZZZZZZ`);

    expect(response.status).toBe(404);
    expectBilingual((await response.json()) as ErrorBody);
  });
});

describe('duplicates', () => {
  it('refuses the same village and SK number, differing only by case and whitespace, with 409 and the existing id', async () => {
    const body = uniqueBody();
    const first = await post(body);
    const { id } = (await first.json()) as { id: string };
    const sameSk = `  ${body.sk.number.toLowerCase().split(' ').join('   ')}\t`;

    const duplicate = await post({ ...body, name: 'KIM Nama Lain', sk: { ...body.sk, number: sameSk } });

    expect(first.status).toBe(201);
    expect(duplicate.status).toBe(409);
    const answer = (await duplicate.json()) as ErrorBody;
    expect(answer.existingId).toBe(id);
    expectBilingual(answer);
  });

  it('lets exactly one of 50 concurrent identical submissions through; the other 49 get 409 with its id', async () => {
    const body = uniqueBody();

    const responses = await Promise.all(Array.from({ length: 50 }, () => post(body)));
    const answers = await Promise.all(
      responses.map(async (response) => ({
        status: response.status,
        body: (await response.json()) as ErrorBody & { id?: string },
      })),
    );

    const created = answers.filter((answer) => answer.status === 201);
    const conflicts = answers.filter((answer) => answer.status === 409);
    expect(created).toHaveLength(1);
    expect(conflicts).toHaveLength(49);
    const createdId = created[0]?.body.id;
    expect(createdId).toMatch(ULID);
    expect(new Set(conflicts.map((answer) => answer.body.existingId))).toEqual(new Set([createdId]));
  });
});

describe('Idempotency-Key', () => {
  it('replays the original 201 for the same key and body, and refuses the same key with another body (422)', async () => {
    const key = `e2e-${randomUUID()}`;
    const body = uniqueBody();

    const first = await post(body, { 'idempotency-key': key });
    const replay = await post(body, { 'idempotency-key': key });
    const changed = await post({ ...body, memberCount: body.memberCount + 1 }, { 'idempotency-key': key });

    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(await replay.text()).toBe(await first.text());
    expect(changed.status).toBe(422);
    expectBilingual((await changed.json()) as ErrorBody);
  });
});

/** Today's date plus `days`, as YYYY-MM-DD (two days ahead is in the future in every time zone). */
const dateFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('bad input gets a precise 4xx, never a 5xx', () => {
  type Body = ReturnType<typeof uniqueBody>;
  const withBody = (change: (body: Body) => void) => {
    const body = uniqueBody();
    change(body);
    return body;
  };

  const fieldCases: Array<[string, (body: Body) => void, string]> = [
    [
      'a missing field',
      (body) => {
        delete (body as Partial<Body>).contact;
      },
      'contact',
    ],
    [
      'a bad phone number',
      (body) => {
        body.officers = body.officers.map((officer, index) =>
          index === 1 ? { ...officer, phone: '12345' } : officer,
        );
      },
      'officers[1].phone',
    ],
    [
      'a future SK date',
      (body) => {
        body.sk.date = dateFromToday(2);
      },
      'sk.date',
    ],
    [
      'no BENDAHARA',
      (body) => {
        body.officers = body.officers.filter((officer) => officer.role !== 'BENDAHARA');
      },
      'officers',
    ],
    [
      'an unknown village',
      (body) => {
        body.villageCode = '51.02.05.2999';
      },
      'villageCode',
    ],
    [
      'a village outside the scope',
      (body) => {
        // Gerung Utara, Lombok Barat: Nusa Tenggara Barat, not Bali.
        body.villageCode = '52.01.01.1001';
      },
      'villageCode',
    ],
    [
      'a URL that is not http(s)',
      (body) => {
        body.media = [{ type: 'WEBSITE', url: 'ftp://kim.example.id/' }];
      },
      'media[0].url',
    ],
    [
      'an unknown focus area',
      (body) => {
        body.focusAreas = ['PERTANIAN', 'ASTROLOGI'];
      },
      'focusAreas[1]',
    ],
    [
      'too many members',
      (body) => {
        body.memberCount = 1000;
      },
      'memberCount',
    ],
    [
      'too few members',
      (body) => {
        body.memberCount = 0;
      },
      'memberCount',
    ],
  ];

  it.each(fieldCases)('%s → 400 naming %s, in Indonesian and English', async (_, change, field) => {
    const response = await post(withBody(change));

    expect(response.status).toBe(400);
    const answer = (await response.json()) as ErrorBody;
    expectBilingual(answer);
    const error = answer.errors?.find((candidate) => candidate.field === field);
    expect(error, `errors: ${JSON.stringify(answer.errors)}`).toMatchObject({
      field,
      message: expect.any(String),
      messageEn: expect.any(String),
    });
  });

  it('malformed JSON → 400', async () => {
    const response = await post('{"name": "KIM",');

    expect(response.status).toBe(400);
    expectBilingual((await response.json()) as ErrorBody);
  });

  it('a body that is not declared JSON → 415', async () => {
    const response = await post(JSON.stringify(uniqueBody()), { 'content-type': 'text/plain' });

    expect(response.status).toBe(415);
    expectBilingual((await response.json()) as ErrorBody);
  });

  it('a body over 64 KB → 413', async () => {
    const response = await post(
      withBody((body) => {
        body.name = 'K'.repeat(70 * 1024);
      }),
    );

    expect(response.status).toBe(413);
    expectBilingual((await response.json()) as ErrorBody);
  });
});

interface Region {
  code: string;
  name: string;
  level: string;
  villageCount: number;
  children: Array<{ code: string; name: string; level: string; villageCount: number }>;
}

describe('GET /regions/{code} on the seeded scope', () => {
  it('shows Kabupaten Tabanan with its 10 districts, sorted by code, whose villages add up to 133', async () => {
    const response = await get('/regions/51.02');

    expect(response.status).toBe(200);
    const region = (await response.json()) as Region;
    expect(region).toMatchObject({ code: '51.02', level: 'regency', villageCount: 133 });
    expect(region.name).toMatch(/Tabanan/i);
    expect(region.children).toHaveLength(10);
    const codes = region.children.map((child) => child.code);
    expect(codes).toEqual([...codes].sort());
    expect(
      region.children.every((child) => child.level === 'district' && /^51\.02\.\d{2}$/.test(child.code)),
    ).toBe(true);
    expect(region.children.reduce((sum, child) => sum + child.villageCount, 0)).toBe(133);
  });

  it('shows a district with its villages, each counting itself', async () => {
    const response = await get('/regions/51.02.05');

    expect(response.status).toBe(200);
    const region = (await response.json()) as Region;
    expect(region).toMatchObject({ code: '51.02.05', level: 'district' });
    expect(region.children.length).toBe(region.villageCount);
    expect(region.children.find((child) => child.code === '51.02.05.2006')).toMatchObject({
      level: 'village',
      villageCount: 1,
    });
  });

  it.each([
    ['an unknown code', '51.02.99'],
    ['a code outside the scope', '52.01'],
    ['a malformed code', 'not-a-code'],
  ])('answers 404 with a bilingual message for %s', async (_, code) => {
    const response = await get(`/regions/${code}`);

    expect(response.status).toBe(404);
    const body = (await response.json()) as { message: string; messageEn: string };
    expect(body.message).toEqual(expect.any(String));
    expect(body.messageEn).toEqual(expect.any(String));
  });
});

describe('the local API Gateway in front of the handlers', () => {
  it('serves the OpenAPI 3.1 document listing the routes', async () => {
    const response = await get('/openapi.json');

    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/registrations', '/registrations/{id}', '/regions/{code}']),
    );
  });

  it('answers 404 for a path no route serves and, like API Gateway, for a known path with another method', async () => {
    const unknown = await get('/nothing-here');
    const otherMethod = await get('/registrations', { method: 'DELETE' });

    for (const response of [unknown, otherMethod]) {
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ message: expect.any(String), messageEn: 'Not Found' });
      expect(response.headers.get('apigw-requestid')).toEqual(expect.any(String));
    }
  });

  it('gives every request its own API Gateway request id', async () => {
    const responses = await Promise.all([get('/regions/51.02'), get('/regions/51.02')]);

    const ids = responses.map((response) => response.headers.get('apigw-requestid'));
    expect(ids[0]).toEqual(expect.any(String));
    expect(ids[0]).not.toBe(ids[1]);
  });
});
