import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { principalFromClaims } from '../../../shared/auth/principal.js';
import type { AwsCommand } from '../../../shared/platform/aws/json-client.js';
import { httpHandler } from '../../../shared/platform/http/handler.js';
import { reviewRegistration } from '../../../shared/registrations/review-registration.js';
import { submitRegistration } from '../../../shared/registrations/submit-registration.js';
import { seededTable, tableDeps } from '../../fixtures/admin-deps.js';
import { adminClaims, adminEvent, ppidClaims } from '../../fixtures/admin-event.js';
import { bodyOf, lambdaContext } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { localDynamoDbClient } from '../../fixtures/dynamodb.js';
import { personalDataOfFixture, registrationBodyWith } from '../../fixtures/registration-body.js';

vi.stubEnv('TABLE_NAME', 'set-per-test');
vi.stubEnv('SCOPE_CODE', '51.02');
const { listAdminRegistrations } = await import('../../../functions/registrations/admin-registrations.js');

const client = localDynamoDbClient(inject('dynamoEndpoint'));
/** Every command this file's client sends, by name: the listing must never Scan. */
const sent: Array<{ command: string; input: Record<string, unknown> }> = [];
const send = client.send.bind(client);
client.send = <In, Out>(command: AwsCommand<In, Out>): Promise<Out> => {
  sent.push({ command: command.constructor.name, input: command.input as Record<string, unknown> });
  return send(command);
};

type Handler = ReturnType<typeof httpHandler>;
let handler: Handler;
let deps: ReturnType<typeof tableDeps>;
/** Ids in creation order, by village. */
const created: Array<{ id: string; villageCode: string }> = [];
const verified = new Set<string>();

const VILLAGES = [
  ['51.02.05.2006', 5],
  ['51.02.05.2007', 2],
  ['51.02.01.2001', 2],
] as const;

let output: CapturedOutput;
beforeAll(async () => {
  output = captureOutput();
  const tableName = await seededTable(client, 'kim-admin-list');
  deps = tableDeps(client, tableName);
  handler = httpHandler(listAdminRegistrations(deps));
  // Created one after another, interleaving villages, so newest-first crosses them.
  const plan = VILLAGES.flatMap(([villageCode, count]) =>
    Array.from({ length: count }, (_, index) => ({ villageCode, index })),
  ).sort((a, b) => a.index - b.index);
  for (const { villageCode, index } of plan) {
    const { registration } = await submitRegistration(deps, {
      body: registrationBodyWith({
        villageCode,
        name: `KIM ${villageCode} ${index}`,
        sk: { number: `${index}/SK/${villageCode}`, date: '2025-06-02' },
      }),
    });
    created.push({ id: registration.id, villageCode });
  }
  const admin = principalFromClaims(adminClaims(), '51.02');
  for (const entry of [created[1], created[4], created[6]]) {
    if (!entry) throw new Error('fixture registrations missing');
    await reviewRegistration(deps, admin, { id: entry.id, action: 'VERIFY', body: undefined });
    verified.add(entry.id);
  }
});

afterAll(() => {
  output.restore();
});

const newestFirst = (filter: (entry: { id: string; villageCode: string }) => boolean = () => true) =>
  created
    .filter(filter)
    .map((entry) => entry.id)
    .reverse();

const get = async (
  path: string,
  options: {
    query?: Record<string, string>;
    claims?: Record<string, string>;
    pathParameters?: Record<string, string>;
  } = {},
) => {
  const routeKey = path.endsWith('/history')
    ? 'GET /admin/registrations/{id}/history'
    : path === '/admin/registrations'
      ? 'GET /admin/registrations'
      : 'GET /admin/registrations/{id}';
  const result = await handler(
    adminEvent(
      {
        method: 'GET',
        path,
        routeKey,
        ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
        ...(options.query ? { queryStringParameters: options.query } : {}),
      },
      options.claims ?? adminClaims(),
    ),
    lambdaContext('list-admin-registrations'),
  );
  return { status: result.statusCode, body: bodyOf(result) };
};

type Page = { items: Array<{ id: string; status: string; villageCode: string }>; nextCursor: string | null };

/** Follows the cursors to the end; returns every page. */
const allPages = async (query: Record<string, string>, claims?: Record<string, string>) => {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const { status, body } = await get('/admin/registrations', {
      query: { ...query, ...(cursor ? { cursor } : {}) },
      ...(claims ? { claims } : {}),
    });
    expect(status).toBe(200);
    const page = body as unknown as Page;
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length < 20);
  return pages;
};

