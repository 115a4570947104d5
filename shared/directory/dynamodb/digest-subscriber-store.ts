import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { itemTypes, keys } from '../../platform/dynamodb/table.js';
import { conditionFailed, transactWrite } from '../../platform/dynamodb/transact.js';
import type { DigestSubscriber } from '../subscriber.js';
import type {
  DigestSubscriberListQuery,
  DigestSubscriberPage,
  DigestSubscriberRepository,
} from '../subscriber-ports.js';
import { listRegionDirectory } from './region-directory-listing.js';

/** Attempts at a create whose email claim is released between the failed write and the read-back. */
const MAX_CREATE_ATTEMPTS = 3;

const claimKey = (subscriber: DigestSubscriber) =>
  keys.digestSubscriberClaim(subscriber.regionCode, subscriber.email);

const toSubscriber = (item: Record<string, unknown>): DigestSubscriber => ({
  id: String(item.id),
  email: String(item.email),
  regionCode: String(item.regionCode),
  createdAt: String(item.createdAt),
});

/** DynamoDB adapter of the digest subscribers: subscriber items, (region, email) claims, the gsi1 listing. */
export class DynamoDbDigestSubscriberStore implements DigestSubscriberRepository {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async get(id: string, options: { readonly consistent?: boolean } = {}) {
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.digestSubscriber(id)),
        ...(options.consistent ? { ConsistentRead: true } : {}),
      }),
    );
    return output.Item ? toSubscriber(unmarshall(output.Item)) : undefined;
  }

  async create(subscriber: DigestSubscriber) {
    for (let attempt = 1; ; attempt++) {
      const outcome = await transactWrite(this.client, [
        {
          Put: {
            TableName: this.tableName,
            Item: marshall({
              ...keys.digestSubscriber(subscriber.id),
              ...keys.digestSubscriberListing(subscriber.regionCode, subscriber.id),
              type: itemTypes.digestSubscriber,
              ...subscriber,
            }),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: marshall({
              ...claimKey(subscriber),
              type: itemTypes.digestSubscriberClaim,
              subscriberId: subscriber.id,
            }),
            ConditionExpression: 'attribute_not_exists(PK)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
      ]);
      if (outcome === 'committed') return { kind: 'written' } as const;
      const reason = outcome[1];
      if (conditionFailed(reason)) {
        const existingId = reason?.Item?.subscriberId?.S ?? (await this.claimOwner(subscriber));
        if (existingId !== undefined) return { kind: 'duplicate', existingId } as const;
      }
      if (attempt >= MAX_CREATE_ATTEMPTS) {
        throw new Error('Digest subscriber create cancelled for an unexpected reason');
      }
    }
  }

  async delete(subscriber: DigestSubscriber): Promise<'deleted' | 'missing'> {
    const outcome = await transactWrite(this.client, [
      {
        Delete: {
          TableName: this.tableName,
          Key: marshall(keys.digestSubscriber(subscriber.id)),
          ConditionExpression: 'attribute_exists(PK)',
        },
      },
      {
        Delete: {
          TableName: this.tableName,
          Key: marshall(claimKey(subscriber)),
          ConditionExpression: 'subscriberId = :id',
          ExpressionAttributeValues: marshall({ ':id': subscriber.id }),
        },
      },
    ]);
    if (outcome === 'committed') return 'deleted';
    if (conditionFailed(outcome[0])) return 'missing';
    throw new Error('The digest subscriber does not own its email claim');
  }

  async list(query: DigestSubscriberListQuery): Promise<DigestSubscriberPage> {
    return listRegionDirectory(
      this.client,
      this.tableName,
      { partition: keys.digestSubscribersPartition, keyOf: keys.digestSubscriber },
      query,
      toSubscriber,
    );
  }

  private async claimOwner(subscriber: DigestSubscriber): Promise<string | undefined> {
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(claimKey(subscriber)),
        ConsistentRead: true,
      }),
    );
    return output.Item?.subscriberId?.S;
  }
}
