import { monotonicFactory } from 'ulid';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { DynamoDbDigestSubscriberStore } from '../../../shared/directory/dynamodb/digest-subscriber-store.js';
import { httpHandler } from '../../../shared/platform/http/handler.js';
import { DynamoDbRegionStore } from '../../../shared/regions/dynamodb/region-store.js';
import { seededTable } from '../../fixtures/admin-deps.js';
import { adminClaims, adminEvent, ppidClaims } from '../../fixtures/admin-event.js';
import { bodyOf, lambdaContext } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { countByType, localDynamoDbClient, scanAll } from '../../fixtures/dynamodb.js';

vi.stubEnv('TABLE_NAME', 'set-per-test');
vi.stubEnv('SCOPE_CODE', '51.02');
const { manageDigestSubscribers } = await import('../../../functions/directory/digest-subscribers.js');

const client = localDynamoDbClient(inject('dynamoEndpoint'));
let tableName: string;
let handler: ReturnType<typeof httpHandler>;
let output: CapturedOutput;

beforeAll(async () => {
  output = captureOutput();
  tableName = await seededTable(client, 'kim-digest-subscribers');
  handler = httpHandler(
    manageDigestSubscribers({
      subscribers: new DynamoDbDigestSubscriberStore(client, tableName),
      regions: new DynamoDbRegionStore(client, tableName),
      clock: { now: () => new Date('2026-11-27T23:00:00Z') },
      newId: monotonicFactory(),
      scope: '51.02',
    }),
  );
});
afterAll(() => {
  output.restore();
});

type SubscriberBody = { id: string; email: string; regionCode: string; createdAt: string };

const call = async (
  method: 'GET' | 'POST' | 'DELETE',
  options: {
    id?: string;
    body?: unknown;
    query?: Record<string, string>;
    claims?: Record<string, unknown>;
  } = {},
) => {
  const collection = '/admin/digest-subscribers';
  const result = await handler(
    adminEvent(
      {
        method,
        path: options.id === undefined ? collection : `${collection}/${options.id}`,
        routeKey: `${method} ${options.id === undefined ? collection : `${collection}/{id}`}`,
        ...(options.id === undefined ? {} : { pathParameters: { id: options.id } }),
        ...(options.body === undefined ? {} : { body: options.body }),
        ...(options.query ? { queryStringParameters: options.query } : {}),
      },
      options.claims ?? adminClaims(),
    ),
    lambdaContext('manage-digest-subscribers'),
  );
  return {
    status: result.statusCode,
    body: result.body ? bodyOf(result) : undefined,
    headers: result.headers,
  };
};

const subscriberItems = async () => {
  const counts = countByType(await scanAll(client, tableName));
  return {
    subscribers: counts.DIGEST_SUBSCRIBER ?? 0,
    claims: counts.DIGEST_SUBSCRIBER_EMAIL_CLAIM ?? 0,
  };
};

const listAll = async (query: Record<string, string> = {}) => {
  const found: SubscriberBody[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const answer = await call('GET', { query: { ...query, ...(cursor ? { cursor } : {}) } });
    expect(answer.status).toBe(200);
    const page = answer.body as unknown as { items: SubscriberBody[]; nextCursor: string | null };
    found.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor !== null);
  return { found, pages };
};

