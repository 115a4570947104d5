import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type AttributeValue, type DynamoDbClient, QueryCommand } from '../../platform/dynamodb/client.js';
import { keyCursor, startKeyOf } from '../../platform/dynamodb/cursor.js';
import { keys } from '../../platform/dynamodb/table.js';
import { type HistoryEntry, submitHistoryEntry } from '../history.js';
import {
  type GetRegistrationOptions,
  InvalidCursorError,
  type RegistrationListQuery,
  type RegistrationPage,
  type RegistrationQueryRepository,
  type RegistrationSummary,
} from '../ports.js';
import type { Registration } from '../registration.js';
import {
  isRegistrationItem,
  type ListingPlan,
  planListing,
  readRegistration,
  toHistoryEntry,
  toRegistration,
} from './items.js';

/** Queries one listing page may make before it answers a short page with a cursor. */
const MAX_LIST_QUERIES = 10;

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

/** The start key a cursor names, if it is a registration's position in this listing's index. */
const decodeCursor = (cursor: string, plan: ListingPlan): Record<string, AttributeValue> => {
  const key = startKeyOf(
    cursor,
    ['PK', 'SK', plan.partitionAttribute, 'id'],
    (key) =>
      key[plan.partitionAttribute] === plan.partitionValue &&
      key.PK === keys.registration(String(key.id)).PK &&
      key.SK === keys.registration(String(key.id)).SK,
  );
  if (key === undefined) throw new InvalidCursorError();
  return key;
};

/** DynamoDB adapter of {@link RegistrationQueryRepository}: the admin reads, through the region indexes. */
export class DynamoDbRegistrationQueryRepository implements RegistrationQueryRepository {
  constructor(
    private readonly client: DynamoDbClient,
    private readonly tableName: string,
  ) {}

  get(id: string, options?: GetRegistrationOptions): Promise<Registration | undefined> {
    return readRegistration(this.client, this.tableName, id, options);
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
          // The index sorts by id, a ULID: submission order.
          ScanIndexForward: query.order === 'oldest',
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
        return { items: items.map(toSummary), nextCursor: last ? keyCursor(keyOf(last)) : null };
      }
      startKey = output.LastEvaluatedKey;
      if (startKey === undefined) return { items: collected.map(toSummary), nextCursor: null };
      if (calls >= MAX_LIST_QUERIES) {
        // A very selective filter: answer what was found, and where to go on.
        return { items: collected.map(toSummary), nextCursor: keyCursor(unmarshall(startKey)) };
      }
    }
  }

  /**
   * The registration's partition holds its audit entries (`HIST#<at>#<id>`, in time order) and,
   * sorted after them, the registration item (`REG`), which is its own SUBMIT entry: the entry is
   * derived from it (`submitHistoryEntry`), never stored apart, so it exists exactly when the
   * registration does.
   */
  async listHistory(id: string): Promise<HistoryEntry[]> {
    const entries: HistoryEntry[] = [];
    let submitted: HistoryEntry | undefined;
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: marshall({ ':pk': keys.registration(id).PK }),
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const raw of output.Items ?? []) {
        const item = unmarshall(raw);
        if (String(item.SK).startsWith(keys.historyPrefix) && item.registrationId === id) {
          entries.push(toHistoryEntry(item));
        } else if (isRegistrationItem(item, id)) {
          submitted = submitHistoryEntry(toRegistration(item));
        }
      }
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return submitted ? [submitted, ...entries] : entries;
  }
}
