import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { principalFromClaims } from '../../../shared/auth/principal.js';
import { httpHandler } from '../../../shared/platform/http/handler.js';
import { reviewRegistration } from '../../../shared/registrations/review-registration.js';
import { seededTable, tableDeps } from '../../fixtures/admin-deps.js';
import { adminClaims } from '../../fixtures/admin-event.js';
import { apiEvent, bodyOf, lambdaContext, postRegistrationEvent } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { claimsOf, localDynamoDbClient, scanAll } from '../../fixtures/dynamodb.js';
import { personalDataOfFixture, registrationBodyWith } from '../../fixtures/registration-body.js';

vi.stubEnv('TABLE_NAME', 'set-per-test');
vi.stubEnv('SCOPE_CODE', '51.02');
const { createRegistration } = await import('../../../functions/registrations/create-registration.js');
const { resubmitRegistration } = await import('../../../functions/registrations/resubmit-registration.js');
const { getRegistration } = await import('../../../functions/registrations/get-registration.js');

const client = localDynamoDbClient(inject('dynamoEndpoint'));
let tableName: string;
let deps: ReturnType<typeof tableDeps>;
let post: ReturnType<typeof httpHandler>;
let put: ReturnType<typeof httpHandler>;
let getStatus: ReturnType<typeof httpHandler>;
let output: CapturedOutput;
let counter = 0;
const admin = principalFromClaims(adminClaims(), '51.02');

beforeAll(async () => {
  output = captureOutput();
  tableName = await seededTable(client, 'kim-resubmit');
  deps = tableDeps(client, tableName);
  post = httpHandler(createRegistration(deps));
  put = httpHandler(resubmitRegistration(deps));
  getStatus = httpHandler(getRegistration(deps));
});
afterAll(() => {
  output.restore();
});

/** A fixture body with its own SK number (so tests never collide), patched. */
const bodyWith = (patch: Record<string, unknown> = {}) => {
  counter++;
  return registrationBodyWith({ sk: { number: `${counter}/RESUBMIT/2025`, date: '2025-06-02' }, ...patch });
};

const create = async (body: Record<string, unknown>, headers: Record<string, string> = {}) => {
  const result = await post(postRegistrationEvent(body, headers), lambdaContext('create-registration'));
  expect(result.statusCode).toBe(201);
  return bodyOf(result) as { id: string; editToken: string } & Record<string, unknown>;
};

const reject = (id: string) =>
  reviewRegistration(deps, admin, {
    id,
    action: 'REJECT',
    body: { reason: 'Nomor SK tidak terbaca dengan jelas.' },
  });

const resubmit = async (id: string, body: unknown, headers: Record<string, string> = {}) => {
  const result = await put(
    apiEvent({
      method: 'PUT',
      path: `/registrations/${id}`,
      routeKey: 'PUT /registrations/{id}',
      pathParameters: { id },
      body,
      headers: { 'content-type': 'application/json', ...headers },
    }),
    lambdaContext('resubmit-registration'),
  );
  return { status: result.statusCode, body: bodyOf(result) };
};

/** The claims (`<village>#<normalised SK number>`) the table says `id` holds; each claim has one holder. */
const claimsHeldBy = async (id: string) => {
  const claims = claimsOf(await scanAll(client, tableName));
  expect(Object.values(claims).filter((holders) => holders.length !== 1)).toEqual([]);
  return Object.entries(claims)
    .filter(([, holders]) => holders.includes(id))
    .map(([claim]) => claim);
};

