import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDbClient,
  GetItemCommand,
  PutItemCommand,
  type TransactWriteItem,
} from '../../platform/dynamodb/client.js';
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

/**
 * Whether a slot's item is the very registration being written: the same id, submission time and
 * edit token hash (a fresh random token per request), still at its first version.
 */
const isSameSubmission = (item: Record<string, unknown> | undefined, registration: Registration): boolean =>
  item !== undefined &&
  item.type === itemTypes.registration &&
  item.id === registration.id &&
  item.version === 1 &&
  item.submittedAt === registration.submittedAt &&
  item.editTokenHash === registration.editTokenHash;

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
 * The registration an idempotency record stands for: where it is stored and how it is told apart
 * from another registration of the same id (two submissions of one claim in one millisecond get
 * the same slot id; the edit token hash, random and never changed, differs).
 */
interface KeyedRegistration {
  /** The registration, with the record's timestamps and edit token hash, not yet its final id. */
  readonly registration: Registration;
  /** The record, as written or found. */
  readonly record: IdempotencyRecord;
  /** Its id at the claim's slot, the usual place. */
  readonly slotId: string;
  /** Its id when stored beside a slot taken by a registration that moved to another claim. */
  readonly besideId: string;
}

/**
 * The id under which an item is the registration of `keyed` (the item at its slot or beside id),
 * or the item names it as the holder of the claim; undefined when it is another's.
 */
const ownedAt = (item: Readonly<Record<string, unknown>>, keyed: KeyedRegistration): string | undefined => {
  if (
    item.type === itemTypes.registration &&
    item.editTokenHash === keyed.registration.editTokenHash &&
    (item.id === keyed.slotId || item.id === keyed.besideId)
  ) {
    return String(item.id);
  }
  return item.claimHolder === keyed.besideId ? keyed.besideId : undefined;
};

/** The record's attributes: the id of its registration if stored beside its slot, and that slot. */
const BESIDE_ID = 'besideId';
const CLAIM_SLOT = 'claimSlot';

/**
 * DynamoDB adapter of {@link RegistrationRepository}: submissions and their idempotency records.
 *
 * A registration is written as its own duplicate claim: one conditional PutItem at the slot of its
 * (village, normalised SK number). Its SUBMIT audit entry is the registration item itself (see
 * `listHistory`). Only when the slot holds a registration that has since moved to another claim
 * is the new registration stored under its own random slot, with the claim recorded on the slot's
 * item, in one transaction.
 *
 * With an Idempotency-Key, two conditional PutItems in sequence, no transaction (which DynamoDB
 * Local runs at under half a PutItem's rate, and DynamoDB bills twice): first the key's record,
 * which holds what the registration is rebuilt from (its ids, timestamps and edit token hash; the
 * rest comes from the body, which a replay must repeat), then the registration. A request that
 * finds the key's record with its own body writes the registration from the record, which is a
 * no-op when it is stored (its slot holds it) and completes a request that stopped between the two
 * writes. A registration refused as a duplicate takes its record away again. Why this keeps every
 * guarantee of the transaction is set out in docs/benchmarks.md ("The keyed intake").
 */
export class DynamoDbRegistrationRepository implements RegistrationRepository {
  constructor(
    private readonly client: DynamoDbClient,
    private readonly tableName: string,
    private readonly options: ConflictRetryOptions = {},
  ) {}

  async create(
    registration: Registration,
    idempotency?: IdempotencyRecord,
  ): Promise<CreateRegistrationOutcome> {
    if (idempotency) return this.createKeyed(registration, idempotency);
    const slot = claimSlotOf(registration);
    for (let round = 1; ; round++) {
      let attempt = await this.createAtSlot(
        { ...registration, id: slotHolderId(registration.id, slot) },
        slot,
      );
      if (attempt.kind === 'slot-occupied') attempt = await this.createBeside(registration, slot);
      if (attempt.kind === 'created' || attempt.kind === 'duplicate') return attempt;
      if (round >= MAX_CREATE_ROUNDS) {
        throw new Error('Registration create refused by a claim that was then gone');
      }
    }
  }

  /** The keyed create: the record first, then the registration it stands for. */
  private async createKeyed(
    fresh: Registration,
    idempotency: IdempotencyRecord,
  ): Promise<CreateRegistrationOutcome> {
    const slot = claimSlotOf(fresh);
    for (let round = 1; ; round++) {
      const found = await this.putRecord(idempotency, slot, slotHolderId(fresh.id, slot), fresh.id);
      if (found !== 'gone') {
        const outcome = await this.completeKeyed(fresh, idempotency, slot, found);
        if (outcome !== undefined) return outcome;
      }
      if (round >= MAX_CREATE_ROUNDS) {
        throw new Error('Registration create refused by a claim or idempotency record that was then gone');
      }
    }
  }

