import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { itemTypes, keys } from '../../platform/dynamodb/table.js';
import type {
  ClaimOutcome,
  NotificationClaim,
  NotificationClaimRequest,
  NotificationLedger,
} from '../ports.js';

/** How long a notification record is kept (DynamoDB TTL): far beyond any queue's retention. */
export const NOTIFICATION_RECORD_TTL_DAYS = 30;

const isConditionFailure = (error: unknown) =>
  (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';

const outcomeOf = (item: Record<string, unknown> | undefined, now: Date): ClaimOutcome | undefined => {
  if (item === undefined) return undefined;
  if (item.status === 'SENT') return { kind: 'sent' };
  if (item.status === 'FAILED_PERMANENT') return { kind: 'failed-permanent' };
  if (item.status === 'IN_PROGRESS' && Number(item.leaseExpiresAt) >= now.getTime()) {
    return { kind: 'in-progress' };
  }
  return undefined;
};

/**
 * DynamoDB adapter of the notification ledger: item keys.notification(eventId, recipientHash),
 * `status` IN_PROGRESS → SENT | FAILED_PERMANENT, a lease (`leaseExpiresAt`, epoch ms) while in
 * progress, and `expiresAt` (epoch seconds) for the table's TTL.
 */
export class DynamoDbNotificationStore implements NotificationLedger {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async claim(request: NotificationClaimRequest): Promise<ClaimOutcome> {
    const key = keys.notification(request.eventId, request.recipientHash);
    const now = request.now.getTime();
    try {
      const output = await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall(
            {
              ...key,
              type: itemTypes.notification,
              status: 'IN_PROGRESS',
              eventId: request.eventId,
              recipientHash: request.recipientHash,
              registrationId: request.registrationId,
              recipientKind: request.recipientKind,
              officerIds:
                request.officerIds && request.officerIds.length > 0 ? [...request.officerIds] : undefined,
              attemptId: request.attemptId,
              leaseExpiresAt: now + request.leaseMs,
              claimedAt: request.now.toISOString(),
              expiresAt: Math.floor(now / 1000) + NOTIFICATION_RECORD_TTL_DAYS * 24 * 60 * 60,
            },
            { removeUndefinedValues: true },
          ),
          ConditionExpression:
            'attribute_not_exists(PK) OR (#status = :inProgress AND leaseExpiresAt < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall({ ':inProgress': 'IN_PROGRESS', ':now': now }),
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return {
        kind: 'claimed',
        claim: {
          eventId: request.eventId,
          recipientHash: request.recipientHash,
          attemptId: request.attemptId,
        },
        takenOver: output.Attributes !== undefined,
      };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const old = (error as { Item?: Parameters<typeof unmarshall>[0] }).Item;
      const fromFailure = outcomeOf(old ? unmarshall(old) : undefined, request.now);
      if (fromFailure) return fromFailure;
      // No old item in the failure: read what blocked the write.
      const stored = await this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: marshall(key), ConsistentRead: true }),
      );
      return (
        outcomeOf(stored.Item ? unmarshall(stored.Item) : undefined, request.now) ?? { kind: 'in-progress' }
      );
    }
  }

  markSent(claim: NotificationClaim, messageId: string, at: Date): Promise<boolean> {
    return this.complete(claim, 'SENT', { messageId, sentAt: at.toISOString() });
  }

  markFailedPermanent(claim: NotificationClaim, reason: string, at: Date): Promise<boolean> {
    return this.complete(claim, 'FAILED_PERMANENT', { failureReason: reason, failedAt: at.toISOString() });
  }

  async release(claim: NotificationClaim): Promise<void> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.notification(claim.eventId, claim.recipientHash)),
          ConditionExpression: 'attemptId = :attempt AND #status = :inProgress',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall({ ':attempt': claim.attemptId, ':inProgress': 'IN_PROGRESS' }),
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  private async complete(
    claim: NotificationClaim,
    status: 'SENT' | 'FAILED_PERMANENT',
    facts: Readonly<Record<string, string>>,
  ): Promise<boolean> {
    const names = Object.keys(facts);
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.notification(claim.eventId, claim.recipientHash)),
          UpdateExpression: `SET #status = :status, ${names.map((name) => `#${name} = :${name}`).join(', ')} REMOVE leaseExpiresAt`,
          ConditionExpression: 'attemptId = :attempt AND #status = :inProgress',
          ExpressionAttributeNames: {
            '#status': 'status',
            ...Object.fromEntries(names.map((name) => [`#${name}`, name])),
          },
          ExpressionAttributeValues: marshall({
            ':status': status,
            ':attempt': claim.attemptId,
            ':inProgress': 'IN_PROGRESS',
            ...Object.fromEntries(names.map((name) => [`:${name}`, facts[name]])),
          }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
