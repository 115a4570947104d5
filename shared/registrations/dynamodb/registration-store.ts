import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { indexNames, itemTypes, keys } from '../../platform/dynamodb/table.js';
import {
  type ConflictRetryOptions,
  conditionFailed,
  conflictBackoff,
  transactWrite,
} from '../../platform/dynamodb/transact.js';
import { levelOf, parentOf } from '../../platform/region-codes.js';
import type { RegistrationState, RegistrationStateSource } from '../../village-coverage/ports.js';
import { type HistoryEntry, submitHistoryEntry } from '../history.js';
import {
  type CreateRegistrationOutcome,
  type GetRegistrationOptions,
  type IdempotencyRecord,
  InvalidCursorError,
  type RegistrationListQuery,
  type RegistrationPage,
  type RegistrationQueryRepository,
  type RegistrationRepository,
  type RegistrationResubmissionRepository,
  type RegistrationReviewRepository,
  type RegistrationSummary,
  type ResubmitOutcome,
  type StatusChange,
} from '../ports.js';
import type { Registration } from '../registration.js';
import { registrationStatusViewSchema } from '../schema.js';

/** Now, in the epoch seconds DynamoDB's TTL attribute uses. */
const epochSeconds = () => Math.floor(Date.now() / 1000);

/** Idempotency keys are scoped to the operation they were sent to. */
const IDEMPOTENCY_SCOPE = 'POST /registrations';

/** Queries one listing page may make before it answers a short page with a cursor. */
const MAX_LIST_QUERIES = 10;

export type RegistrationStoreOptions = ConflictRetryOptions;

/** Reads a stored record; the response is re-parsed so a replay has the original key order. */
const toIdempotencyRecord = (item: Record<string, unknown>): IdempotencyRecord => ({
  keyHash: String(item.keyHash),
  bodyHash: String(item.bodyHash),
  response: registrationStatusViewSchema.parse(item.response),
  sealedEditToken: String(item.sealedEditToken),
  expiresAt: Number(item.expiresAt),
});

const toRegistration = (item: Record<string, unknown>): Registration => {
  const { PK: _pk, SK: _sk, type: _type, ...registration } = item;
  return registration as unknown as Registration;
};

const toHistoryEntry = (item: Record<string, unknown>): HistoryEntry => ({
  id: String(item.entryId),
  at: String(item.at),
  actor: item.actor as HistoryEntry['actor'],
  action: item.action as HistoryEntry['action'],
  fromStatus: (item.fromStatus ?? null) as HistoryEntry['fromStatus'],
  toStatus: item.toStatus as HistoryEntry['toStatus'],
  reason: (item.reason ?? null) as string | null,
});

const toRegistrationState = (item: Record<string, unknown>): RegistrationState => ({
  id: String(item.id),
  villageCode: String(item.villageCode),
  status: item.status as RegistrationState['status'],
  version: Number(item.version),
  updatedAt: String(item.updatedAt),
});

const toSummary = (item: Record<string, unknown>): RegistrationSummary => ({
  id: String(item.id),
  name: String(item.name),
  villageCode: String(item.villageCode),
  villageName: String(item.villageName),
  districtCode: String(item.districtCode),
  status: item.status as RegistrationSummary['status'],
  submittedAt: String(item.submittedAt),
  updatedAt: String(item.updatedAt),
  version: Number(item.version),
});

/** The table item of an audit entry: in the registration's partition, sorted by time. */
const historyItem = (registrationId: string, entry: HistoryEntry) => ({
  ...keys.history(registrationId, entry.at, entry.id),
  type: itemTypes.history,
  registrationId,
  entryId: entry.id,
  at: entry.at,
  actor: entry.actor,
  action: entry.action,
  fromStatus: entry.fromStatus,
  toStatus: entry.toStatus,
  reason: entry.reason,
});

const claimItem = (registration: Registration) => ({
  ...keys.skClaim(registration.villageCode, registration.skNumberNormalized),
  type: itemTypes.skClaim,
  registrationId: registration.id,
  villageCode: registration.villageCode,
});

