import { ulid } from 'ulid';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { IdempotencyKeyReuseError, ValidationError } from '../../../shared/platform/errors.js';
import { DynamoDbRegionStore } from '../../../shared/regions/dynamodb/region-store.js';
import { writeRegions } from '../../../shared/regions/dynamodb/region-writer.js';
import { loadScopeRegions } from '../../../shared/regions/master-data.js';
import { DynamoDbRegistrationRepository } from '../../../shared/registrations/dynamodb/registration-repository.js';
import { DuplicateRegistrationError } from '../../../shared/registrations/errors.js';
import {
  type SubmitRegistrationDeps,
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
import { registrationBody, registrationBodyWith } from '../../fixtures/registration-body.js';

const client = localDynamoDbClient(inject('dynamoEndpoint'));
// Now, not a date in the past: DynamoDB Local deletes idempotency records whose TTL has passed.
const clock = fixedClock(new Date().toISOString());
let regions: Awaited<ReturnType<typeof loadScopeRegions>>;

beforeAll(async () => {
  regions = await loadScopeRegions('51.02');
});

/** A table seeded with Kabupaten Tabanan and the use case's ports over it. */
const seededDeps = async (): Promise<{ deps: SubmitRegistrationDeps; tableName: string }> => {
  const tableName = await createTestTable(client, 'kim-submit');
  await writeRegions(client, tableName, regions);
  return {
    tableName,
    deps: {
      registrations: new DynamoDbRegistrationRepository(client, tableName),
      regions: new DynamoDbRegionStore(client, tableName),
      clock,
      newId: ulid,
      scope: '51.02',
    },
  };
};

/** The fixture body's duplicate claim, as `claimsOf` names it. */
const FIXTURE_CLAIM = '51.02.05.2006#141/12/dp/2025';

const claimsIn = async (tableName: string) => claimsOf(await scanAll(client, tableName));

const nonRegionItems = async (tableName: string) => {
  const { REGION: _regions, ...others } = countByType(await scanAll(client, tableName));
  return others;
};

describe('submitRegistration against DynamoDB Local', () => {
  it('registers the fixture and refuses it again as a duplicate naming the first id', async () => {
    const { deps, tableName } = await seededDeps();

    const first = await submitRegistration(deps, { body: registrationBody() });
    const again = submitRegistration(deps, {
      body: registrationBodyWith({ sk: { number: '141/12/dp/2025  ', date: '2025-06-02' } }),
    });

    await expect(again).rejects.toThrow(DuplicateRegistrationError);
    await expect(again).rejects.toMatchObject({ existingId: first.registration.id });
    expect(first.registration).toMatchObject({ status: 'SUBMITTED', villageName: 'Dajan Peken' });
    expect(await nonRegionItems(tableName)).toEqual({ REGISTRATION: 1 });
    expect(await claimsIn(tableName)).toEqual({ [FIXTURE_CLAIM]: [first.registration.id] });
  });

  it('replays the same Idempotency-Key and body byte for byte, and refuses another body with it', async () => {
    const { deps, tableName } = await seededDeps();

    const first = await submitRegistration(deps, { body: registrationBody(), idempotencyKey: 'retry-1' });
    const replay = await submitRegistration(deps, { body: registrationBody(), idempotencyKey: 'retry-1' });
    const other = submitRegistration(deps, {
      body: registrationBodyWith({ memberCount: 30 }),
      idempotencyKey: 'retry-1',
    });

    await expect(other).rejects.toThrow(IdempotencyKeyReuseError);
    expect(replay.replayed).toBe(true);
    expect(JSON.stringify(replay.registration)).toBe(JSON.stringify(first.registration));
    expect(await nonRegionItems(tableName)).toEqual({ REGISTRATION: 1, IDEMPOTENCY: 1 });
    expect(await claimsIn(tableName)).toEqual({ [FIXTURE_CLAIM]: [first.registration.id] });
  });

  it('creates one registration from 50 identical concurrent submissions; the other 49 are duplicates of it', async () => {
    const { deps, tableName } = await seededDeps();

    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => submitRegistration(deps, { body: registrationBody() })),
    );

    const created = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(49);
    expect(refused.every((error) => error instanceof DuplicateRegistrationError)).toBe(true);
    expect(new Set(refused.map((error: DuplicateRegistrationError) => error.existingId))).toEqual(
      new Set([created[0]?.registration.id]),
    );
    expect(await nonRegionItems(tableName)).toEqual({ REGISTRATION: 1 });
    expect(await claimsIn(tableName)).toEqual({ [FIXTURE_CLAIM]: [created[0]?.registration.id] });
  });

  it('answers all of 50 concurrent submissions with one Idempotency-Key with the same registration', async () => {
    const { deps, tableName } = await seededDeps();

    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        submitRegistration(deps, { body: registrationBody(), idempotencyKey: 'burst-1' }),
      ),
    );

    expect(new Set(results.map((result) => JSON.stringify(result.registration))).size).toBe(1);
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    expect(await nonRegionItems(tableName)).toEqual({ REGISTRATION: 1, IDEMPOTENCY: 1 });
    expect(await claimsIn(tableName)).toEqual({ [FIXTURE_CLAIM]: [results[0]?.registration.id] });
  });

  it('refuses an unknown village of the scope after looking it up, and writes nothing', async () => {
    const { deps, tableName } = await seededDeps();

    const attempt = submitRegistration(deps, {
      body: registrationBodyWith({ villageCode: '51.02.05.2999' }),
      idempotencyKey: 'unknown-village',
    });

    await expect(attempt).rejects.toThrow(ValidationError);
    expect(await nonRegionItems(tableName)).toEqual({});
  });

  it('refuses, as a field error, an SK number whose normalised form outgrows the key (NFKC expansion)', async () => {
    const { deps, tableName } = await seededDeps();
    // U+FDFA normalises to 18 characters: 100 of them make a 3 KB key, over DynamoDB's 2 KB limit.
    const body = registrationBodyWith({ sk: { number: '\ufdfa'.repeat(100), date: '2025-06-02' } });

    const error = await submitRegistration(deps, { body }).then(
      () => undefined,
      (reason: unknown) => reason,
    );

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((item) => item.field)).toEqual(['sk.number']);
    expect(await nonRegionItems(tableName)).toEqual({});
  });

  it('accepts the longest SK number of four-byte characters, keyed by its ASCII canonical form', async () => {
    const { deps, tableName } = await seededDeps();
    // Mathematical bold A (U+1D400): two UTF-16 units, four UTF-8 bytes, NFKC "A".
    const body = registrationBodyWith({ sk: { number: '\u{1D400}'.repeat(50), date: '2025-06-02' } });

    const result = await submitRegistration(deps, { body });

    expect(result.registration.status).toBe('SUBMITTED');
    expect(await claimsIn(tableName)).toEqual({
      [`51.02.05.2006#${'a'.repeat(50)}`]: [result.registration.id],
    });
  });

  it('refuses four-byte characters outside the SK alphabet, naming the first', async () => {
    const { deps, tableName } = await seededDeps();
    const body = registrationBodyWith({ sk: { number: '\u{1F4DC}'.repeat(50), date: '2025-06-02' } });

    const attempt = submitRegistration(deps, { body });

    await expect(attempt).rejects.toThrow(ValidationError);
    await expect(attempt).rejects.toMatchObject({
      errors: [
        { field: 'sk.number', messageEn: expect.stringContaining('U+1F4DC «\u{1F4DC}» is not allowed') },
      ],
    });
    expect(await nonRegionItems(tableName)).toEqual({});
  });
});