describe('GET /admin/registrations on DynamoDB Local', () => {
  it('lists the whole regency newest first, 4 per page across 3 pages, the last without a cursor', async () => {
    const pages = await allPages({ limit: '4' });

    expect(pages.map((page) => page.items.length)).toEqual([4, 4, 1]);
    expect(pages.map((page) => page.nextCursor === null)).toEqual([false, false, true]);
    expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(newestFirst());
  });

  it('answers the listing columns only, no personal data', async () => {
    const { body } = await get('/admin/registrations', { query: { limit: '1' } });

    const [item] = (body as unknown as Page).items;
    expect(Object.keys(item ?? {}).sort()).toEqual(
      [
        'districtCode',
        'id',
        'name',
        'status',
        'submittedAt',
        'updatedAt',
        'version',
        'villageCode',
        'villageName',
      ].sort(),
    );
  });

  it('filters by status, paging through short filtered pages without losing any', async () => {
    const all = await allPages({ status: 'VERIFIED' });
    const oneByOne = await allPages({ status: 'VERIFIED', limit: '1' });
    const submitted = await allPages({ status: 'SUBMITTED', limit: '2' });

    const verifiedNewestFirst = newestFirst((entry) => verified.has(entry.id));
    expect(all.flatMap((page) => page.items.map((item) => item.id))).toEqual(verifiedNewestFirst);
    expect(oneByOne.flatMap((page) => page.items.map((item) => item.id))).toEqual(verifiedNewestFirst);
    expect(oneByOne.every((page) => page.items.every((item) => item.status === 'VERIFIED'))).toBe(true);
    expect(submitted.flatMap((page) => page.items.map((item) => item.id))).toEqual(
      newestFirst((entry) => !verified.has(entry.id)),
    );
  });

  it.each([
    ['a village', '51.02.05.2006', 'byDistrict'],
    ['a district', '51.02.05', 'byDistrict'],
    ['another district', '51.02.01', 'byDistrict'],
    ['the regency', '51.02', 'byRegency'],
  ])('lists %s (%s) through the %s index, never a Scan', async (_level, region, indexName) => {
    sent.length = 0;

    const pages = await allPages({ region, limit: '3' });

    expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(
      newestFirst((entry) => entry.villageCode === region || entry.villageCode.startsWith(`${region}.`)),
    );
    expect(sent.map((call) => call.command)).not.toContain('ScanCommand');
    const queries = sent.filter((call) => call.command === 'QueryCommand');
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.every((call) => call.input.IndexName === indexName)).toBe(true);
  });

  it('answers an empty page for a village without registrations', async () => {
    const { status, body } = await get('/admin/registrations', { query: { region: '51.02.05.2001' } });

    expect(status).toBe(200);
    expect(body).toEqual({ items: [], nextCursor: null });
  });

  it('shows a PPID officer only their region: theirs by default, inside it on request, 403 beyond', async () => {
    const officer = ppidClaims('51.02.05');

    const own = await allPages({}, officer);
    const village = await allPages({ region: '51.02.05.2007' }, officer);
    const regency = await get('/admin/registrations', { query: { region: '51.02' }, claims: officer });
    const neighbour = await get('/admin/registrations', {
      query: { region: '51.02.01.2001' },
      claims: officer,
    });

    expect(own.flatMap((page) => page.items.map((item) => item.id))).toEqual(
      newestFirst((entry) => entry.villageCode.startsWith('51.02.05.')),
    );
    expect(village.flatMap((page) => page.items.map((item) => item.id))).toEqual(
      newestFirst((entry) => entry.villageCode === '51.02.05.2007'),
    );
    expect(regency.status).toBe(403);
    expect(regency.body).toEqual({
      message: 'Wilayah 51.02 berada di luar wilayah Anda (51.02.05).',
      messageEn: 'Region 51.02 lies outside your region (51.02.05).',
    });
    expect(neighbour.status).toBe(403);
  });

  it('refuses a cursor that does not decode, or that belongs to another query, with 400 naming the cursor', async () => {
    const { body: district } = await get('/admin/registrations', {
      query: { region: '51.02.05', limit: '1' },
    });
    const districtCursor = String((district as unknown as Page).nextCursor);

    const queries: Array<Record<string, string>> = [
      { cursor: 'not-a-cursor' },
      { cursor: Buffer.from('[1,2]').toString('base64url') },
      { cursor: districtCursor, region: '51.02' },
      { cursor: districtCursor, region: '51.02.01' },
    ];
    const answers = await Promise.all(queries.map((query) => get('/admin/registrations', { query })));

    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect((answer.body.errors as Array<{ field: string }>).map((error) => error.field)).toEqual([
        'cursor',
      ]);
    }
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ status: 'APPROVED' }, 'status'],
    [{ region: '51.2' }, 'region'],
    [{ sort: 'asc' }, 'sort'],
  ])('refuses the query %o with 400 naming %s', async (query, field) => {
    const { status, body } = await get('/admin/registrations', { query });

    expect(status).toBe(400);
    expect((body.errors as Array<{ field: string }>).map((error) => error.field)).toEqual([field]);
  });
});

