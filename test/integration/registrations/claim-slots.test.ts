import { ulid } from 'ulid';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { IdempotencyKeyReuseError } from '../../../shared/platform/errors.js';
import { DynamoDbRegionStore } from '../../../shared/regions/dynamodb/region-store.js';
import { writeRegions } from '../../../shared/regions/dynamodb/region-writer.js';
import { loadScopeRegions } from '../../../shared/regions/master-data.js';
import { claimSlot } from '../../../shared/registrations/dynamodb/items.js';
import { DynamoDbRegistrationQueryRepository } from '../../../shared/registrations/dynamodb/query-repository.js';
import { DynamoDbRegistrationRepository } from '../../../shared/registrations/dynamodb/registration-repository.js';
import { DynamoDbRegistrationResubmissionRepository } from '../../../shared/registrations/dynamodb/resubmission-repository.js';
import { DuplicateRegistrationError } from '../../../shared/registrations/errors.js';
import { submitRegistration } from '../../../shared/registrations/submit-registration.js';
import { fixedClock } from '../../fixtures/clock.js';
import {
  claimsOf,
  countByType,
  createTestTable,
  localDynamoDbClient,
  scanAll,
} from '../../fixtures/dynamodb.js';
import { registrationBodyWith } from '../../fixtures/registration-body.js';
import { moveRegistration } from '../../fixtures/resubmission.js';

// The paths of a one-write intake that the everyday tests do not reach: a claim whose slot holds a
// registration that moved away, a claim taken by a correction into a free slot, and the SUBMIT
// audit entry derived from the registration item.

const client = localDynamoDbClient(inject('dynamoEndpoint'));
// Now: DynamoDB Local deletes idempotency records whose TTL has passed.
const clock = fixedClock(new Date().toISOString());
let regions: Awaited<ReturnType<typeof loadScopeRegions>>;

beforeAll(async () => {
  regions = await loadScopeRegions('51.02');
});

const VILLAGE = '51.02.05.2006';

const seeded = async () => {
  const tableName = await createTestTable(client, 'kim-claim-slots');
  await writeRegions(client, tableName, regions);
  const registrations = new DynamoDbRegistrationRepository(client, tableName);
  return {
    tableName,
    registrations,
    resubmissions: new DynamoDbRegistrationResubmissionRepository(client, tableName),
    queries: new DynamoDbRegistrationQueryRepository(client, tableName),
    deps: {
      registrations,
      regions: new DynamoDbRegionStore(client, tableName),
      clock,
      newId: ulid,
      scope: '51.02',
    },
  };
};

type Seeded = Awaited<ReturnType<typeof seeded>>;

const body = (skNumber: string, patch: Record<string, unknown> = {}) =>
  registrationBodyWith({ sk: { number: skNumber, date: '2025-06-02' }, ...patch });

const submit = (store: Seeded, skNumber: string, idempotencyKey?: string, patch?: Record<string, unknown>) =>
  submitRegistration(store.deps, { body: body(skNumber, patch), idempotencyKey });

/** Moves a stored registration to another SK number (and village), as a correction does. */
const move = (store: Seeded, id: string, skNumber: string, villageCode = VILLAGE) =>
  moveRegistration(store.resubmissions, id, skNumber, villageCode);

const claimsIn = async (store: Seeded) => claimsOf(await scanAll(client, store.tableName));

/** The outcomes of racing submissions: ids created, and the existing ids the 409s named. */
const settle = async (attempts: ReadonlyArray<Promise<{ registration: { id: string } }>>) => {
  const results = await Promise.allSettled(attempts);
  const created = results.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value.registration.id] : [],
  );
  const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
  expect(refused.every((error) => error instanceof DuplicateRegistrationError)).toBe(true);
  return { created, named: new Set(refused.map((error: DuplicateRegistrationError) => error.existingId)) };
};