  /**
   * The registration of the record just written (`found` undefined) or found (its item): written,
   * found stored, or refused as a duplicate (then the record is taken away). Undefined when
   * something changed in between and the create must go round again.
   */
  private async completeKeyed(
    fresh: Registration,
    idempotency: IdempotencyRecord,
    slot: string,
    found: Record<string, unknown> | undefined,
  ): Promise<CreateRegistrationOutcome | undefined> {
    // Its own record when a client retry of the PutItem, its first answer lost, was refused by it
    // (the record names this request's new id, a ULID with 80 random bits).
    const own = found !== undefined && found[BESIDE_ID] === fresh.id;
    const existing = found === undefined || own ? undefined : toIdempotencyRecord(found);
    // Another body: the caller answers 422; nothing is written. The same body hash means the same
    // body, so the same claim; a record of another claim is answered as it is, never written from.
    if (existing && (existing.bodyHash !== idempotency.bodyHash || found?.[CLAIM_SLOT] !== slot)) {
      return { kind: 'idempotency-key-taken', record: existing };
    }
    const record = existing ?? idempotency;
    const besideId = existing === undefined ? fresh.id : String(found?.[BESIDE_ID]);
    const keyed: KeyedRegistration = {
      // Same body, same input: the rest as the record has it.
      registration: {
        ...fresh,
        submittedAt: record.response.submittedAt,
        updatedAt: record.response.updatedAt,
        editTokenHash: record.editTokenHash,
      },
      record,
      slotId: slotHolderId(besideId, slot),
      besideId,
    };
    const attempt = await this.writeKeyed(keyed, slot);
    switch (attempt.kind) {
      case 'created':
        return existing === undefined
          ? { kind: 'created', id: attempt.id }
          : {
              kind: 'idempotency-key-taken',
              record: { ...existing, response: { ...existing.response, id: attempt.id } },
            };
      case 'duplicate':
        // Not gone: stored beside its slot meanwhile by a request with the same key and body.
        return (await this.removeRecord(keyed)) ? attempt : undefined;
      case 'idempotency-key-taken':
        return attempt.record ? { kind: 'idempotency-key-taken', record: attempt.record } : undefined;
      case 'slot-occupied':
      case 'retry':
        return undefined;
    }
  }

