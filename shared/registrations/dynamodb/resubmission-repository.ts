import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDbClient, TransactWriteItem } from '../../platform/dynamodb/client.js';
import { keys, registrationSlotOf } from '../../platform/dynamodb/table.js';
import {
  type ConflictRetryOptions,
  conditionFailed,
  transactWrite,
} from '../../platform/dynamodb/transact.js';
import type { HistoryEntry } from '../history.js';
import type {
  GetRegistrationOptions,
  RegistrationProfileRepository,
  RegistrationResubmissionRepository,
  ResubmitOutcome,
} from '../ports.js';
import type { Registration } from '../registration.js';
import {
  claimSlotOf,
  historyItem,
  holderAtSlot,
  isRegistrationItem,
  readRegistration,
  readSlot,
  registrationItem,
  returnedItem,
  sameClaim,
  slotFreeCondition,
} from './items.js';

/**
 * Times a resubmission is written at most when only the claim another registration keeps on this
 * registration's item changed in between (its status and version did not).
 */
const MAX_RESUBMIT_ROUNDS = 3;

/**
 * DynamoDB adapter of {@link RegistrationResubmissionRepository} and
 * {@link RegistrationProfileRepository}: a corrected or updated registration, its claim moved.
 * The registration stays at its slot (its id does not change); a claim it leaves is released at
 * the claim's slot, a claim it takes is taken at that slot (see items.ts), all in one transaction
 * with the registration and its audit entry (RESUBMIT or UPDATE_PROFILE).
 */
export class DynamoDbRegistrationResubmissionRepository
  implements RegistrationResubmissionRepository, RegistrationProfileRepository
{
  constructor(
    private readonly client: DynamoDbClient,
    private readonly tableName: string,
    private readonly options: ConflictRetryOptions = {},
  ) {}

  get(id: string, options?: GetRegistrationOptions): Promise<Registration | undefined> {
    return readRegistration(this.client, this.tableName, id, options);
  }

  resubmit(previous: Registration, next: Registration, history: HistoryEntry): Promise<ResubmitOutcome> {
    return this.replace(previous, next, history);
  }

  async replace(previous: Registration, next: Registration, history: HistoryEntry): Promise<ResubmitOutcome> {
    const ownSlot = registrationSlotOf(previous.id);
    for (let round = 1; ; round++) {
      // The claim another registration may keep on this item must survive the Put.
      const own = await readSlot(this.client, this.tableName, ownSlot);
      if (own === undefined || !isRegistrationItem(own, previous.id)) return { kind: 'conflict' };
      const keptClaimHolder = typeof own.claimHolder === 'string' ? own.claimHolder : undefined;
      const claimMoves = !sameClaim(previous, next);
      const newSlot = claimSlotOf(next);
      const oldSlot = claimSlotOf(previous);
      // Moving back to the claim of its own slot: free only if no one else keeps it there.
      const takesOwnSlot = claimMoves && newSlot === ownSlot;
      if (takesOwnSlot && keptClaimHolder !== undefined) {
        return { kind: 'duplicate', existingId: keptClaimHolder };
      }
      const values: Record<string, unknown> = { ':from': previous.status, ':version': previous.version };
      if (keptClaimHolder !== undefined) values[':holder'] = keptClaimHolder;
      const items: TransactWriteItem[] = [
        {
          Put: {
            TableName: this.tableName,
            Item: registrationItem(next, takesOwnSlot ? undefined : keptClaimHolder),
            ConditionExpression: `#status = :from AND version = :version AND ${
              keptClaimHolder === undefined ? 'attribute_not_exists(claimHolder)' : 'claimHolder = :holder'
            }`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: marshall(values),
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: marshall(historyItem(next.id, history)),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      ];
      const releases = claimMoves && oldSlot !== ownSlot;
      if (releases) {
        items.push({
          Update: {
            TableName: this.tableName,
            Key: marshall(keys.registrationSlot(oldSlot)),
            UpdateExpression: 'REMOVE claimHolder',
            ConditionExpression: 'claimHolder = :id',
            ExpressionAttributeValues: marshall({ ':id': previous.id }),
          },
        });
      }
      const takes = claimMoves && !takesOwnSlot;
      if (takes) {
        items.push({
          Update: {
            TableName: this.tableName,
            Key: marshall(keys.registrationSlot(newSlot)),
            // A free slot with no item gets a thin claim item.
            UpdateExpression: 'SET claimHolder = :id, #type = if_not_exists(#type, :claimType)',
            ConditionExpression: slotFreeCondition.expression,
            ExpressionAttributeNames: slotFreeCondition.names,
            ExpressionAttributeValues: marshall({
              ':id': next.id,
              ':claimType': 'SK_CLAIM',
              ...slotFreeCondition.values(next),
            }),
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        });
      }
      const outcome = await transactWrite(this.client, items, this.options);
      if (outcome === 'committed') return { kind: 'resubmitted' };
      const [registrationReason, , ...claimReasons] = outcome;
      const releaseReason = releases ? claimReasons[0] : undefined;
      const takeReason = takes ? claimReasons[releases ? 1 : 0] : undefined;
      if (conditionFailed(takeReason)) {
        const existingId = holderAtSlot(
          returnedItem(takeReason?.Item) ?? (await readSlot(this.client, this.tableName, newSlot)),
          next,
        );
        // A claim released in between: the caller may simply try again.
        return existingId ? { kind: 'duplicate', existingId } : { kind: 'conflict' };
      }
      if (conditionFailed(releaseReason)) {
        throw new Error('The registration does not hold the SK claim it was stored with');
      }
      if (conditionFailed(registrationReason)) {
        const current = await readRegistration(this.client, this.tableName, previous.id, {
          consistent: true,
        });
        const onlyClaimChanged =
          current !== undefined && current.status === previous.status && current.version === previous.version;
        if (!onlyClaimChanged || round >= MAX_RESUBMIT_ROUNDS) return { kind: 'conflict' };
        continue;
      }
      throw new Error('Registration replacement cancelled for an unexpected reason');
    }
  }
}
