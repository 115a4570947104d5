import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { itemTypes, keys, registrationSlotOf } from '../../platform/dynamodb/table.js';
import {
  type ConflictRetryOptions,
  conditionFailed,
  transactWrite,
} from '../../platform/dynamodb/transact.js';
import type {
  CreateRegistrationOutcome,
  GetRegistrationOptions,
  IdempotencyRecord,
  RegistrationRepository,
} from '../ports.js';
import type { Registration } from '../registration.js';
import {
  claimSlotOf,
  epochSeconds,
  holderAtSlot,
  IDEMPOTENCY_SCOPE,
  readRegistration,
  readSlot,
  registrationItem,
  returnedItem,
  slotFreeCondition,
  slotHolderId,
  toIdempotencyRecord,
} from './items.js';

/**
 * Times a create tries at most: a claim or idempotency record that refused the write can be gone
 * by the time it is read (its registration moved to another SK number, the record passed its
 * TTL), and then the write must simply be tried again.
 */
const MAX_CREATE_ROUNDS = 3;

/** What one write of a create found. */
type Attempt =
  | { readonly kind: 'created'; readonly id: string }
  | { readonly kind: 'duplicate'; readonly existingId: string }
  | { readonly kind: 'idempotency-key-taken'; readonly record: IdempotencyRecord | undefined }
  /** The claim's slot holds an item that does not hold the claim: store the registration beside it. */
  | { readonly kind: 'slot-occupied' }
  /** The slot changed between the refusal and its read: try again. */
  | { readonly kind: 'retry' };

/**
 * DynamoDB adapter of {@link RegistrationRepository}: submissions and their idempotency records.
 *
 * A registration is written as its own duplicate claim: one conditional PutItem at the slot of its
 * (village, normalised SK number), or, with an Idempotency-Key, a TransactWriteItems of that Put
 * and the idempotency record. Its SUBMIT audit entry is the registration item itself (see
 * `listHistory`). Only when the slot holds a registration that has since moved to another claim
 * is the new registration stored under its own random slot, with the claim recorded on the slot's
 * item, in one transaction.
 */
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
    const slot = claimSlotOf(registration);
    for (let round = 1; ; round++) {
      let attempt = await this.createAtSlot(
        { ...registration, id: slotHolderId(registration.id, slot) },
        slot,
        idempotency,
      );
      if (attempt.kind === 'slot-occupied')
        attempt = await this.createBeside(registration, slot, idempotency);
      switch (attempt.kind) {
        case 'created':
          return { kind: 'created', id: attempt.id };
        case 'duplicate':
          return attempt;
        case 'idempotency-key-taken':
          if (attempt.record) return { kind: 'idempotency-key-taken', record: attempt.record };
          break;
        case 'slot-occupied':
        case 'retry':
          break;
      }
      if (round >= MAX_CREATE_ROUNDS) {
        throw new Error('Registration create refused by a claim or idempotency record that was then gone');
      }
    }
  }

  /** The idempotency record with the id the registration is stored under. */
  private recordFor(idempotency: IdempotencyRecord | undefined, id: string): TransactWriteItem[] {
    if (!idempotency) return [];
    return [
      {
        Put: {
          TableName: this.tableName,
          Item: marshall({
            ...keys.idempotency(IDEMPOTENCY_SCOPE, idempotency.keyHash),
            type: itemTypes.idempotency,
            ...idempotency,
            response: { ...idempotency.response, id },
          }),
          // DynamoDB deletes expired items only eventually: an expired key is free again.
          ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
          ExpressionAttributeValues: marshall({ ':now': epochSeconds() }),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ];
  }

  /** What a refusal by the slot means: a duplicate, or a slot whose item holds no claim here. */
  private async slotRefusal(
    registration: Registration,
    slot: string,
    item: Record<string, unknown> | undefined,
  ): Promise<Attempt> {
    const found = item ?? (await readSlot(this.client, this.tableName, slot));
    if (found === undefined) return { kind: 'retry' };
    const holder = holderAtSlot(found, registration);
    return holder === undefined ? { kind: 'slot-occupied' } : { kind: 'duplicate', existingId: holder };
  }

  private async keyRefusal(
    idempotency: IdempotencyRecord,
    item: Record<string, unknown> | undefined,
  ): Promise<Attempt> {
    const record =
      item !== undefined ? toIdempotencyRecord(item) : await this.getIdempotencyRecord(idempotency.keyHash);
    return { kind: 'idempotency-key-taken', record };
  }

  /** The registration as the first holder of its claim: the item at the claim's slot. */
  private async createAtSlot(
    registration: Registration,
    slot: string,
    idempotency: IdempotencyRecord | undefined,
  ): Promise<Attempt> {
    const put = {
      TableName: this.tableName,
      Item: registrationItem(registration),
      ConditionExpression: 'attribute_not_exists(PK)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
    if (!idempotency) {
      try {
        await this.client.send(new PutItemCommand(put));
        return { kind: 'created', id: registration.id };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        return this.slotRefusal(registration, slot, returnedItem(error.Item));
      }
    }
    const outcome = await transactWrite(
      this.client,
      [{ Put: put }, ...this.recordFor(idempotency, registration.id)],
      this.options,
    );
    if (outcome === 'committed') return { kind: 'created', id: registration.id };
    const [slotReason, keyReason] = outcome;
    if (conditionFailed(keyReason)) return this.keyRefusal(idempotency, returnedItem(keyReason?.Item));
    if (conditionFailed(slotReason))
      return this.slotRefusal(registration, slot, returnedItem(slotReason?.Item));
    throw new Error('Registration create cancelled by a condition other than its claim or idempotency key');
  }

  /**
   * The registration under its own random slot, its claim recorded on the item at the claim's
   * slot (a registration that moved away from it), all or nothing.
   */
  private async createBeside(
    registration: Registration,
    slot: string,
    idempotency: IdempotencyRecord | undefined,
  ): Promise<Attempt> {
    const outcome = await transactWrite(
      this.client,
      [
        {
          Update: {
            TableName: this.tableName,
            Key: marshall(keys.registrationSlot(slot)),
            UpdateExpression: 'SET claimHolder = :id',
            ConditionExpression: `attribute_exists(PK) AND ${slotFreeCondition.expression}`,
            ExpressionAttributeNames: slotFreeCondition.names,
            ExpressionAttributeValues: marshall({
              ':id': registration.id,
              ...slotFreeCondition.values(registration),
            }),
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        ...this.recordFor(idempotency, registration.id),
        {
          Put: {
            TableName: this.tableName,
            Item: registrationItem(registration),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      ],
      this.options,
    );
    if (outcome === 'committed') return { kind: 'created', id: registration.id };
    const [slotReason, keyReason] = outcome;
    if (idempotency && conditionFailed(keyReason)) {
      return this.keyRefusal(idempotency, returnedItem(keyReason?.Item));
    }
    if (conditionFailed(slotReason)) {
      const refusal = await this.slotRefusal(registration, slot, returnedItem(slotReason?.Item));
      // Still occupied by an item that holds nothing here: it changed in between; go round again.
      return refusal.kind === 'slot-occupied' ? { kind: 'retry' } : refusal;
    }
    throw new Error(
      `Registration create cancelled: slot ${registrationSlotOf(registration.id)} of a new id already taken`,
    );
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