describe('claims decided at one slot (DynamoDB Local)', () => {
  it('stores a new registration as its own claim: its id ends with the claim slot, its SUBMIT entry is the item itself', async () => {
    const store = await seeded();

    const { registration } = await submit(store, '12/SLOT/2025');

    const slot = claimSlot(VILLAGE, '12/slot/2025');
    expect(registration.id.slice(-16)).toBe(slot);
    const items = await scanAll(client, store.tableName);
    const { REGION: _regions, ...written } = countByType(items);
    expect(written).toEqual({ REGISTRATION: 1 });
    expect(items.find((item) => item.type === 'REGISTRATION')).toMatchObject({
      PK: `REG#${slot}`,
      SK: 'REG',
    });
    expect(await store.queries.listHistory(registration.id)).toEqual([
      {
        id: registration.id,
        at: registration.submittedAt,
        actor: { role: 'public' },
        action: 'SUBMIT',
        fromStatus: null,
        toStatus: 'SUBMITTED',
        reason: null,
      },
    ]);
  });

  it('finds nothing under an id that shares the slot but not the time part', async () => {
    const store = await seeded();
    const { registration } = await submit(store, '13/SLOT/2025');
    const forged = `01ARZ3NDEK${registration.id.slice(10)}`;

    expect(forged).not.toBe(registration.id);
    expect(await store.registrations.get(forged)).toBeUndefined();
    expect(await store.resubmissions.get(forged, { consistent: true })).toBeUndefined();
    expect(await store.queries.listHistory(forged)).toEqual([]);
  });

  it('gives a claim freed by a correction to exactly one of 20 concurrent submissions, stored beside the slot', async () => {
    const store = await seeded();
    const first = await submit(store, '20/AWAL/2025');
    expect(await move(store, first.registration.id, '20/PINDAH/2025')).toEqual({ kind: 'resubmitted' });

    const { created, named } = await settle(Array.from({ length: 20 }, () => submit(store, '20/AWAL/2025')));

    expect(created).toHaveLength(1);
    expect(named).toEqual(new Set(created));
    const newcomer = created[0] ?? '';
    // The slot holds the registration that moved away: the newcomer lives at its own random slot.
    expect(newcomer.slice(-16)).not.toBe(claimSlot(VILLAGE, '20/awal/2025'));
    expect(await store.registrations.get(newcomer)).toMatchObject({ skNumberNormalized: '20/awal/2025' });
    expect(await claimsIn(store)).toEqual({
      [`${VILLAGE}#20/awal/2025`]: [newcomer],
      [`${VILLAGE}#20/pindah/2025`]: [first.registration.id],
    });
    const items = await scanAll(client, store.tableName);
    expect(items.find((item) => item.id === first.registration.id)?.claimHolder).toBe(newcomer);
    // The move took a free claim with a thin claim item; only its RESUBMIT entry is stored, the
    // SUBMIT entries being the registration items.
    const { REGION: _regions, ...written } = countByType(items);
    expect(written).toEqual({ REGISTRATION: 2, SK_CLAIM: 1, HISTORY: 1 });
  });

  it('lets exactly one win when a registration moves back to its own claim while 10 newcomers submit it', async () => {
    const store = await seeded();
    const first = await submit(store, '30/AWAL/2025');
    await move(store, first.registration.id, '30/PINDAH/2025');

    const [back, ...newcomers] = await Promise.allSettled([
      move(store, first.registration.id, '30/AWAL/2025'),
      ...Array.from({ length: 10 }, () => submit(store, '30/AWAL/2025')),
    ]);

    const created = newcomers.flatMap((result) =>
      result.status === 'fulfilled' ? [result.value.registration.id] : [],
    );
    const movedBack = back?.status === 'fulfilled' && back.value.kind === 'resubmitted';
    expect(created.length + (movedBack ? 1 : 0)).toBe(1);
    const holder = movedBack ? first.registration.id : created[0];
    const claims = await claimsIn(store);
    expect(claims[`${VILLAGE}#30/awal/2025`]).toEqual([holder]);
    expect(Object.values(claims).every((holders) => holders.length === 1)).toBe(true);
    if (!movedBack) {
      expect(back?.status === 'fulfilled' && back.value).toEqual({ kind: 'duplicate', existingId: holder });
      expect(claims[`${VILLAGE}#30/pindah/2025`]).toEqual([first.registration.id]);
    }
  });

  it('takes a free claim with a thin claim item, refuses newcomers on it, and frees it again on the next move', async () => {
    const store = await seeded();
    const first = await submit(store, '40/AWAL/2025');
    const id = first.registration.id;

    await move(store, id, '40/BARU/2025', '51.02.01.2001');

    const thinSlot = claimSlot('51.02.01.2001', '40/baru/2025');
    const thin = (await scanAll(client, store.tableName)).find((item) => item.PK === `REG#${thinSlot}`);
    expect(thin).toEqual({ PK: `REG#${thinSlot}`, SK: 'REG', type: 'SK_CLAIM', claimHolder: id });
    const refused = submit(store, '40/BARU/2025', undefined, { villageCode: '51.02.01.2001' });
    await expect(refused).rejects.toMatchObject({ existingId: id });
    // The claim it left is free, at the slot of its own item.
    const newcomer = await submit(store, '40/AWAL/2025');

    await move(store, id, '40/LAGI/2025', '51.02.01.2001');

    const again = await submit(store, '40/BARU/2025', undefined, { villageCode: '51.02.01.2001' });
    expect(await claimsIn(store)).toEqual({
      [`${VILLAGE}#40/awal/2025`]: [newcomer.registration.id],
      '51.02.01.2001#40/baru/2025': [again.registration.id],
      '51.02.01.2001#40/lagi/2025': [id],
    });
  });

  it('replays a key byte for byte and refuses it with another body when the claim was stored beside its slot', async () => {
    const store = await seeded();
    const first = await submit(store, '50/AWAL/2025');
    await move(store, first.registration.id, '50/PINDAH/2025');
    const before = await scanAll(client, store.tableName);

    const results = await Promise.all(
      Array.from({ length: 10 }, () => submit(store, '50/AWAL/2025', 'beside-1')),
    );
    const other = submit(store, '50/LAIN/2025', 'beside-1');

    await expect(other).rejects.toThrow(IdempotencyKeyReuseError);
    expect(new Set(results.map((result) => JSON.stringify(result.registration))).size).toBe(1);
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    const after = await scanAll(client, store.tableName);
    expect(countByType(after).REGISTRATION).toBe((countByType(before).REGISTRATION ?? 0) + 1);
    expect(countByType(after).IDEMPOTENCY).toBe(1);
    expect((await claimsIn(store))[`${VILLAGE}#50/lain/2025`]).toBeUndefined();
  });
});