describe('digest subscribers on DynamoDB Local', () => {
  it('adds a subscriber: 201 with Location, the email trimmed and lower-cased, a subscriber item and a claim', async () => {
    const before = await subscriberItems();

    const answer = await call('POST', { body: { email: '  Bupati@Tabanan.go.id ', regionCode: '51.02' } });

    expect(answer.status).toBe(201);
    const subscriber = answer.body as unknown as SubscriberBody;
    expect(subscriber).toEqual({
      id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
      email: 'bupati@tabanan.go.id',
      regionCode: '51.02',
      createdAt: '2026-11-27T23:00:00.000Z',
    });
    expect(answer.headers?.location).toBe(`/admin/digest-subscribers/${subscriber.id}`);
    expect(await subscriberItems()).toEqual({
      subscribers: before.subscribers + 1,
      claims: before.claims + 1,
    });
  });

  it('refuses the same email for the same region with 409 naming the subscriber; another region is fine', async () => {
    const first = (await call('POST', { body: { email: 'camat@tabanan.go.id', regionCode: '51.02.05' } }))
      .body as unknown as SubscriberBody;
    const before = await subscriberItems();

    const again = await call('POST', { body: { email: 'CAMAT@tabanan.go.id ', regionCode: '51.02.05' } });
    const elsewhere = await call('POST', { body: { email: 'camat@tabanan.go.id', regionCode: '51.02.06' } });

    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      message: 'Alamat email ini sudah menerima ringkasan untuk wilayah tersebut.',
      messageEn: 'This email address already receives the digest of this region.',
      existingId: first.id,
    });
    expect(elsewhere.status).toBe(201);
    expect((await subscriberItems()).subscribers).toBe(before.subscribers + 1);
  });

  it('answers bad bodies with 400 naming each field, in Indonesian and English, and writes nothing', async () => {
    const before = await subscriberItems();
    const cases: Array<[unknown, Record<string, string>]> = [
      [{}, { email: 'Wajib diisi.', regionCode: 'Wajib diisi.' }],
      [{ email: 'not-an-email', regionCode: '51.02' }, { email: 'Harus berupa alamat email yang valid.' }],
      [
        { email: 'a@b.id', regionCode: '51-02' },
        { regionCode: 'Kode wilayah harus berformat Kemendagri, contoh 51.02 atau 51.02.05.' },
      ],
      [
        { email: 'a@b.id', regionCode: '51.02.05.2006' },
        { regionCode: 'Ringkasan dibuat per kecamatan atau wilayah di atasnya, bukan per desa.' },
      ],
      [
        { email: 'a@b.id', regionCode: '51.03' },
        { regionCode: 'Wilayah 51.03 berada di luar wilayah layanan ini (51.02).' },
      ],
      [
        { email: 'a@b.id', regionCode: '51.02.99' },
        { regionCode: 'Wilayah dengan kode 51.02.99 tidak ditemukan.' },
      ],
      [{ email: 'a@b.id', regionCode: '51.02', name: 'x' }, { name: 'Isian ini tidak dikenal.' }],
      [{ email: 42, regionCode: '51.02' }, { email: 'Harus berupa teks.' }],
    ];
    for (const [body, expected] of cases) {
      const answer = await call('POST', { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      const errors = (answer.body?.errors ?? []) as Array<{
        field: string;
        message: string;
        messageEn: string;
      }>;
      expect(Object.fromEntries(errors.map((error) => [error.field, error.message]))).toEqual(expected);
      for (const error of errors) expect(error.messageEn).toMatch(/\S/);
    }
    expect(await subscriberItems()).toEqual(before);
  });

  it('answers malformed, non-JSON and oversized bodies with 400, 415 and 413', async () => {
    const event = (body: string, contentType: string) =>
      adminEvent({
        method: 'POST',
        path: '/admin/digest-subscribers',
        routeKey: 'POST /admin/digest-subscribers',
        body,
        headers: { 'content-type': contentType },
      });
    const malformed = await handler(event('{"email":', 'application/json'), lambdaContext());
    const text = await handler(event('email=a@b.id', 'text/plain'), lambdaContext());
    const big = await handler(
      event(JSON.stringify({ email: 'x'.repeat(70_000) }), 'application/json'),
      lambdaContext(),
    );
    expect([malformed.statusCode, text.statusCode, big.statusCode]).toEqual([400, 415, 413]);
  });

  it('lists by region code with cursors; a region lists its own and its districts’ subscribers', async () => {
    for (let index = 0; index < 5; index++) {
      expect(
        (await call('POST', { body: { email: `staf${index}@tabanan.go.id`, regionCode: '51.02.07' } }))
          .status,
      ).toBe(201);
    }

    const district = await listAll({ region: '51.02.07', limit: '2' });
    const all = await listAll({ limit: '100' });

    expect(district.found.map((item) => item.email)).toEqual(
      [0, 1, 2, 3, 4].map((index) => `staf${index}@tabanan.go.id`),
    );
    expect(district.pages).toBe(3);
    expect(all.found.map((item) => item.regionCode)).toEqual(
      [...all.found.map((item) => item.regionCode)].sort(),
    );
    expect(all.found.some((item) => item.regionCode === '51.02')).toBe(true);
    expect(all.found.some((item) => item.regionCode === '51.02.07')).toBe(true);
  });

  it('refuses a foreign or forged cursor, a bad limit and an out-of-scope region', async () => {
    const forged = Buffer.from(JSON.stringify({ PK: 'OFFICER#X', SK: 'OFFICER' })).toString('base64url');
    const cursor = await call('GET', { query: { cursor: forged } });
    const limit = await call('GET', { query: { limit: '0' } });
    const region = await call('GET', { query: { region: '52' } });
    const unknown = await call('GET', { query: { page: '2' } });
    expect([cursor.status, limit.status, region.status, unknown.status]).toEqual([400, 400, 400, 400]);
  });

  it('deletes a subscriber and its claim; the address can subscribe again; a second delete is 404', async () => {
    const created = (await call('POST', { body: { email: 'pergi@tabanan.go.id', regionCode: '51.02.08' } }))
      .body as unknown as SubscriberBody;
    const before = await subscriberItems();

    const deleted = await call('DELETE', { id: created.id });
    const again = await call('DELETE', { id: created.id });
    const bogus = await call('DELETE', { id: 'not-a-ulid' });

    expect(deleted.status).toBe(204);
    expect(await subscriberItems()).toEqual({
      subscribers: before.subscribers - 1,
      claims: before.claims - 1,
    });
    expect(again.status).toBe(404);
    expect(again.body).toEqual({
      message: 'Penerima ringkasan tidak ditemukan.',
      messageEn: 'No digest subscriber with that id exists.',
    });
    expect(bogus.status).toBe(404);
    expect(
      (await call('POST', { body: { email: 'pergi@tabanan.go.id', regionCode: '51.02.08' } })).status,
    ).toBe(201);
  });

  it('lets only admins in: a PPID officer gets 403 on every route and nothing is written', async () => {
    const before = await subscriberItems();
    const claims = ppidClaims('51.02');
    const answers = await Promise.all([
      call('GET', { claims }),
      call('POST', { claims, body: { email: 'ppid@tabanan.go.id', regionCode: '51.02' } }),
      call('DELETE', { claims, id: '01JZ0000000000000000000001' }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403]);
    expect(answers[0]?.body?.message).toBe('Hanya admin yang boleh mengelola penerima ringkasan cakupan.');
    expect(await subscriberItems()).toEqual(before);
  });

  it('keeps email addresses out of the logs', () => {
    expect(output.lines().join('\n')).not.toMatch(/@tabanan\.go\.id/i);
  });
});