describe('GET /admin/registrations/{id} and its history on DynamoDB Local', () => {
  it('answers the whole registration, personal data included, without the edit token hash', async () => {
    const id = created[1]?.id ?? '';

    const { status, body } = await get(`/admin/registrations/${id}`, { pathParameters: { id } });

    expect(status).toBe(200);
    expect(body).toMatchObject({
      id,
      status: 'VERIFIED',
      version: 2,
      officers: expect.arrayContaining([expect.objectContaining({ role: 'KETUA', name: 'I Made Sudarma' })]),
      contact: { email: 'kim.dajanpeken@example.id', phone: '+6281234567890' },
      reviewedBy: { sub: adminClaims().sub, username: 'kominfo-admin', role: 'admin' },
    });
    expect(body).not.toHaveProperty('editTokenHash');
    expect(body).not.toHaveProperty('skNumberNormalized');
  });

  it('answers the audit trail oldest first', async () => {
    const id = created[1]?.id ?? '';

    const { status, body } = await get(`/admin/registrations/${id}/history`, { pathParameters: { id } });

    expect(status).toBe(200);
    expect(body).toEqual([
      {
        at: expect.any(String),
        actor: { role: 'public' },
        action: 'SUBMIT',
        fromStatus: null,
        toStatus: 'SUBMITTED',
        reason: null,
      },
      {
        at: expect.any(String),
        actor: { sub: adminClaims().sub, username: 'kominfo-admin', role: 'admin' },
        action: 'VERIFY',
        fromStatus: 'SUBMITTED',
        toStatus: 'VERIFIED',
        reason: null,
      },
    ]);
  });

  it('lets a PPID officer read inside their region and answers 403 outside it', async () => {
    const inside = created.find((entry) => entry.villageCode === '51.02.05.2006')?.id ?? '';
    const outside = created.find((entry) => entry.villageCode === '51.02.01.2001')?.id ?? '';
    const officer = ppidClaims('51.02.05');

    const read = await get(`/admin/registrations/${inside}`, {
      pathParameters: { id: inside },
      claims: officer,
    });
    const refused = await get(`/admin/registrations/${outside}`, {
      pathParameters: { id: outside },
      claims: officer,
    });
    const refusedHistory = await get(`/admin/registrations/${outside}/history`, {
      pathParameters: { id: outside },
      claims: officer,
    });

    expect(read.status).toBe(200);
    expect(refused.status).toBe(403);
    expect(refusedHistory.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain('Sudarma');
  });

  it.each([
    ['an unknown id', '01K0ZZZZZZZZZZZZZZZZZZZZZZ'],
    ['a malformed id', 'REG#1'],
  ])('answers 404 for %s', async (_case, id) => {
    const details = await get(`/admin/registrations/${id}`, { pathParameters: { id } });
    const history = await get(`/admin/registrations/${id}/history`, { pathParameters: { id } });

    expect(details.status).toBe(404);
    expect(history.status).toBe(404);
  });

  it('answers 401 without claims and 403 for a token of no known group', async () => {
    const { authorizer: _authorizer, ...requestContext } = adminEvent({
      method: 'GET',
      path: '/admin/registrations',
    }).requestContext as unknown as Record<string, unknown>;
    const anonymous = await handler(
      {
        ...adminEvent({ method: 'GET', path: '/admin/registrations', routeKey: 'GET /admin/registrations' }),
        requestContext,
      } as unknown as Parameters<Handler>[0],
      lambdaContext(),
    );
    const stranger = await get('/admin/registrations', {
      claims: { sub: 'x', username: 'x', 'cognito:groups': '[viewers]' },
    });

    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers?.['www-authenticate']).toBe('Bearer');
    expect(stranger.status).toBe(403);
  });
});

describe('logs of the admin listing', () => {
  it('name no person of the fixture', () => {
    const lines = output.lines();

    expect(lines.length).toBeGreaterThan(0);
    for (const value of personalDataOfFixture) {
      expect(lines.filter((line) => line.includes(value))).toEqual([]);
    }
  });
});
