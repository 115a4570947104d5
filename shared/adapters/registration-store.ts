import {
  type CancellationReason,
  type DynamoDBClient,
  GetItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  CreateRegistrationOutcome,
  IdempotencyRecord,
  RegistrationRepository,
} from '../registrations/ports.js';
import type { Registration } from '../registrations/registration.js';
import { registrationStatusViewSchema } from '../registrations/schema.js';
import { itemTypes, keys } from '../table.js';

/** Idempotency keys are scoped to the operation they were sent to. */
const IDEMPOTENCY_SCOPE = 'POST /registrations';

export interface RegistrationStoreOptions {
  /** Attempts when a transaction is cancelled by a conflicting one. @default 6 */
  readonly maxConflictAttempts?: number;
  /** Base of the jittered exponential backoff between those attempts. @default 20 */
  readonly backoffBaseMs?: number;
}

/** Reads a stored record; the response is re-parsed so a replay has the original key order. */
const toIdempotencyRecord = (item: Record<string, unknown>): IdempotencyRecord => ({
  key: String(item.key),
  bodyHash: String(item.bodyHash),
  response: registrationStatusViewSchema.parse(item.response),
  expiresAt: Number(item.expiresAt),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const conditionFailed = (reason: CancellationReason | undefined) => reason?.Code === 'ConditionalCheckFailed';

/** DynamoDB adapter of the registration repository (single table, see shared/table.ts). */
export class DynamoDbRegistrationStore implements RegistrationRepository {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly options: RegistrationStoreOptions = {},
  ) {}

  async create(
    registration: Registration,
    idempotency?: IdempotencyRecord,
  ): Promise<CreateRegistrationOutcome> {
    const claimKey = keys.skClaim(registration.villageCode, registration.skNumberNormalized);
    const transactItems = [
      {
        Put: {
          TableName: this.tableName,
          Item: marshall(
            { ...keys.registration(registration.id), type: itemTypes.registration, ...registration },
            { removeUndefinedValues: true },
          ),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: marshall({
            ...claimKey,
            type: itemTypes.skClaim,
            registrationId: registration.id,
            villageCode: registration.villageCode,
          }),
          ConditionExpression: 'attribute_not_exists(PK)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        },
      },
      ...(idempotency
        ? [
            {
              Put: {
                TableName: this.tableName,
                Item: marshall({
                  ...keys.idempotency(IDEMPOTENCY_SCOPE, idempotency.key),
                  type: itemTypes.idempotency,
                  ...idempotency,
                }),
                ConditionExpression: 'attribute_not_exists(PK)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
              },
            },
          ]
        : []),
    ];

    const maxAttempts = this.options.maxConflictAttempts ?? 6;
    const backoffBaseMs = this.options.backoffBaseMs ?? 20;
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
              : await this.getIdempotencyRecord(idempotency.key);
          // A record that vanished in between (TTL) cannot be replayed; try the write again.
          if (record) return { kind: 'idempotency-key-taken', record };
        } else if (conditionFailed(claimReason)) {
          const existingId =
            claimReason?.Item?.registrationId?.S ?? (await this.getClaimOwner(claimKey.PK, claimKey.SK));
          if (existingId) return { kind: 'duplicate', existingId };
        } else if (!error.CancellationReasons?.some((reason) => reason.Code === 'TransactionConflict')) {
          throw error;
        }
        if (attempt >= maxAttempts) throw error;
        await sleep(backoffBaseMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
      }
    }
  }

  async get(id: string): Promise<Registration | undefined> {
    const output = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(keys.registration(id)) }),
    );
    if (!output.Item) return undefined;
    const { PK: _pk, SK: _sk, type: _type, ...registration } = unmarshall(output.Item);
    return registration as Registration;
  }

  async getIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined> {
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.idempotency(IDEMPOTENCY_SCOPE, key)),
        ConsistentRead: true,
      }),
    );
    return output.Item ? toIdempotencyRecord(unmarshall(output.Item)) : undefined;
  }

  private async getClaimOwner(pk: string, sk: string): Promise<string | undefined> {
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall({ PK: pk, SK: sk }),
        ConsistentRead: true,
      }),
    );
    return output.Item?.registrationId?.S;
  }
}
