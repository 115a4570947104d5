import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DescribeTimeToLiveCommand } from '../../../infra/local/emulators/table-commands.js';
import { GetItemCommand } from '../../../shared/platform/dynamodb/client.js';
import { claimSlot, slotHolderId } from '../../../shared/registrations/dynamodb/items.js';
import { DynamoDbRegistrationRepository } from '../../../shared/registrations/dynamodb/registration-repository.js';
import { sha256Hex } from '../../../shared/registrations/edit-token.js';
import type { IdempotencyRecord } from '../../../shared/registrations/ports.js';
import { toStatusView } from '../../../shared/registrations/registration.js';
import {
  claimsOf,
  countByType,
  createTestTable,
  localDynamoDbClient,
  scanAll,
} from '../../fixtures/dynamodb.js';
import { sequentialIds } from '../../fixtures/in-memory-ports.js';
import { fixtureRegistration } from '../../fixtures/registration.js';

const client = localDynamoDbClient(inject('dynamoEndpoint'));

/** A fresh table per test: the concurrency tests count every item in it. */
const freshStore = async () => {
  const tableName = await createTestTable(client, 'kim-registrations');
  return { tableName, store: new DynamoDbRegistrationRepository(client, tableName) };
};

// In the future: DynamoDB Local deletes items whose TTL has passed.
const EXPIRES_AT = Math.floor(Date.now() / 1000) + 24 * 60 * 60;

const idempotencyFor = (key: string, id: string, bodyHash = 'a'.repeat(64)): IdempotencyRecord => ({
  keyHash: sha256Hex(key),
  bodyHash,
  response: toStatusView(fixtureRegistration(id)),
  sealedEditToken: `sealed-for-${id}`,
  editTokenHash: fixtureRegistration(id).editTokenHash,
  expiresAt: EXPIRES_AT,
});

/** The slot of the fixture's (village, normalised SK number). */
const FIXTURE_SLOT = claimSlot('51.02.05.2006', '141/12/dp/2025');

/** The id a registration is stored under when it is the first to hold the fixture's claim. */
const storedId = (id: string, slot = FIXTURE_SLOT) => slotHolderId(id, slot);

let ids: () => string;
beforeAll(() => {
  ids = sequentialIds('01K0');
});