describe('PUT /registrations/{id} on DynamoDB Local', () => {
  it('lets the KIM correct its REJECTED registration with its edit token: SUBMITTED again, audited', async () => {
    const body = bodyWith();
    const { id, editToken } = await create(body);
    await reject(id);

    const { status, body: answer } = await resubmit(
      id,
      { ...body, name: 'KIM Dajan Peken Cerdas' },
      { 'x-edit-token': editToken },
    );

    expect(status).toBe(200);
    expect(answer).toMatchObject({ id, name: 'KIM Dajan Peken Cerdas', status: 'SUBMITTED' });
    expect(answer).not.toHaveProperty('officers');
    const stored = await deps.registrations.get(id, { consistent: true });
    expect(stored).toMatchObject({
      status: 'SUBMITTED',
      version: 3,
      name: 'KIM Dajan Peken Cerdas',
      countryCode: 'ID',
    });
    expect(stored).not.toHaveProperty('rejectionReason');
    expect((await deps.registrations.listHistory(id)).map((entry) => [entry.action, entry.actor])).toEqual([
      ['SUBMIT', { role: 'public' }],
      ['REJECT', { sub: admin.subject, username: admin.username, role: 'admin' }],
      ['RESUBMIT', { role: 'public' }],
    ]);
    const publicView = await getStatus(
      apiEvent({ method: 'GET', path: `/registrations/${id}`, pathParameters: { id } }),
      lambdaContext(),
    );
    expect(bodyOf(publicView).status).toBe('SUBMITTED');
  });

  it.each([
    ['without the header', {}, 'The X-Edit-Token header is required: the token received when registering.'],
    [
      'with a wrong token',
      { 'x-edit-token': 'A'.repeat(43) },
      'The edit token does not match this registration.',
    ],
    [
      'with an empty token',
      { 'x-edit-token': '' },
      'The X-Edit-Token header is required: the token received when registering.',
    ],
  ])('refuses a resubmission %s with 403 and changes nothing', async (_case, headers, messageEn) => {
    const body = bodyWith();
    const { id } = await create(body);
    await reject(id);
    const before = await deps.registrations.get(id, { consistent: true });

    const { status, body: answer } = await resubmit(id, body, headers);

    expect(status).toBe(403);
    expect(answer.messageEn).toBe(messageEn);
    expect(await deps.registrations.get(id, { consistent: true })).toEqual(before);
  });

  it('refuses the edit token of another registration', async () => {
    const body = bodyWith();
    const { id } = await create(body);
    const other = await create(bodyWith());
    await reject(id);

    const { status } = await resubmit(id, body, { 'x-edit-token': other.editToken });

    expect(status).toBe(403);
  });

  it.each([
    ['SUBMITTED', async (_id: string) => undefined],
    [
      'VERIFIED',
      async (id: string) => {
        await reviewRegistration(deps, admin, { id, action: 'VERIFY', body: undefined });
      },
    ],
  ])('refuses to resubmit a %s registration with 409 naming its status', async (status, bringTo) => {
    const body = bodyWith();
    const { id, editToken } = await create(body);
    await bringTo(id);

    const answer = await resubmit(id, body, { 'x-edit-token': editToken });

    expect(answer.status).toBe(409);
    expect(answer.body.currentStatus).toBe(status);
  });

  it('validates the body exactly like POST: 400 per field, 415, 413', async () => {
    const body = bodyWith();
    const { id, editToken } = await create(body);
    await reject(id);
    const token = { 'x-edit-token': editToken };

    const invalid = await resubmit(id, { ...body, memberCount: 101, villageCode: '51.02.05.2999' }, token);
    const outside = await resubmit(id, { ...body, villageCode: '51.71.01.1001' }, token);
    const plain = await resubmit(id, JSON.stringify(body), { ...token, 'content-type': 'text/plain' });
    const large = await resubmit(id, { ...body, name: 'K'.repeat(70_000) }, token);

    expect(invalid.status).toBe(400);
    expect((invalid.body.errors as Array<{ field: string }>).map((error) => error.field)).toEqual([
      'memberCount',
      'villageCode',
    ]);
    expect(outside.status).toBe(400);
    expect(plain.status).toBe(415);
    expect(large.status).toBe(413);
    expect(await deps.registrations.get(id, { consistent: true })).toMatchObject({
      status: 'REJECTED',
      version: 2,
    });
  });

  it('moves the duplicate claim when the SK number changes: the old number is free again, the new one taken', async () => {
    const body = bodyWith();
    const { id, editToken } = await create(body);
    await reject(id);
    const corrected = { ...body, sk: { number: `${counter}/KOREKSI/2025`, date: '2025-06-02' } };

    const { status } = await resubmit(id, corrected, { 'x-edit-token': editToken });

    expect(status).toBe(200);
    expect(await claimsHeldBy(id)).toEqual([`51.02.05.2006#${counter}/koreksi/2025`]);
    const again = await post(postRegistrationEvent(corrected), lambdaContext());
    expect(again.statusCode).toBe(409);
    expect(bodyOf(again).existingId).toBe(id);
    await create(body);
  });

  it('moves the claim and the listing indexes when the village changes', async () => {
    const body = bodyWith();
    const { id, editToken } = await create(body);
    await reject(id);

    const { status, body: answer } = await resubmit(
      id,
      { ...body, villageCode: '51.02.01.2001' },
      { 'x-edit-token': editToken },
    );

    expect(status).toBe(200);
    expect(answer).toMatchObject({
      villageCode: '51.02.01.2001',
      villageName: 'Bajera',
      districtCode: '51.02.01',
    });
    expect(await claimsHeldBy(id)).toEqual([`51.02.01.2001#${counter}/resubmit/2025`]);
    const listed = await deps.registrations.list({ regionCode: '51.02.01.2001', limit: 100 });
    expect(listed.items.map((item) => item.id)).toContain(id);
    const oldVillage = await deps.registrations.list({ regionCode: '51.02.05.2006', limit: 100 });
    expect(oldVillage.items.map((item) => item.id)).not.toContain(id);
  });

  it('refuses a correction onto the SK number of another registration with 409 naming it, and keeps everything as it was', async () => {
    const taken = bodyWith();
    const other = await create(taken);
    const body = bodyWith();
    const { id, editToken } = await create(body);
    await reject(id);
    const before = await deps.registrations.get(id, { consistent: true });

    const { status, body: answer } = await resubmit(
      id,
      { ...body, sk: taken.sk },
      { 'x-edit-token': editToken },
    );

    expect(status).toBe(409);
    expect(answer.existingId).toBe(other.id);
    expect(await deps.registrations.get(id, { consistent: true })).toEqual(before);
    expect(await claimsHeldBy(id)).toHaveLength(1);
    expect((await deps.registrations.listHistory(id)).map((entry) => entry.action)).toEqual([
      'SUBMIT',
      'REJECT',
    ]);
  });

  it('answers 404 for an unknown id', async () => {
    const { status } = await resubmit('01K0ZZZZZZZZZZZZZZZZZZZZZZ', bodyWith(), { 'x-edit-token': 'x' });

    expect(status).toBe(404);
  });
});

