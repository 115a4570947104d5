import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import {
  type ConflictRetryOptions,
  conditionFailed,
  transactWrite,
} from '../../platform/dynamodb/transact.js';
import type { HistoryEntry } from '../history.js';
import type {
  GetRegistrationOptions,
  RegistrationResubmissionRepository,
  ResubmitOutcome,
} from '../ports.js';
import type { Registration } from '../registration.js';
import { claimItem, historyItem, readClaimOwner, readRegistration, registrationItem } from './items.js';

/** DynamoDB adapter of {@link RegistrationResubmissionRepository}: a corrected registration, its claim moved. */
export class DynamoDbRegistrationResubmissionRepository implements RegistrationResubmissionRepository {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly options: ConflictRetryOptions = {},
  ) {}

  get(id: string, options?: GetRegistrationOptions): Promise<Registration | undefined> {
    return readRegistration(this.client, this.tableName, id, options);
  }

  async resubmit(
    previous: Registration,
    next: Registration,
    history: HistoryEntry,
  ): Promise<ResubmitOutcome> {
    const oldClaim = claimItem(previous);
    const newClaim = claimItem(next);
    const claimMoves = oldClaim.PK !== newClaim.PK;
    const outcome = await transactWrite(
      this.client,
      [
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
      ],
      this.options,
    );
    if (outcome === 'committed') return { kind: 'resubmitted' };
    const [registrationReason, , oldClaimReason, newClaimReason] = outcome;
    if (conditionFailed(registrationReason)) return { kind: 'conflict' };
    if (conditionFailed(newClaimReason)) {
      const existingId =
        newClaimReason?.Item?.registrationId?.S ??
        (await readClaimOwner(this.client, this.tableName, newClaim));
      // A claim released in between: the caller may simply try again.
      return existingId ? { kind: 'duplicate', existingId } : { kind: 'conflict' };
    }
    if (conditionFailed(oldClaimReason)) {
      throw new Error('The registration does not own the SK claim it was stored with');
    }
    throw new Error('Resubmission cancelled for an unexpected reason');
  }
}
