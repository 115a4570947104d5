import { ulid } from 'ulid';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { PutItemCommand } from '../../../shared/platform/dynamodb/client.js';
import { IdempotencyKeyReuseError } from '../../../shared/platform/errors.js';
import { DynamoDbRegionStore } from '../../../shared/regions/dynamodb/region-store.js';
import { writeRegions } from '../../../shared/regions/dynamodb/region-writer.js';
import { loadScopeRegions } from '../../../shared/regions/master-data.js';
import { claimSlot } from '../../../shared/registrations/dynamodb/items.js';
import { DynamoDbRegistrationQueryRepository } from '../../../shared/registrations/dynamodb/query-repository.js';
import { DynamoDbRegistrationRepository } from '../../../shared/registrations/dynamodb/registration-repository.js';
import { DynamoDbRegistrationResubmissionRepository } from '../../../shared/registrations/dynamodb/resubmission-repository.js';
import { sha256Hex } from '../../../shared/registrations/edit-token.js';
import { DuplicateRegistrationError } from '../../../shared/registrations/errors.js';
import {
  type SubmitRegistrationResult,
  submitRegistration,
} from '../../../shared/registrations/submit-registration.js';
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

// The keyed intake writes the Idempotency-Key's record and then the registration, two conditional
// PutItems without a transaction. These are the interleavings that order allows: a request that
// stops between the two writes, identical requests racing each other and such a stopped one, a key
// reused with another body while the first is in flight, and a claim refused or moved meanwhile.

const endpoint = inject('dynamoEndpoint');
const client = localDynamoDbClient(endpoint);
// Now: DynamoDB Local deletes idempotency records whose TTL has passed.
const clock = fixedClock(new Date().toISOString());
let regions: Awaited<ReturnType<typeof loadScopeRegions>>;

beforeAll(async () => {
  regions = await loadScopeRegions('51.02');
});

const VILLAGE = '51.02.05.2006';

/**
 * A client that stops the way a Lambda does when it dies between the two writes: its first
 * `failures` PutItems of a registration fail before reaching DynamoDB; everything else goes through.
 */
const stoppingClient = (failures: number) => {
  const stopping = localDynamoDbClient(endpoint);
  const send = stopping.send.bind(stopping) as (command: unknown) => Promise<unknown>;
  let left = failures;
  stopping.send = ((command: unknown) => {
    if (command instanceof PutItemCommand && command.input.Item?.type?.S === 'REGISTRATION' && left-- > 0) {
      return Promise.reject(new Error('the function stopped before writing the registration'));
    }
    return send(command);
  }) as typeof stopping.send;
  return stopping;
};

const seeded = async () => {
  const tableName = await createTestTable(client, 'kim-keyed-intake');
  await writeRegions(client, tableName, regions);
  const depsWith = (dynamo = client) => ({
    registrations: new DynamoDbRegistrationRepository(dynamo, tableName),
    regions: new DynamoDbRegionStore(dynamo, tableName),
    clock,
    newId: ulid,
    scope: '51.02',
  });
  return {
    tableName,
    deps: depsWith(),
    depsWith,
    registrations: new DynamoDbRegistrationRepository(client, tableName),
    resubmissions: new DynamoDbRegistrationResubmissionRepository(client, tableName),
    queries: new DynamoDbRegistrationQueryRepository(client, tableName),
  };
};

type Seeded = Awaited<ReturnType<typeof seeded>>;

const body = (skNumber: string, patch: Record<string, unknown> = {}) =>
  registrationBodyWith({ sk: { number: skNumber, date: '2025-06-02' }, ...patch });

const written = async (store: Seeded) => {
  const { REGION: _regions, ...others } = countByType(await scanAll(client, store.tableName));
  return others;
};

const claimsIn = async (store: Seeded) => claimsOf(await scanAll(client, store.tableName));

