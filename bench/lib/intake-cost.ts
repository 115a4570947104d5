import { marshall } from '@aws-sdk/util-dynamodb';
import { ulid } from 'ulid';
import { type AttributeValue, PutItemCommand } from '../../shared/platform/dynamodb/client.js';
import { keys, tableDefinition } from '../../shared/platform/dynamodb/table.js';
import { historyItem, registrationItem } from '../../shared/registrations/dynamodb/items.js';
import { DynamoDbRegistrationRepository } from '../../shared/registrations/dynamodb/registration-repository.js';
import { submitHistoryEntry } from '../../shared/registrations/history.js';
import type { IdempotencyRecord } from '../../shared/registrations/ports.js';
import { type Registration, toStatusView } from '../../shared/registrations/registration.js';
import {
  type CapacityMeter,
  itemSize,
  meterConsumedCapacity,
  resetCapacityMeter,
} from './consumed-capacity.js';
import { benchClient } from './dynamodb.js';

/**
 * USD per million on-demand write request units used for the cost per million registrations.
 * `BENCH_WRU_USD_PER_MILLION` sets Jakarta's (ap-southeast-3) published price; the default is an
 * assumption, stated in the output.
 */
export const WRU_USD_PER_MILLION = Number(process.env.BENCH_WRU_USD_PER_MILLION ?? 0.625);
export const WRU_PRICE_SOURCE =
  process.env.BENCH_WRU_USD_PER_MILLION === undefined
    ? 'assumed: the us-east-1 on-demand list price since November 2024; set BENCH_WRU_USD_PER_MILLION to Jakarta’s'
    : 'from BENCH_WRU_USD_PER_MILLION';

/** Calls of each kind measured. */
export const INTAKE_COST_CALLS = 50;
const CALLS = INTAKE_COST_CALLS;

export interface IntakeCostRow {
  readonly path: string;
  /** Write units per call as DynamoDB Local reported them (ReturnConsumedCapacity INDEXES), or undefined. */
  readonly reported: number | undefined;
  /** Of which for the indexes, as reported. */
  readonly reportedIndexes: number | undefined;
  /** Write units per call by DynamoDB's documented rules, index writes included. */
  readonly priced: number;
  readonly pricedHow: string;
}

const kb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/**
 * Write units of the index entries an item makes, by the documented rule (1 unit per started KB of
 * each index entry: the index keys, the table keys and the projected attributes).
 */
const indexWriteUnits = (item: Record<string, AttributeValue>): number =>
  tableDefinition.globalSecondaryIndexes.reduce((sum, index) => {
    if (item[index.partitionKey.name] === undefined || item[index.sortKey.name] === undefined) return sum;
    const projected =
      index.projection.type === 'ALL'
        ? Object.keys(item)
        : ['PK', 'SK', index.partitionKey.name, index.sortKey.name, ...index.projection.nonKeyAttributes];
    const entry = Object.fromEntries(
      [...new Set(projected)].flatMap((name) => (item[name] === undefined ? [] : [[name, item[name]]])),
    ) as Record<string, AttributeValue>;
    return sum + kb(itemSize(entry));
  }, 0);

/** Units per registration (a keyed one makes two calls: its record's PutItem and its own). */
const perRegistration = (meter: CapacityMeter) =>
  meter.unreported === meter.calls
    ? { reported: undefined, reportedIndexes: undefined }
    : { reported: meter.writeUnits / CALLS, reportedIndexes: meter.indexWriteUnits / CALLS };

/**
 * Write units of one registration, measured with ReturnConsumedCapacity on DynamoDB Local and
 * priced by DynamoDB's documented rules (DynamoDB Local reports 2 units for a whole transaction,
 * whatever it holds), next to one PutItem of the same item. Writes `CALLS` registrations of each
 * kind into `tableName`.
 */