const registrationItem = (registration: Registration) =>
  marshall(
    { ...keys.registration(registration.id), type: itemTypes.registration, ...registration },
    { removeUndefinedValues: true },
  );

/** How a listing reads one region: which index, which partition, which extra filter. */
interface ListingPlan {
  readonly indexName: string;
  readonly partitionAttribute: string;
  readonly partitionValue: string;
  readonly villageCode?: string;
}

const planListing = (regionCode: string): ListingPlan => {
  switch (levelOf(regionCode)) {
    case 'village':
      return {
        indexName: indexNames.byDistrict,
        partitionAttribute: 'districtCode',
        partitionValue: parentOf(regionCode) ?? '',
        villageCode: regionCode,
      };
    case 'district':
      return {
        indexName: indexNames.byDistrict,
        partitionAttribute: 'districtCode',
        partitionValue: regionCode,
      };
    case 'regency':
      return {
        indexName: indexNames.byRegency,
        partitionAttribute: 'regencyCode',
        partitionValue: regionCode,
      };
    case 'province':
      return {
        indexName: indexNames.byProvince,
        partitionAttribute: 'provinceCode',
        partitionValue: regionCode,
      };
    case 'country':
      return {
        indexName: indexNames.byCountry,
        partitionAttribute: 'countryCode',
        partitionValue: regionCode,
      };
  }
};

