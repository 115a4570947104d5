import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { principalFromClaims } from '../../../shared/auth/principal.js';
import { httpHandler } from '../../../shared/platform/http/handler.js';
import type { Registration } from '../../../shared/registrations/registration.js';
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
const { registrationProfile } = await import('../../../functions/registrations/registration-profile.js');

const client = localDynamoDbClient(inject('dynamoEndpoint'));
let tableName: string;
let deps: ReturnType<typeof tableDeps>;
let post: ReturnType<typeof httpHandler>;
let profileApi: ReturnType<typeof httpHandler>;
let output: CapturedOutput;
let counter = 0;
const admin = principalFromClaims(adminClaims(), '51.02');

beforeAll(async () => {
  output = captureOutput();
  tableName = await seededTable(client, 'kim-profile');
  deps = tableDeps(client, tableName);
  post = httpHandler(createRegistration(deps));
  profileApi = httpHandler(registrationProfile(deps));
});
afterAll(() => {
  output.restore();
});

/** A fixture body with its own SK number, so tests never collide. */
const bodyWith = (patch: Record<string, unknown> = {}) => {
  counter++;
  return registrationBodyWith({ sk: { number: `${counter}/PROFIL/2025`, date: '2025-06-02' }, ...patch });
};

const create = async (body: Record<string, unknown>) => {
  const result = await post(postRegistrationEvent(body), lambdaContext('create-registration'));
  expect(result.statusCode).toBe(201);
  return bodyOf(result) as { id: string; editToken: string } & Record<string, unknown>;
};

const verify = (id: string) => reviewRegistration(deps, admin, { id, action: 'VERIFY', body: undefined });

const call = async (
  method: 'GET' | 'PATCH',
  id: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const result = await profileApi(
    apiEvent({
      method,
      path: `/registrations/${id}/profile`,
      routeKey: `${method} /registrations/{id}/profile`,
      pathParameters: { id },
      ...(body === undefined ? {} : { body }),
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    }),
    lambdaContext('registration-profile'),
  );
  return { status: result.statusCode, body: bodyOf(result) };
};

const patch = (id: string, editToken: string, body: unknown) =>
  call('PATCH', id, body, { 'x-edit-token': editToken });

const stored = (id: string) => deps.registrations.get(id, { consistent: true });

/** Everything of the table that a refused request must leave as it was. */
const snapshot = async () => JSON.stringify(await scanAll(client, tableName));

const claimsHeldBy = async (id: string) => {
  const claims = claimsOf(await scanAll(client, tableName));
  expect(Object.values(claims).filter((holders) => holders.length !== 1)).toEqual([]);
  return Object.entries(claims)
    .filter(([, holders]) => holders.includes(id))
    .map(([claim]) => claim);
};

/** A VERIFIED registration (version 2) and its edit token. */
const verifiedKim = async (body = bodyWith()) => {
  const created = await create(body);
  await verify(created.id);
  return { ...created, body };
};

