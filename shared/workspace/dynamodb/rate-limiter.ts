import { marshall } from '@aws-sdk/util-dynamodb';
import {
  ConditionalCheckFailedException,
  type DynamoDbClient,
  UpdateItemCommand,
} from '../../platform/dynamodb/client.js';
import { itemTypes, keys } from '../../platform/dynamodb/table.js';
import { type RateLimiter, type RateRule, type RateVerdict, windowOf } from '../rate-limit.js';

/**
 * DynamoDB adapter of {@link RateLimiter}: one item per (subject, window) whose counter grows by
 * one conditional UpdateItem while it is under the limit, so concurrent requests on any number
 * of containers never count past it. The TTL removes the item a window after it ends.
 */
export class DynamoDbRateLimiter implements RateLimiter {
  constructor(
    private readonly client: DynamoDbClient,
    private readonly tableName: string,
  ) {}

  async hit(subject: string, rule: RateRule, now: Date): Promise<RateVerdict> {
    const window = windowOf(rule, now);
    const retryAfterSeconds = Math.max(1, window.end - Math.floor(now.getTime() / 1000));
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.rateWindow(subject, window.start)),
          UpdateExpression: 'SET #type = :type, expiresAt = :expiresAt ADD #count :one',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#type': 'type', '#count': 'count' },
          ExpressionAttributeValues: marshall({
            ':type': itemTypes.rateWindow,
            ':expiresAt': window.end + rule.windowSeconds,
            ':one': 1,
            ':limit': rule.limit,
          }),
        }),
      );
      return { allowed: true, retryAfterSeconds };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { allowed: false, retryAfterSeconds };
      throw error;
    }
  }
}