/** A page position: the index key of the last item handed out, as base64url JSON. */
const encodeCursor = (key: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

const decodeCursor = (cursor: string, plan: ListingPlan): Record<string, AttributeValue> => {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const expected = ['PK', 'SK', plan.partitionAttribute, 'id'].sort();
  if (key === null || typeof key !== 'object' || Array.isArray(key)) throw new InvalidCursorError();
  const record = key as Record<string, unknown>;
  const names = Object.keys(record).sort();
  const valid =
    names.length === expected.length &&
    names.every((name, index) => name === expected[index] && typeof record[name] === 'string') &&
    record[plan.partitionAttribute] === plan.partitionValue &&
    record.PK === keys.registration(String(record.id)).PK &&
    record.SK === keys.registration(String(record.id)).SK;
  if (!valid) throw new InvalidCursorError();
  return marshall(record);
};

/** DynamoDB adapter of the registration repositories (single table, see shared/platform/dynamodb/table.ts). */
export class DynamoDbRegistrationStore
  implements
    RegistrationRepository,
    RegistrationReviewRepository,
    RegistrationResubmissionRepository,
    RegistrationQueryRepository,
    RegistrationStateSource
{
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly options: RegistrationStoreOptions = {},
  ) {}

  async create(
    registration: Registration,
    idempotency?: IdempotencyRecord,
  ): Promise<CreateRegistrationOutcome> {
    const claim = claimItem(registration);
    // The audit entry goes last, so the claim and the idempotency record keep their positions in
    // the cancellation reasons.
    const transactItems: TransactWriteItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: registrationItem(registration),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: marshall(claim),
          ConditionExpression: 'attribute_not_exists(PK)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      ...(idempotency
        ? [
            {
              Put: {
                TableName: this.tableName,
                Item: marshall({
                  ...keys.idempotency(IDEMPOTENCY_SCOPE, idempotency.keyHash),
                  type: itemTypes.idempotency,
                  ...idempotency,
                }),
                // DynamoDB deletes expired items only eventually: an expired key is free again.
                ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
                ExpressionAttributeValues: marshall({ ':now': epochSeconds() }),
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
              },
            },
          ]
        : []),
      {
        Put: {
          TableName: this.tableName,
          Item: marshall(historyItem(registration.id, submitHistoryEntry(registration))),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ];

    const maxAttempts = this.options.maxConflictAttempts ?? 6;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(new TransactWriteItemsCommand({ TransactItems: transactItems }));
        return { kind: 'created' };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const [, claimReason, idempotencyReason] = error.CancellationReasons ?? [];
        if (idempotency && conditionFailed(idempotencyReason)) {
          const record =
            idempotencyReason?.Item !== undefined
              ? toIdempotencyRecord(unmarshall(idempotencyReason.Item))
              : await this.getIdempotencyRecord(idempotency.keyHash);
          // A record that vanished in between (TTL) cannot be replayed; try the write again.
          if (record) return { kind: 'idempotency-key-taken', record };
        } else if (conditionFailed(claimReason)) {
          const existingId = claimReason?.Item?.registrationId?.S ?? (await this.getClaimOwner(claim));
          if (existingId) return { kind: 'duplicate', existingId };
        } else if (!error.CancellationReasons?.some((reason) => reason.Code === 'TransactionConflict')) {
          throw error;
        }
        if (attempt >= maxAttempts) throw error;
        await conflictBackoff(attempt, this.options);
      }
    }
  }

  async get(id: string, options: GetRegistrationOptions = {}): Promise<Registration | undefined> {
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.registration(id)),
        ...(options.consistent ? { ConsistentRead: true } : {}),
      }),
    );
    return output.Item ? toRegistration(unmarshall(output.Item)) : undefined;
  }

  async getIdempotencyRecord(keyHash: string): Promise<IdempotencyRecord | undefined> {
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.idempotency(IDEMPOTENCY_SCOPE, keyHash)),
        ConsistentRead: true,
      }),
    );
    const record = output.Item ? toIdempotencyRecord(unmarshall(output.Item)) : undefined;
    return record && record.expiresAt >= epochSeconds() ? record : undefined;
  }

  async changeStatus(change: StatusChange): Promise<'changed' | 'conflict'> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {
      ':from': change.from,
      ':to': change.to,
      ':version': change.expectedVersion,
      ':one': 1,
      ':at': change.at,
    };
    const sets = ['#status = :to', 'updatedAt = :at', 'version = version + :one'];
    const removes: string[] = [];
    Object.entries(change.set).forEach(([name, value], index) => {
      names[`#a${index}`] = name;
      if (value === null || value === undefined) {
        removes.push(`#a${index}`);
      } else {
        values[`:a${index}`] = value;
        sets.push(`#a${index} = :a${index}`);
      }
    });
    const outcome = await this.transact([
      {
        Update: {
          TableName: this.tableName,
          Key: marshall(keys.registration(change.id)),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: '#status = :from AND version = :version',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: marshall(historyItem(change.id, change.history)),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ]);
    if (outcome === 'committed') return 'changed';
    if (conditionFailed(outcome[0])) return 'conflict';
    throw new Error('Status change cancelled by a condition other than the registration state');
  }

  async resubmit(
    previous: Registration,
    next: Registration,
    history: HistoryEntry,
  ): Promise<ResubmitOutcome> {
    const oldClaim = claimItem(previous);
    const newClaim = claimItem(next);
    const claimMoves = oldClaim.PK !== newClaim.PK;
    const outcome = await this.transact([
      {
        Put: {
          TableName: this.tableName,
          Item: registrationItem(next),
          ConditionExpression: '#status = :from AND version = :version',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall({ ':from': previous.status, ':version': previous.version }),
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: marshall(historyItem(next.id, history)),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      ...(claimMoves
        ? [
            {
              Delete: {
                TableName: this.tableName,
                Key: marshall({ PK: oldClaim.PK, SK: oldClaim.SK }),
                ConditionExpression: 'registrationId = :id',
                ExpressionAttributeValues: marshall({ ':id': previous.id }),
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: marshall(newClaim),
                ConditionExpression: 'attribute_not_exists(PK)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
              },
            },
          ]
        : []),
    ]);
    if (outcome === 'committed') return { kind: 'resubmitted' };
    const [registrationReason, , oldClaimReason, newClaimReason] = outcome;
    if (conditionFailed(registrationReason)) return { kind: 'conflict' };
    if (conditionFailed(newClaimReason)) {
      const existingId = newClaimReason?.Item?.registrationId?.S ?? (await this.getClaimOwner(newClaim));
      // A claim released in between: the caller may simply try again.
      return existingId ? { kind: 'duplicate', existingId } : { kind: 'conflict' };
    }
    if (conditionFailed(oldClaimReason)) {
      throw new Error('The registration does not own the SK claim it was stored with');
    }
    throw new Error('Resubmission cancelled for an unexpected reason');
  }

  async list(query: RegistrationListQuery): Promise<RegistrationPage> {
    const plan = planListing(query.regionCode);
    const names: Record<string, string> = { '#partition': plan.partitionAttribute };
    const values: Record<string, unknown> = { ':partition': plan.partitionValue };
    const filters: string[] = [];
    if (plan.villageCode !== undefined) {
      filters.push('villageCode = :village');
      values[':village'] = plan.villageCode;
    }
    if (query.status !== undefined) {
      names['#status'] = 'status';
      values[':status'] = query.status;
      filters.push('#status = :status');
    }
    const filtered = filters.length > 0;
    const keyOf = (item: Record<string, unknown>) => ({
      PK: item.PK,
      SK: item.SK,
      [plan.partitionAttribute]: item[plan.partitionAttribute],
      id: item.id,
    });

    const collected: Array<Record<string, unknown>> = [];
    let startKey = query.cursor === undefined ? undefined : decodeCursor(query.cursor, plan);
    for (let calls = 1; ; calls++) {
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: plan.indexName,
          KeyConditionExpression: '#partition = :partition',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values),
          ...(filtered ? { FilterExpression: filters.join(' AND ') } : {}),
          ScanIndexForward: false,
          // One more than needed tells whether another page exists. A filtered query reads whole
          // pages instead: its Limit would count the items it discards too.
          ...(filtered ? {} : { Limit: query.limit - collected.length + 1 }),
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of output.Items ?? []) collected.push(unmarshall(item));
      if (collected.length > query.limit) {
        const items = collected.slice(0, query.limit);
        const last = items[items.length - 1];
        return { items: items.map(toSummary), nextCursor: last ? encodeCursor(keyOf(last)) : null };
      }
      startKey = output.LastEvaluatedKey;
      if (startKey === undefined) return { items: collected.map(toSummary), nextCursor: null };
      if (calls >= MAX_LIST_QUERIES) {
        // A very selective filter: answer what was found, and where to go on.
        return { items: collected.map(toSummary), nextCursor: encodeCursor(unmarshall(startKey)) };
      }
    }
  }

  async listHistory(id: string): Promise<HistoryEntry[]> {
    const entries: HistoryEntry[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: marshall({
            ':pk': keys.registration(id).PK,
            ':prefix': keys.historyPrefix,
          }),
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of output.Items ?? []) entries.push(toHistoryEntry(unmarshall(item)));
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return entries;
  }

  private transact(items: TransactWriteItem[]) {
    return transactWrite(this.client, items, this.options);
  }

  /**
   * Every registration of a region as the coverage rebuild recounts it (id, village, status,
   * version), through the region's index: Queries only, never a Scan.
   */
  async *listRegistrationStates(regionCode: string): AsyncIterable<RegistrationState> {
    const plan = planListing(regionCode);
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const response = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: plan.indexName,
          KeyConditionExpression: '#partition = :partition',
          ...(plan.villageCode === undefined ? {} : { FilterExpression: 'villageCode = :village' }),
          ProjectionExpression: 'id, villageCode, #status, version, updatedAt',
          ExpressionAttributeNames: { '#partition': plan.partitionAttribute, '#status': 'status' },
          ExpressionAttributeValues: marshall({
            ':partition': plan.partitionValue,
            ...(plan.villageCode === undefined ? {} : { ':village': plan.villageCode }),
          }),
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of response.Items ?? []) yield toRegistrationState(unmarshall(item));
      startKey = response.LastEvaluatedKey;
    } while (startKey);
  }

  /** One registration's state, read strongly consistent; undefined when there is none. */
  async getRegistrationState(id: string): Promise<RegistrationState | undefined> {
    const response = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.registration(id)),
        ConsistentRead: true,
        ProjectionExpression: 'id, villageCode, #status, version, updatedAt',
        ExpressionAttributeNames: { '#status': 'status' },
      }),
    );
    return response.Item ? toRegistrationState(unmarshall(response.Item)) : undefined;
  }

  private async getClaimOwner(claim: { PK: string; SK: string }): Promise<string | undefined> {
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall({ PK: claim.PK, SK: claim.SK }),
        ConsistentRead: true,
      }),
    );
    return output.Item?.registrationId?.S;
  }
}