/** Moves a stored registration to another SK number, as a correction does. */
const move = async (store: Seeded, id: string, skNumber: string) => {
  expect(await moveRegistration(store.resubmissions, id, skNumber)).toEqual({ kind: 'resubmitted' });
};

const answers = (results: readonly SubmitRegistrationResult[]) =>
  new Set(results.map((result) => JSON.stringify(result.registration)));

describe('keyed intake: the record, then the registration (DynamoDB Local)', () => {
  it('completes a request that stopped after writing its record: the retry stores it, later retries replay it', async () => {
    const store = await seeded();

    const stopped = submitRegistration(store.depsWith(stoppingClient(1)), {
      body: body('40/HENTI/2025'),
      idempotencyKey: 'stopped-1',
    });
    await expect(stopped).rejects.toThrow('stopped before writing');
    expect(await written(store)).toEqual({ IDEMPOTENCY: 1 });

    const retry = await submitRegistration(store.deps, {
      body: body('40/HENTI/2025'),
      idempotencyKey: 'stopped-1',
    });
    const again = await submitRegistration(store.deps, {
      body: body('40/HENTI/2025'),
      idempotencyKey: 'stopped-1',
    });

    expect(retry.replayed).toBe(true);
    expect(JSON.stringify(again.registration)).toBe(JSON.stringify(retry.registration));
    expect(await written(store)).toEqual({ REGISTRATION: 1, IDEMPOTENCY: 1 });
    const stored = await store.registrations.get(retry.registration.id, { consistent: true });
    // The edit token the retry answers is the one the stopped request sealed into its record.
    expect(stored?.editTokenHash).toBe(sha256Hex(retry.registration.editToken));
    expect(stored).toMatchObject({
      submittedAt: retry.registration.submittedAt,
      skNumberNormalized: '40/henti/2025',
      status: 'SUBMITTED',
      version: 1,
    });
    expect(await store.queries.listHistory(retry.registration.id)).toMatchObject([
      { action: 'SUBMIT', at: retry.registration.submittedAt, toStatus: 'SUBMITTED' },
    ]);
  });

  it('stores one registration when 20 identical retries race a request that stopped after its record', async () => {
    const store = await seeded();
    await expect(
      submitRegistration(store.depsWith(stoppingClient(1)), {
        body: body('41/HENTI/2025'),
        idempotencyKey: 'stopped-2',
      }),
    ).rejects.toThrow('stopped before writing');

    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        submitRegistration(store.deps, { body: body('41/HENTI/2025'), idempotencyKey: 'stopped-2' }),
      ),
    );

    expect(answers(results).size).toBe(1);
    expect(results.every((result) => result.replayed)).toBe(true);
    expect(await written(store)).toEqual({ REGISTRATION: 1, IDEMPOTENCY: 1 });
    expect(await claimsIn(store)).toEqual({ [`${VILLAGE}#41/henti/2025`]: [results[0]?.registration.id] });
  });

  it('answers 409 to the retry of a stopped request whose claim was taken meanwhile, and leaves no record', async () => {
    const store = await seeded();
    await expect(
      submitRegistration(store.depsWith(stoppingClient(1)), {
        body: body('42/HENTI/2025'),
        idempotencyKey: 'stopped-3',
      }),
    ).rejects.toThrow('stopped before writing');
    const other = await submitRegistration(store.deps, {
      body: body('42/HENTI/2025'),
      idempotencyKey: 'other-3',
    });

    const retry = submitRegistration(store.deps, {
      body: body('42/HENTI/2025'),
      idempotencyKey: 'stopped-3',
    });

    await expect(retry).rejects.toThrow(DuplicateRegistrationError);
    await expect(retry).rejects.toMatchObject({ existingId: other.registration.id });
    expect(await written(store)).toEqual({ REGISTRATION: 1, IDEMPOTENCY: 1 });
    // The key is free again: sent with a corrected SK number, it registers.
    const corrected = await submitRegistration(store.deps, {
      body: body('43/HENTI/2025'),
      idempotencyKey: 'stopped-3',
    });
    expect(corrected.replayed).toBe(false);
    expect(await written(store)).toEqual({ REGISTRATION: 2, IDEMPOTENCY: 2 });
  });

  it('with one key and two bodies racing (10 each): one registration, its body answered alike, the other 422', async () => {
    const store = await seeded();

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        submitRegistration(store.deps, {
          body: body(index % 2 === 0 ? '44/SATU/2025' : '44/DUA/2025'),
          idempotencyKey: 'contested-1',
        }),
      ),
    );

    const created = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(created).toHaveLength(10);
    expect(answers(created).size).toBe(1);
    expect(created.filter((result) => !result.replayed)).toHaveLength(1);
    expect(refused).toHaveLength(10);
    expect(refused.every((error) => error instanceof IdempotencyKeyReuseError)).toBe(true);
    expect(await written(store)).toEqual({ REGISTRATION: 1, IDEMPOTENCY: 1 });
  });

  it('with two keys for one village and SK number racing (10 each): one registration, the other key 409 and no record of it', async () => {
    const store = await seeded();

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        submitRegistration(store.deps, {
          body: body('45/SAMA/2025', { name: index % 2 === 0 ? 'KIM Satu' : 'KIM Dua' }),
          idempotencyKey: index % 2 === 0 ? 'first-key' : 'second-key',
        }),
      ),
    );

    const created = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(created).toHaveLength(10);
    expect(answers(created).size).toBe(1);
    expect(refused).toHaveLength(10);
    expect(refused.every((error) => error instanceof DuplicateRegistrationError)).toBe(true);
    expect(new Set(refused.map((error: DuplicateRegistrationError) => error.existingId))).toEqual(
      new Set([created[0]?.registration.id]),
    );
    expect(await written(store)).toEqual({ REGISTRATION: 1, IDEMPOTENCY: 1 });
  });

  it('stores a keyed registration beside a slot whose registration moved away, and replays it with its own id', async () => {
    const store = await seeded();
    const first = await submitRegistration(store.deps, { body: body('46/AWAL/2025') });
    await move(store, first.registration.id, '46/PINDAH/2025');

    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        submitRegistration(store.deps, { body: body('46/AWAL/2025'), idempotencyKey: 'beside-1' }),
      ),
    );
    const replay = await submitRegistration(store.deps, {
      body: body('46/AWAL/2025'),
      idempotencyKey: 'beside-1',
    });

    expect(answers([...results, replay]).size).toBe(1);
    const newcomer = replay.registration.id;
    expect(newcomer.slice(-16)).not.toBe(claimSlot(VILLAGE, '46/awal/2025'));
    expect(await claimsIn(store)).toEqual({
      [`${VILLAGE}#46/awal/2025`]: [newcomer],
      [`${VILLAGE}#46/pindah/2025`]: [first.registration.id],
    });
    expect(await written(store)).toEqual({ REGISTRATION: 2, SK_CLAIM: 1, HISTORY: 1, IDEMPOTENCY: 1 });
  });

  it('replays a keyed registration that has since moved to another SK number, storing nothing more', async () => {
    const store = await seeded();
    const first = await submitRegistration(store.deps, {
      body: body('47/AWAL/2025'),
      idempotencyKey: 'moved-1',
    });
    await move(store, first.registration.id, '47/PINDAH/2025');
    const before = await written(store);

    const replay = await submitRegistration(store.deps, {
      body: body('47/AWAL/2025'),
      idempotencyKey: 'moved-1',
    });

    expect(JSON.stringify(replay.registration)).toBe(JSON.stringify(first.registration));
    expect(await written(store)).toEqual(before);
    expect(await claimsIn(store)).toEqual({ [`${VILLAGE}#47/pindah/2025`]: [first.registration.id] });
  });
});