  /**
   * Writes the key's record unless the key is taken (an expired record does not count: DynamoDB
   * deletes expired items only eventually). Undefined when written; else the record found
   * (unmarshalled), or `gone` when it went before it could be read.
   */
  private async putRecord(
    idempotency: IdempotencyRecord,
    slot: string,
    slotId: string,
    besideId: string,
  ): Promise<Record<string, unknown> | 'gone' | undefined> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: this.recordItem(idempotency, slot, slotId, besideId),
          ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
          ExpressionAttributeValues: marshall({ ':now': epochSeconds() }),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const found = returnedItem(error.Item) ?? (await this.readRecordItem(idempotency.keyHash));
      return found ?? 'gone';
    }
  }

  /** The record's item, its response naming `id`, the id the registration is (to be) stored under. */
  private recordItem(idempotency: IdempotencyRecord, slot: string, id: string, besideId: string) {
    return marshall({
      ...keys.idempotency(IDEMPOTENCY_SCOPE, idempotency.keyHash),
      type: itemTypes.idempotency,
      ...idempotency,
      response: { ...idempotency.response, id },
      [BESIDE_ID]: besideId,
      [CLAIM_SLOT]: slot,
    });
  }

  /** The record's item, read strongly consistent; undefined when absent or expired. */
  private async readRecordItem(keyHash: string): Promise<Record<string, unknown> | undefined> {
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.idempotency(IDEMPOTENCY_SCOPE, keyHash)),
        ConsistentRead: true,
      }),
    );
    const item = output.Item ? unmarshall(output.Item) : undefined;
    return item && Number(item.expiresAt) >= epochSeconds() ? item : undefined;
  }

  /**
   * Takes away the record of a registration refused as a duplicate, unless its registration was
   * stored beside its slot meanwhile (that write names the beside id in the record's response).
   * True when no record of this request is left.
   */
  private async removeRecord(keyed: KeyedRegistration): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.idempotency(IDEMPOTENCY_SCOPE, keyed.record.keyHash)),
          ConditionExpression: 'bodyHash = :bodyHash AND #response.#id = :slotId',
          ExpressionAttributeNames: { '#response': 'response', '#id': 'id' },
          ExpressionAttributeValues: marshall({
            ':bodyHash': keyed.record.bodyHash,
            ':slotId': keyed.slotId,
          }),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const left = returnedItem(error.Item);
      // Gone already, or the key's again after expiry with another body: nothing of ours is left.
      return left === undefined || left.bodyHash !== keyed.record.bodyHash;
    }
  }

  /**
   * The registration of a record, at its slot or beside it. Finding it stored already (a replay,
   * or a racing request with the same key and body) counts as created.
   */
  private async writeKeyed(keyed: KeyedRegistration, slot: string): Promise<Attempt> {
    const atSlot = { ...keyed.registration, id: keyed.slotId };
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: registrationItem(atSlot),
          ConditionExpression: 'attribute_not_exists(PK)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { kind: 'created', id: keyed.slotId };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const found = returnedItem(error.Item) ?? (await readSlot(this.client, this.tableName, slot));
      if (found === undefined) return { kind: 'retry' };
      const own = ownedAt(found, keyed);
      if (own !== undefined) return { kind: 'created', id: own };
      const refusal = await this.slotRefusal(atSlot, slot, found);
      if (refusal.kind !== 'slot-occupied') return refusal;
    }
    return this.createBesideKeyed(keyed, slot);
  }

  /**
   * {@link createBeside} for a record: the record is written again in the same transaction, its
   * response naming the beside id, so a registration stored beside its slot always has its record
   * (a request refused as a duplicate meanwhile may have taken it away).
   */
  private async createBesideKeyed(keyed: KeyedRegistration, slot: string): Promise<Attempt> {
    const registration = { ...keyed.registration, id: keyed.besideId };
    const recordPut: TransactWriteItem = {
      Put: {
        TableName: this.tableName,
        Item: this.recordItem(keyed.record, slot, keyed.besideId, keyed.besideId),
        ConditionExpression: 'attribute_not_exists(PK) OR bodyHash = :bodyHash OR expiresAt < :now',
        ExpressionAttributeValues: marshall({ ':bodyHash': keyed.record.bodyHash, ':now': epochSeconds() }),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
    return this.createBeside(registration, slot, recordPut, keyed);
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

  /** The registration as the first holder of its claim: the item at the claim's slot. */
  private async createAtSlot(registration: Registration, slot: string): Promise<Attempt> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: registrationItem(registration),
          ConditionExpression: 'attribute_not_exists(PK)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { kind: 'created', id: registration.id };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const found = returnedItem(error.Item);
      // The client retried this very PutItem after losing the answer to a write that succeeded: the
      // slot holds our own item (its edit token hash is this request's alone), so it was created.
      if (isSameSubmission(found, registration)) return { kind: 'created', id: registration.id };
      return this.slotRefusal(registration, slot, found);
    }
  }

  /**
   * The registration under its own random slot, its claim recorded on the item at the claim's
   * slot (a registration that moved away from it), all or nothing; with a key, its record too.
   */
  private async createBeside(
    registration: Registration,
    slot: string,
    recordPut?: TransactWriteItem,
    keyed?: KeyedRegistration,
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
        {
          Put: {
            TableName: this.tableName,
            Item: registrationItem(registration),
            ConditionExpression: 'attribute_not_exists(PK)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        ...(recordPut ? [recordPut] : []),
      ],
      this.options,
    );
    if (outcome === 'committed') return { kind: 'created', id: registration.id };
    const [slotReason, putReason, recordReason] = outcome;
    if (keyed && conditionFailed(putReason)) {
      // Its own beside id taken: by the registration itself, stored by a request with the same key.
      const found =
        returnedItem(putReason?.Item) ??
        (await readSlot(this.client, this.tableName, registrationSlotOf(registration.id)));
      if (found !== undefined && ownedAt(found, keyed) === registration.id) {
        return { kind: 'created', id: registration.id };
      }
    }
    if (conditionFailed(slotReason)) {
      const found = returnedItem(slotReason?.Item) ?? (await readSlot(this.client, this.tableName, slot));
      const own = keyed && found !== undefined ? ownedAt(found, keyed) : undefined;
      if (own !== undefined) return { kind: 'created', id: own };
      const refusal = await this.slotRefusal(registration, slot, found);
      // Still occupied by an item that holds nothing here: it changed in between; go round again.
      return refusal.kind === 'slot-occupied' ? { kind: 'retry' } : refusal;
    }
    if (keyed && conditionFailed(recordReason)) {
      // The key expired and was taken with another body meanwhile.
      const item = returnedItem(recordReason?.Item) ?? (await this.readRecordItem(keyed.record.keyHash));
      return { kind: 'idempotency-key-taken', record: item ? toIdempotencyRecord(item) : undefined };
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