describe('GET/PATCH /registrations/{id}/profile on DynamoDB Local', () => {
  it('reads the profile with its version, then updates the media of a VERIFIED KIM: still VERIFIED, audited', async () => {
    const { id, editToken } = await verifiedKim();

    const read = await call('GET', id, undefined, { 'x-edit-token': editToken });
    const media = [{ type: 'WEBSITE', url: 'https://kimdajanpeken.desa.id' }];
    const { status, body } = await patch(id, editToken, { version: read.body.version, media });

    expect(read).toMatchObject({ status: 200, body: { id, status: 'VERIFIED', version: 2 } });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'VERIFIED',
      version: 3,
      media,
      changedFields: ['media'],
      backToReview: false,
    });
    expect(await stored(id)).toMatchObject({
      status: 'VERIFIED',
      version: 3,
      media,
      reviewedBy: { role: 'admin' },
    });
    const history = await deps.registrations.listHistory(id);
    expect(
      history.map((entry) => [entry.action, entry.fromStatus, entry.toStatus, entry.changedFields]),
    ).toEqual([
      ['SUBMIT', null, 'SUBMITTED', undefined],
      ['VERIFY', 'SUBMITTED', 'VERIFIED', undefined],
      ['UPDATE_PROFILE', 'VERIFIED', 'VERIFIED', ['media']],
    ]);
  });

  it('sends a renamed VERIFIED KIM back to review, its review facts dropped', async () => {
    const { id, editToken } = await verifiedKim();

    const { status, body } = await patch(id, editToken, { version: 2, name: 'KIM Dajan Peken Cerdas' });

    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'SUBMITTED',
      version: 3,
      backToReview: true,
      changedFields: ['name'],
    });
    const after = (await stored(id)) as Registration;
    expect(after).toMatchObject({ status: 'SUBMITTED', name: 'KIM Dajan Peken Cerdas' });
    expect(after).not.toHaveProperty('reviewedAt');
    expect(after).not.toHaveProperty('reviewedBy');
    const listed = await deps.registrations.list({
      regionCode: '51.02.05.2006',
      status: 'SUBMITTED',
      limit: 100,
    });
    expect(listed.items.map((item) => item.id)).toContain(id);
    expect((await deps.registrations.listHistory(id)).at(-1)).toMatchObject({
      action: 'UPDATE_PROFILE',
      actor: { role: 'public' },
      fromStatus: 'VERIFIED',
      toStatus: 'SUBMITTED',
      changedFields: ['name'],
    });
  });

  it('moves the duplicate claim with the SK number: the old number is free again, the new one taken', async () => {
    const { id, editToken, body } = await verifiedKim();
    const sk = { number: `${counter}/BARU/2025`, date: '2025-06-02' };

    const { status, body: answer } = await patch(id, editToken, { version: 2, sk });

    expect(status).toBe(200);
    expect(answer).toMatchObject({ status: 'SUBMITTED', changedFields: ['sk.number'], backToReview: true });
    expect(await claimsHeldBy(id)).toEqual([`51.02.05.2006#${counter}/baru/2025`]);
    const again = await post(postRegistrationEvent({ ...body, sk }), lambdaContext());
    expect(again.statusCode).toBe(409);
    expect(bodyOf(again).existingId).toBe(id);
    await create(body);
  });

  it('moves the claim and the listing indexes with the village', async () => {
    const { id, editToken } = await verifiedKim();

    const { status, body } = await patch(id, editToken, { version: 2, villageCode: '51.02.01.2001' });

    expect(status).toBe(200);
    expect(body).toMatchObject({
      villageCode: '51.02.01.2001',
      villageName: 'Bajera',
      districtCode: '51.02.01',
    });
    expect(await claimsHeldBy(id)).toEqual([`51.02.01.2001#${counter}/profil/2025`]);
    const moved = await deps.registrations.list({ regionCode: '51.02.01.2001', limit: 100 });
    expect(moved.items.map((item) => item.id)).toContain(id);
    const left = await deps.registrations.list({ regionCode: '51.02.05.2006', limit: 100 });
    expect(left.items.map((item) => item.id)).not.toContain(id);
  });

  it('refuses the SK number of another registration in the village with 409 naming it, and writes nothing', async () => {
    const taken = bodyWith();
    const other = await create(taken);
    const { id, editToken } = await verifiedKim();
    const before = await snapshot();

    const { status, body } = await patch(id, editToken, { version: 2, sk: taken.sk });

    expect(status).toBe(409);
    expect(body.existingId).toBe(other.id);
    expect(await snapshot()).toBe(before);
  });

  it('lets one of two updates based on the same version through, and answers the other 409', async () => {
    const { id, editToken } = await verifiedKim();

    const answers = await Promise.all([
      patch(id, editToken, { version: 2, memberCount: 20 }),
      patch(id, editToken, { version: 2, memberCount: 25 }),
    ]);
    const late = await patch(id, editToken, { version: 2, memberCount: 30 });

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const winner = answers.find((answer) => answer.status === 200)?.body;
    expect(await stored(id)).toMatchObject({ version: 3, memberCount: winner?.memberCount });
    expect(late).toMatchObject({ status: 409, body: { currentStatus: 'VERIFIED', currentVersion: '3' } });
    expect(
      (await deps.registrations.listHistory(id)).filter((entry) => entry.action === 'UPDATE_PROFILE'),
    ).toHaveLength(1);
  });

  it('writes nothing for an update that changes nothing, nor for any refused one', async () => {
    const { id, editToken, body } = await verifiedKim();
    const deactivated = await verifiedKim();
    await reviewRegistration(deps, admin, {
      id: deactivated.id,
      action: 'DEACTIVATE',
      body: { reason: 'KIM sudah tidak aktif lagi.' },
    });
    const before = await snapshot();

    const answers = [
      await patch(id, editToken, { version: 2, name: body.name, focusAreas: body.focusAreas }),
      await patch(id, editToken, { version: 2, memberCount: 101, villageCode: '51.71.01.1001' }),
      await patch(id, editToken, { version: 2, contact: { email: 'baru@example.id' } }),
      await patch(id, editToken, { version: 1, memberCount: 20 }),
      await patch(id, 'A'.repeat(43), { version: 2, memberCount: 20 }),
      await call('PATCH', id, { version: 2, memberCount: 20 }),
      await patch(deactivated.id, deactivated.editToken, { version: 3, memberCount: 20 }),
      await patch('01K0ZZZZZZZZZZZZZZZZZZZZZZ', editToken, { version: 1 }),
      await patch(id, editToken, { version: 2, name: 'K'.repeat(70_000) }),
    ];

    expect(answers.map((answer) => answer.status)).toEqual([200, 400, 400, 409, 403, 403, 409, 404, 413]);
    expect(answers[0]?.body).toMatchObject({ changedFields: [], version: 2 });
    expect(((answers[1]?.body.errors ?? []) as Array<{ field: string }>).map((error) => error.field)).toEqual(
      ['memberCount', 'villageCode'],
    );
    expect(answers[6]?.body.currentStatus).toBe('DEACTIVATED');
    expect(await snapshot()).toBe(before);
  });

  it('refuses a REJECTED registration with 409 pointing to the correction', async () => {
    const { id, editToken } = await create(bodyWith());
    await reviewRegistration(deps, admin, {
      id,
      action: 'REJECT',
      body: { reason: 'Nomor SK tidak terbaca dengan jelas.' },
    });

    const { status, body } = await patch(id, editToken, { version: 2, memberCount: 20 });

    expect(status).toBe(409);
    expect(body).toMatchObject({ currentStatus: 'REJECTED' });
    expect(String(body.messageEn)).toContain('PUT /registrations/{id}');
  });
});

describe('logs of the profile updates', () => {
  it('name the changed fields, and no person of the fixture and no edit token', () => {
    const lines = output.lines();

    expect(lines.some((line) => line.includes('Profile updated') && line.includes('"changedFields"'))).toBe(
      true,
    );
    for (const value of personalDataOfFixture) {
      expect(lines.filter((line) => line.includes(value))).toEqual([]);
    }
    expect(lines.filter((line) => /"editToken"|x-edit-token/i.test(line))).toEqual([]);
  });
});