export const measureIntakeCost = async (
  endpoint: string,
  tableName: string,
  template: Registration,
  runId: string,
): Promise<IntakeCostRow[]> => {
  const client = benchClient(endpoint);
  const meter = meterConsumedCapacity(client, 'INDEXES');
  const registrations = new DynamoDbRegistrationRepository(client, tableName);
  const registration = (index: number, kind: string): Registration => ({
    ...template,
    id: ulid(),
    skNumberNormalized: `${index}/bench-cost-${kind}/${runId}/2025`,
  });
  const record = (registration: Registration, index: number): IdempotencyRecord => ({
    keyHash: `${runId}-cost-${String(index).padStart(4, '0')}`.padEnd(64, '0'),
    bodyHash: 'b'.repeat(64),
    response: toStatusView(registration),
    sealedEditToken: `v1.${'s'.repeat(80)}`,
    editTokenHash: registration.editTokenHash,
    expiresAt: Math.floor(Date.now() / 1000) + 24 * 60 * 60,
  });
  const sample = registration(0, 'sample');
  const item = registrationItem(sample);
  const recordItem = marshall({
    ...keys.idempotency('POST /registrations', record(sample, 0).keyHash),
    type: 'IDEMPOTENCY',
    ...record(sample, 0),
    // What the store adds: the id for a registration stored beside its slot, and the slot.
    besideId: sample.id,
    claimSlot: sample.id.slice(-16),
  });
  const tableUnits = kb(itemSize(item));
  const indexUnits = indexWriteUnits(item);
  // The layout before this change: registration, claim and SUBMIT entry in one transaction.
  const claimBytes = itemSize(
    marshall({
      PK: `SKCLAIM#${sample.villageCode}#${sample.skNumberNormalized}`,
      SK: 'SKCLAIM',
      type: 'SK_CLAIM',
      registrationId: sample.id,
      villageCode: sample.villageCode,
    }),
  );
  const historyBytes = itemSize(marshall(historyItem(sample.id, submitHistoryEntry(sample))));
  // Index writes of a transaction priced as transactional too, as DynamoDB Local reports them.
  const oldTransaction = 2 * (tableUnits + kb(claimBytes) + kb(historyBytes) + indexUnits);

  resetCapacityMeter(meter);
  /** Every measured write must store its registration, or its units would be short. */
  const created = (outcome: { readonly kind: string }) => {
    if (outcome.kind !== 'created') throw new Error(`intake cost: the store answered ${outcome.kind}`);
  };
  for (let index = 0; index < CALLS; index++) created(await registrations.create(registration(index, 'put')));
  const unkeyed = perRegistration(meter);

  resetCapacityMeter(meter);
  for (let index = 0; index < CALLS; index++) {
    const next = registration(index, 'keyed');
    created(await registrations.create(next, record(next, index)));
  }
  const keyed = perRegistration(meter);

  resetCapacityMeter(meter);
  for (let index = 0; index < CALLS; index++) {
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { ...item, ...marshall({ ...keys.registration(ulid()), id: `BENCH-COST-${index}` }) },
      }),
    );
  }
  const raw = perRegistration(meter);

  return [
    {
      path: 'POST /registrations, no Idempotency-Key: one conditional PutItem',
      ...unkeyed,
      priced: tableUnits + indexUnits,
      pricedHow: `${tableUnits} (item, ${itemSize(item)} bytes) + ${indexUnits} (4 region indexes)`,
    },
    {
      path: 'POST /registrations with an Idempotency-Key: PutItem of its record, then of the item',
      ...keyed,
      priced: kb(itemSize(recordItem)) + tableUnits + indexUnits,
      pricedHow: `${kb(itemSize(recordItem))} (record, ${itemSize(recordItem)} bytes) + ${tableUnits} + ${indexUnits} indexes`,
    },
    {
      path: 'before: TransactWriteItems of registration, SK claim, SUBMIT entry (priced, not run)',
      reported: undefined,
      reportedIndexes: undefined,
      priced: oldTransaction,
      pricedHow: `2 × (${tableUnits} + ${kb(claimBytes)} + ${kb(historyBytes)} + ${indexUnits} indexes); with a key 2 more`,
    },
    {
      path: 'raw PutItem of the same item (baseline)',
      ...raw,
      priced: tableUnits + indexUnits,
      pricedHow: `${tableUnits} + ${indexUnits} (the same item, the same indexes)`,
    },
  ];
};
