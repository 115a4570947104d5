import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { indexNames, keys } from '../../platform/dynamodb/table.js';
import { levelOf, parentOf } from '../../platform/region-codes.js';
import {
  type GetRegistrationOptions,
  InvalidCursorError,
  type RegistrationListQuery,
  type RegistrationPage,
  type RegistrationQueryRepository,
  type RegistrationSummary,
} from '../ports.js';
import type { Registration } from '../registration.js';

/** Queries one listing page may make before it answers a short page with a cursor. */
const MAX_LIST_QUERIES = 10;

const toRegistration = (item: Record<string, unknown>): Registration => {
  const { PK: _pk, SK: _sk, type: _type, ...registration } = item;
  return registration as unknown as Registration;
};

const toSummary = (item: Record<string, unknown>): RegistrationSummary => ({
  id: String(item.id),
  name: String(item.name),
  villageCode: String(item.villageCode),
  villageName: String(item.villageName),
  districtCode: String(item.districtCode),
  status: item.status as RegistrationSummary['status'],
  submittedAt: String(item.submittedAt),
  updatedAt: String(item.updatedAt),
  version: Number(item.version),
});

/** How a listing reads one region: which index, which partition, which extra filter. */
export interface ListingPlan {
  readonly indexName: string;
  readonly partitionAttribute: string;
  readonly partitionValue: string;
  readonly villageCode?: string;
}

export const planListing = (regionCode: string): ListingPlan => {
  switch (levelOf(regionCode)) {
    case 'village':
      return {
        indexName: indexNames.byDistrict,
        partitionAttribute: 'districtCode',
        partitionValue: parentOf(regionCode) ?? '',
        villageCode: regionCode,
      };
    case 'district':
      return {
        indexName: indexNames.byDistrict,
        partitionAttribute: 'districtCode',
        partitionValue: regionCode,
      };
    case 'regency':
      return {
        indexName: indexNames.byRegency,
        partitionAttribute: 'regencyCode',
        partitionValue: regionCode,
      };
    case 'province':
      return {
        indexName: indexNames.byProvince,
        partitionAttribute: 'provinceCode',
        partitionValue: regionCode,
      };
    case 'country':
      return {
        indexName: indexNames.byCountry,
        partitionAttribute: 'countryCode',
        partitionValue: regionCode,
      };
  }
};

/** A page position: the index key of the last item handed out, as base64url JSON. */
const encodeCursor = (key: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

const decodeCursor = (cursor: string, plan: ListingPlan): Record<string, AttributeValue> => {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const expected = ['PK', 'SK', plan.partitionAttribute, 'id'].sort();
  if (key === null || typeof key !== 'object' || Array.isArray(key)) throw new InvalidCursorError();
  const record = key as Record<string, unknown>;
  const names = Object.keys(record).sort();
  const valid =
    names.length === expected.length &&
    names.every((name, index) => name === expected[index] && typeof record[name] === 'string') &&
    record[plan.partitionAttribute] === plan.partitionValue &&
    record.PK === keys.registration(String(record.id)).PK &&
    record.SK === keys.registration(String(record.id)).SK;
  if (!valid) throw new InvalidCursorError();
  return marshall(record);
};

/**
 * The reads of registrations (one by id, a region's listing): apart from the store's writes so a
 * function that only reads, such as the public pages, does not bundle the write paths and the
 * schemas they check. DynamoDbRegistrationStore extends it.
 */
export class DynamoDbRegistrationReader implements Pick<RegistrationQueryRepository, 'get' | 'list'> {
  constructor(
    protected readonly client: DynamoDBClient,
    protected readonly tableName: string,
  ) {}

  async get(id: string, options: GetRegistrationOptions = {}): Promise<Registration | undefined> {
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.registration(id)),
        ...(options.consistent ? { ConsistentRead: true } : {}),
      }),
    );
    return output.Item ? toRegistration(unmarshall(output.Item)) : undefined;
  }

  async list(query: RegistrationListQuery): Promise<RegistrationPage> {
    const plan = planListing(query.regionCode);
    const names: Record<string, string> = { '#partition': plan.partitionAttribute };
    const values: Record<string, unknown> = { ':partition': plan.partitionValue };
    const filters: string[] = [];
    if (plan.villageCode !== undefined) {
      filters.push('villageCode = :village');
      values[':village'] = plan.villageCode;
    }
    if (query.status !== undefined) {
      names['#status'] = 'status';
      values[':status'] = query.status;
      filters.push('#status = :status');
    }
    const filtered = filters.length > 0;
    const keyOf = (item: Record<string, unknown>) => ({
      PK: item.PK,
      SK: item.SK,
      [plan.partitionAttribute]: item[plan.partitionAttribute],
      id: item.id,
    });

    const collected: Array<Record<string, unknown>> = [];
    let startKey = query.cursor === undefined ? undefined : decodeCursor(query.cursor, plan);
    for (let calls = 1; ; calls++) {
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: plan.indexName,
          KeyConditionExpression: '#partition = :partition',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values),
          ...(filtered ? { FilterExpression: filters.join(' AND ') } : {}),
          ScanIndexForward: false,
          // One more than needed tells whether another page exists. A filtered query reads whole
          // pages instead: its Limit would count the items it discards too.
          ...(filtered ? {} : { Limit: query.limit - collected.length + 1 }),
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of output.Items ?? []) collected.push(unmarshall(item));
      if (collected.length > query.limit) {
        const items = collected.slice(0, query.limit);
        const last = items[items.length - 1];
        return { items: items.map(toSummary), nextCursor: last ? encodeCursor(keyOf(last)) : null };
      }
      startKey = output.LastEvaluatedKey;
      if (startKey === undefined) return { items: collected.map(toSummary), nextCursor: null };
      if (calls >= MAX_LIST_QUERIES) {
        // A very selective filter: answer what was found, and where to go on.
        return { items: collected.map(toSummary), nextCursor: encodeCursor(unmarshall(startKey)) };
      }
    }
  }
}