describe('DynamoDB registration store', () => {
  it('stores a registration and reads every field back, phones in +62 form', async () => {
    const { store, tableName } = await freshStore();
    const registration = fixtureRegistration(ids());

    const outcome = await store.create(registration);

    const id = storedId(registration.id);
    expect(outcome).toEqual({ kind: 'created', id });
    expect(id.slice(0, 10)).toBe(registration.id.slice(0, 10));
    expect(await store.get(id)).toEqual({ ...registration, id });
    expect((await store.get(id))?.officers.map((officer) => officer.phone)).toEqual([
      '+6281234567890',
      '+6281234567891',
      '+6281234567892',
    ]);
    const items = await scanAll(client, tableName);
    expect(countByType(items)).toEqual({ REGISTRATION: 1 });
    expect(items[0]).toMatchObject({ PK: `REG#${FIXTURE_SLOT}`, SK: 'REG', id });
    expect(claimsOf(items)).toEqual({ '51.02.05.2006#141/12/dp/2025': [id] });
    // The id the store was given names nothing: its random part is not where it was stored.
    expect(await store.get(registration.id)).toBeUndefined();
  });

  it('finds nothing for an unknown id', async () => {
    const { store } = await freshStore();

    expect(await store.get('01K0ZZZZZZZZZZZZZZZZZZZZZZ')).toBeUndefined();
  });

  it('reports a duplicate claim with the existing id and stores nothing of the second', async () => {
    const { store, tableName } = await freshStore();
    const first = fixtureRegistration(ids());
    await store.create(first);
    const second = fixtureRegistration(ids(), {
      name: 'KIM Lain',
      sk: { number: ' 141/12/dp/2025 ', date: '2025-06-01' },
      // Every request gets its own edit token.
      editTokenHash: sha256Hex('second-edit-token'),
    });

    const outcome = await store.create(second);

    expect(outcome).toEqual({ kind: 'duplicate', existingId: storedId(first.id) });
    expect(await store.get(second.id)).toBeUndefined();
    const items = await scanAll(client, tableName);
    expect(countByType(items)).toEqual({ REGISTRATION: 1 });
    expect(items[0]?.name).toBe(first.name);
  });

  it('counts its own item at the slot as created when the same write comes again (a client retry after a lost answer)', async () => {
    const { store, tableName } = await freshStore();
    const registration = fixtureRegistration(ids());
    const first = await store.create(registration);

    const again = await store.create(registration);

    expect(first).toEqual({ kind: 'created', id: storedId(registration.id) });
    expect(again).toEqual(first);
    expect(countByType(await scanAll(client, tableName))).toEqual({ REGISTRATION: 1 });
    // Another request for the same claim (its own edit token) is still a duplicate.
    const other = fixtureRegistration(registration.id, { editTokenHash: sha256Hex('another-edit-token') });
    expect(await store.create(other)).toEqual({ kind: 'duplicate', existingId: storedId(registration.id) });
  });

  it('stores the idempotency record under the hash of its key, with the TTL attribute expiresAt, and replays it in key order', async () => {
    const { store, tableName } = await freshStore();
    const registration = fixtureRegistration(ids());
    const record = idempotencyFor('key-1', registration.id);

    await store.create(registration, record);

    const raw = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { PK: { S: `IDEMPOTENCY#POST /registrations#${sha256Hex('key-1')}` }, SK: { S: 'IDEMPOTENCY' } },
      }),
    );
    expect(raw.Item?.expiresAt).toEqual({ N: String(EXPIRES_AT) });
    expect(raw.Item?.type).toEqual({ S: 'IDEMPOTENCY' });
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      AttributeName: 'expiresAt',
      TimeToLiveStatus: 'ENABLED',
    });
    expect(JSON.stringify(raw.Item)).not.toContain('key-1');
    const replayed = await store.getIdempotencyRecord(sha256Hex('key-1'));
    const id = storedId(registration.id);
    expect(replayed).toEqual({ ...record, response: { ...record.response, id } });
    expect(JSON.stringify(replayed?.response)).toBe(JSON.stringify(toStatusView({ ...registration, id })));
    expect(await store.getIdempotencyRecord(sha256Hex('key-2'))).toBeUndefined();
  });

  it('reports a taken idempotency key with the stored record, before any duplicate claim', async () => {
    const { store } = await freshStore();
    const first = fixtureRegistration(ids());
    await store.create(first, idempotencyFor('key-1', first.id, 'b'.repeat(64)));

    const outcome = await store.create(fixtureRegistration(ids()), idempotencyFor('key-1', 'other'));

    const stored = idempotencyFor('key-1', first.id, 'b'.repeat(64));
    expect(outcome).toEqual({
      kind: 'idempotency-key-taken',
      record: { ...stored, response: { ...stored.response, id: storedId(first.id) } },
    });
  });

  it('creates exactly one of 50 concurrent registrations of the same village and SK number', async () => {
    const { store, tableName } = await freshStore();
    const registrations = Array.from({ length: 50 }, (_, index) =>
      fixtureRegistration(ids(), { editTokenHash: sha256Hex(`edit-token-${index}`) }),
    );

    const outcomes = await Promise.all(registrations.map((registration) => store.create(registration)));

    const created = outcomes.flatMap((outcome) => (outcome.kind === 'created' ? [outcome.id] : []));
    const duplicates = outcomes.filter((outcome) => outcome.kind === 'duplicate');
    expect(created).toHaveLength(1);
    expect(duplicates).toHaveLength(49);
    expect(new Set(duplicates.map((outcome) => outcome.existingId))).toEqual(new Set(created));
    const items = await scanAll(client, tableName);
    expect(countByType(items)).toEqual({ REGISTRATION: 1 });
    expect(items.find((item) => item.type === 'REGISTRATION')?.id).toBe(created[0]);
    expect(claimsOf(items)).toEqual({ '51.02.05.2006#141/12/dp/2025': created });
  });

  it.each([
    ['the same SK number', (_index: number) => '141/12/DP/2025'],
    ['different SK numbers', (index: number) => `141/${index}/DP/2025`],
  ])(
    'lets exactly one of 20 concurrent requests with one Idempotency-Key create, with %s',
    async (_kind, skNumber) => {
      const { store, tableName } = await freshStore();
      const registrations = Array.from({ length: 20 }, (_, index) =>
        fixtureRegistration(ids(), { sk: { number: skNumber(index), date: '2025-06-02' } }),
      );

      const outcomes = await Promise.all(
        registrations.map((registration) =>
          store.create(registration, idempotencyFor('same-key', registration.id)),
        ),
      );

      const createdIds = outcomes.flatMap((outcome) => (outcome.kind === 'created' ? [outcome.id] : []));
      const taken = outcomes.flatMap((outcome) =>
        outcome.kind === 'idempotency-key-taken' ? [outcome.record] : [],
      );
      expect(createdIds).toHaveLength(1);
      expect(taken).toHaveLength(19);
      expect(new Set(taken.map((record) => record.response.id))).toEqual(new Set(createdIds));
      const items = await scanAll(client, tableName);
      expect(countByType(items)).toEqual({ REGISTRATION: 1, IDEMPOTENCY: 1 });
      expect(Object.values(claimsOf(items))).toEqual([createdIds]);
    },
  );
});
