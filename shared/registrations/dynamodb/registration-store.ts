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
import { itemTypes, keys } from '../../platform/dynamodb/table.js';
import {
  type ConflictRetryOptions,
  conditionFailed,
  conflictBackoff,
  transactWrite,
} from '../../platform/dynamodb/transact.js';
import type { RegistrationState, RegistrationStateSource } from '../../village-coverage/ports.js';
import { type HistoryEntry, submitHistoryEntry } from '../history.js';
import type {
  CreateRegistrationOutcome,
  IdempotencyRecord,
  RegistrationQueryRepository,
  RegistrationRepository,
  RegistrationResubmissionRepository,
  RegistrationReviewRepository,
  ResubmitOutcome,
  StatusChange,
} from '../ports.js';
import type { Registration } from '../registration.js';
import { registrationStatusViewSchema } from '../schema.js';
import { DynamoDbRegistrationReader, planListing } from './registration-reader.js';

/** Now, in the epoch seconds DynamoDB's TTL attribute uses. */
const epochSeconds = () => Math.floor(Date.now() / 1000);

/** Idempotency keys are scoped to the operation they were sent to. */
const IDEMPOTENCY_SCOPE = 'POST /registrations';

export type RegistrationStoreOptions = ConflictRetryOptions;

/** Reads a stored record; the response is re-parsed so a replay has the original key order. */
const toIdempotencyRecord = (item: Record<string, unknown>): IdempotencyRecord => ({
  keyHash: String(item.keyHash),
  bodyHash: String(item.bodyHash),
  response: registrationStatusViewSchema.parse(item.response),
  sealedEditToken: String(item.sealedEditToken),
  expiresAt: Number(item.expiresAt),
});

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

/** DynamoDB adapter of the registration repositories (single table, see shared/platform/dynamodb/table.ts). */
export class DynamoDbRegistrationStore
  extends DynamoDbRegistrationReader
  implements
    RegistrationRepository,
    RegistrationReviewRepository,
    RegistrationResubmissionRepository,
    RegistrationQueryRepository,
    RegistrationStateSource
{
  constructor(
    client: DynamoDBClient,
    tableName: string,
    private readonly options: RegistrationStoreOptions = {},
  ) {
    super(client, tableName);
  }

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
