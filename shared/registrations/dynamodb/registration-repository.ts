import { type DynamoDBClient, GetItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { itemTypes, keys } from '../../platform/dynamodb/table.js';
import {
  type ConflictRetryOptions,
  conditionFailed,
  transactWrite,
} from '../../platform/dynamodb/transact.js';
import { submitHistoryEntry } from '../history.js';
import type {
  CreateRegistrationOutcome,
  GetRegistrationOptions,
  IdempotencyRecord,
  RegistrationRepository,
} from '../ports.js';
import type { Registration } from '../registration.js';
import {
  claimItem,
  epochSeconds,
  historyItem,
  IDEMPOTENCY_SCOPE,
  readClaimOwner,
  readRegistration,
  registrationItem,
  toIdempotencyRecord,
} from './items.js';

/**
 * Times a create runs its transaction (each under the retry policy) at most: a claim or
 * idempotency record that refused the write can be gone by the time it is read (its registration
 * moved to another SK number, the record passed its TTL), and then the write must simply be tried
 * again.
 */
const MAX_CREATE_ROUNDS = 3;

/** DynamoDB adapter of {@link RegistrationRepository}: submissions and their idempotency records. */
export class DynamoDbRegistrationRepository implements RegistrationRepository {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly options: ConflictRetryOptions = {},
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

    for (let round = 1; ; round++) {
      const outcome = await transactWrite(this.client, transactItems, this.options);
      if (outcome === 'committed') return { kind: 'created' };
      const [, claimReason, idempotencyReason] = outcome;
      if (idempotency && conditionFailed(idempotencyReason)) {
        const record =
          idempotencyReason?.Item !== undefined
            ? toIdempotencyRecord(unmarshall(idempotencyReason.Item))
            : await this.getIdempotencyRecord(idempotency.keyHash);
        if (record) return { kind: 'idempotency-key-taken', record };
      } else if (conditionFailed(claimReason)) {
        const existingId =
          claimReason?.Item?.registrationId?.S ?? (await readClaimOwner(this.client, this.tableName, claim));
        if (existingId) return { kind: 'duplicate', existingId };
      } else {
        throw new Error(
          'Registration create cancelled by a condition other than its claim or idempotency key',
        );
      }
      if (round >= MAX_CREATE_ROUNDS) {
        throw new Error('Registration create refused by a claim or idempotency record that was then gone');
      }
    }
  }

  get(id: string, options?: GetRegistrationOptions): Promise<Registration | undefined> {
    return readRegistration(this.client, this.tableName, id, options);
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
}
