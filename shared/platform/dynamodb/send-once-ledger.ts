import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  SendOnceClaim,
  SendOnceClaimRequest,
  SendOnceLedger,
  SendOnceOutcome,
  SendOnceState,
} from '../send-once/ports.js';
import {
  DeleteItemCommand,
  type DynamoDbClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from './client.js';
import { itemTypes, keys } from './table.js';

export interface SendOnceLedgerOptions {
  /** How long a record is kept (the table's TTL, `expiresAt`): well past any retry of its send. */
  readonly retentionDays: number;
}

const SENDING: SendOnceState = 'SENDING';

const isConditionFailure = (error: unknown) =>
  (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';

const outcomeOf = (item: Record<string, unknown> | undefined, now: Date): SendOnceOutcome | undefined => {
  if (item === undefined) return undefined;
  if (item.state === 'SENT') return { kind: 'sent' };
  if (item.state === 'REFUSED') return { kind: 'refused' };
  if (item.state === SENDING && Number(item.leaseExpiresAt) >= now.getTime()) return { kind: 'in-progress' };
  return undefined;
};

/**
 * DynamoDB adapter of the send-once ledger: item keys.notification(sendKey, recipientHash),
 * `state` SENDING → SENT | REFUSED, a lease (`leaseExpiresAt`, epoch ms) while sending, the
 * holding `attemptId`, and `expiresAt` (epoch seconds) for the table's TTL.
 */
export class DynamoDbSendOnceLedger implements SendOnceLedger {
  constructor(
    private readonly client: DynamoDbClient,
    private readonly tableName: string,
    private readonly options: SendOnceLedgerOptions,
  ) {}

  async claim(request: SendOnceClaimRequest): Promise<SendOnceOutcome> {
    const key = keys.notification(request.sendKey, request.recipientHash);
    const now = request.now.getTime();
    try {
      const output = await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall(
            {
              ...request.facts,
              ...key,
              type: itemTypes.notification,
              state: SENDING,
              sendKey: request.sendKey,
              recipientHash: request.recipientHash,
              attemptId: request.attemptId,
              leaseExpiresAt: now + request.leaseMs,
              claimedAt: request.now.toISOString(),
              expiresAt: Math.floor(now / 1000) + this.options.retentionDays * 24 * 60 * 60,
            },
            { removeUndefinedValues: true },
          ),
          ConditionExpression: 'attribute_not_exists(PK) OR (#state = :sending AND leaseExpiresAt < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: marshall({ ':sending': SENDING, ':now': now }),
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return {
        kind: 'claimed',
        claim: {
          sendKey: request.sendKey,
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

  markSent(claim: SendOnceClaim, messageId: string, at: Date): Promise<boolean> {
    return this.complete(claim, 'SENT', { messageId, sentAt: at.toISOString() });
  }

  markRefused(claim: SendOnceClaim, reason: string, at: Date): Promise<boolean> {
    return this.complete(claim, 'REFUSED', { failureReason: reason, failedAt: at.toISOString() });
  }

  async release(claim: SendOnceClaim): Promise<void> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.notification(claim.sendKey, claim.recipientHash)),
          ConditionExpression: 'attemptId = :attempt AND #state = :sending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: marshall({ ':attempt': claim.attemptId, ':sending': SENDING }),
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  private async complete(
    claim: SendOnceClaim,
    state: Exclude<SendOnceState, 'SENDING'>,
    facts: Readonly<Record<string, string>>,
  ): Promise<boolean> {
    const names = Object.keys(facts);
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.notification(claim.sendKey, claim.recipientHash)),
          UpdateExpression: `SET #state = :state, ${names.map((name) => `#${name} = :${name}`).join(', ')} REMOVE leaseExpiresAt`,
          ConditionExpression: 'attemptId = :attempt AND #state = :sending',
          ExpressionAttributeNames: {
            '#state': 'state',
            ...Object.fromEntries(names.map((name) => [`#${name}`, name])),
          },
          ExpressionAttributeValues: marshall({
            ':state': state,
            ':attempt': claim.attemptId,
            ':sending': SENDING,
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
