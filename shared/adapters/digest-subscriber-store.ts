import { type DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DigestSubscriber } from '../digests/subscriber.js';
import type {
  DigestSubscriberListQuery,
  DigestSubscriberPage,
  DigestSubscriberRepository,
} from '../digests/subscriber-ports.js';
import { COUNTRY_CODE } from '../regions/codes.js';
import { InvalidCursorError } from '../registrations/ports.js';
import { indexNames, itemTypes, keys } from '../table.js';
import { conditionFailed, transactWrite } from './transact.js';

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

/** gsi1 sort-key prefix: `<code>` is a region's whole subtree, `<code>#` the region alone (see officer-store). */
const prefixOf = (query: Pick<DigestSubscriberListQuery, 'regionCode' | 'includeDescendants'>) => {
  if (!query.includeDescendants) return `${query.regionCode}#`;
  return query.regionCode === COUNTRY_CODE ? undefined : query.regionCode;
};

const encodeCursor = (key: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

const decodeCursor = (cursor: string, prefix: string | undefined) => {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (key === null || typeof key !== 'object' || Array.isArray(key)) throw new InvalidCursorError();
  const record = key as Record<string, unknown>;
  const { PK, SK, GSI1PK, GSI1SK } = record;
  const id = typeof GSI1SK === 'string' ? GSI1SK.slice(GSI1SK.lastIndexOf('#') + 1) : '';
  const valid =
    Object.keys(record).sort().join(',') === 'GSI1PK,GSI1SK,PK,SK' &&
    GSI1PK === keys.digestSubscribersPartition &&
    typeof GSI1SK === 'string' &&
    (prefix === undefined || GSI1SK.startsWith(prefix)) &&
    PK === keys.digestSubscriber(id).PK &&
    SK === keys.digestSubscriber(id).SK;
  if (!valid) throw new InvalidCursorError();
  return marshall(record);
};

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
    const prefix = prefixOf(query);
    const output = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: indexNames.gsi1,
        KeyConditionExpression:
          prefix === undefined
            ? 'GSI1PK = :partition'
            : 'GSI1PK = :partition AND begins_with(GSI1SK, :prefix)',
        ExpressionAttributeValues: marshall({
          ':partition': keys.digestSubscribersPartition,
          ...(prefix === undefined ? {} : { ':prefix': prefix }),
        }),
        // One more than asked tells whether another page exists.
        Limit: query.limit + 1,
        ExclusiveStartKey: query.cursor === undefined ? undefined : decodeCursor(query.cursor, prefix),
      }),
    );
    const items = (output.Items ?? []).map((item) => unmarshall(item));
    if (items.length <= query.limit) {
      return {
        items: items.map(toSubscriber),
        nextCursor: output.LastEvaluatedKey ? encodeCursor(unmarshall(output.LastEvaluatedKey)) : null,
      };
    }
    const page = items.slice(0, query.limit);
    const last = page[page.length - 1] ?? {};
    return {
      items: page.map(toSubscriber),
      nextCursor: encodeCursor({ PK: last.PK, SK: last.SK, GSI1PK: last.GSI1PK, GSI1SK: last.GSI1SK }),
    };
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