describe('the edit token and idempotent replays', () => {
  /** Every string anywhere inside a value (attribute values of all nesting levels). */
  const stringsIn = (value: unknown): string[] => {
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.flatMap(stringsIn);
    if (value !== null && typeof value === 'object') {
      return Object.entries(value).flatMap(([key, item]) => [key, ...stringsIn(item)]);
    }
    return [];
  };

  it('answers a replay with the same edit token, which works, and is stored in clear nowhere', async () => {
    const body = bodyWith();
    const key = `replay-${counter}-${Date.now()}`;

    const first = await create(body, { 'idempotency-key': key });
    const replay = await create(body, { 'idempotency-key': key });

    expect(replay.editToken).toBe(first.editToken);
    expect(replay).toEqual(first);
    const strings = (await scanAll(client, tableName)).flatMap(stringsIn);
    expect(strings.length).toBeGreaterThan(1000);
    expect(strings.filter((value) => value.includes(first.editToken))).toEqual([]);
    expect(strings.filter((value) => value.includes(key))).toEqual([]);
    await reject(first.id);
    expect((await resubmit(first.id, body, { 'x-edit-token': replay.editToken })).status).toBe(200);
  });
});

describe('logs of the resubmission', () => {
  it('name no person of the fixture and no edit token', () => {
    const lines = output.lines();

    expect(lines.some((line) => line.includes('Registration resubmitted'))).toBe(true);
    for (const value of personalDataOfFixture) {
      expect(lines.filter((line) => line.includes(value))).toEqual([]);
    }
    expect(lines.filter((line) => /"editToken"|x-edit-token/i.test(line))).toEqual([]);
  });
});
