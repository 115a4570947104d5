import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type AttributeValue,
  type CancellationReason,
  type DynamoDbClient,
  GetItemCommand,
  QueryCommand,
  type TransactWriteItem,
} from '../../platform/dynamodb/client.js';
import { keyCursor, startKeyOf } from '../../platform/dynamodb/cursor.js';
import { indexNames } from '../../platform/dynamodb/table.js';
import {
  type ConflictRetryOptions,
  conditionFailed,
  transactWrite,
} from '../../platform/dynamodb/transact.js';
import { COUNTRY_CODE } from '../../platform/region-codes.js';
import { InvalidCursorError } from '../../registrations/ports.js';
import type {
  DirectoryEntry,
  DirectoryListQuery,
  DirectoryPage,
  DirectoryWriteOutcome,
  RegionDirectoryRepository,
} from '../region-directory-ports.js';

type TableKey = { readonly PK: string; readonly SK: string };

/** Where one region directory keeps its items: all its two kinds of entry differ in. */
export interface RegionDirectoryLayout<T extends DirectoryEntry> {
  /** Names the directory in errors. */
  readonly name: string;
  /** The table key of the entry with this id. */
  readonly keyOf: (id: string) => TableKey;
  /** The directory's `GSI1PK`: its entries sort by `<region code>#<id>` in this one gsi1 partition. */
  readonly partition: string;
  /** The key of the item that makes a (region, address) pair unique. */
  readonly claimKeyOf: (regionCode: string, email: string) => TableKey;
  readonly entryType: string;
  readonly claimType: string;
  /** The claim's attribute holding the id of the entry that owns it. */
  readonly ownerAttribute: string;
  readonly toEntry: (item: Record<string, unknown>) => T;
  /** The condition that an entry is still stored as it was read: the same version, where entries have one. */
  readonly unchanged: (entry: T) => {
    readonly ConditionExpression: string;
    readonly ExpressionAttributeValues?: Record<string, AttributeValue>;
  };
}

/** Attempts at a create whose email claim is released between the failed write and the read-back. */
const MAX_CREATE_ATTEMPTS = 3;

/**
 * The `GSI1SK` prefix of a query. Codes have a fixed number of digits per level, so after a
 * region's code comes either `#` (its own entries) or `.` (a region inside it): the bare code is
 * the prefix of the region's whole subtree, `<code>#` of the region alone, and none at all lists
 * the whole country.
 */
const prefixOf = (query: DirectoryListQuery): string | undefined => {
  if (!query.includeDescendants) return `${query.regionCode}#`;
  return query.regionCode === COUNTRY_CODE ? undefined : query.regionCode;
};

/**
 * DynamoDB adapter of a region directory: entry items (listed through gsi1), and one claim item
 * per (region, address), written and removed with their entry in one transaction.
 */
export class DynamoDbRegionDirectory<T extends DirectoryEntry> implements RegionDirectoryRepository<T> {
  constructor(
    protected readonly client: DynamoDbClient,
    protected readonly tableName: string,
    private readonly layout: RegionDirectoryLayout<T>,
    private readonly options: ConflictRetryOptions = {},
  ) {}

  async get(id: string, options: { readonly consistent?: boolean } = {}): Promise<T | undefined> {
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(this.layout.keyOf(id)),
        ...(options.consistent ? { ConsistentRead: true } : {}),
      }),
    );
    return output.Item ? this.layout.toEntry(unmarshall(output.Item)) : undefined;
  }

  async create(entry: T): Promise<Exclude<DirectoryWriteOutcome, { kind: 'conflict' }>> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.transact([
        {
          Put: {
            TableName: this.tableName,
            Item: this.item(entry),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        this.putClaim(entry),
      ]);
      if (outcome === 'committed') return { kind: 'written' };
      const existingId = await this.claimOwner(outcome[1], entry);
      if (existingId !== undefined) return { kind: 'duplicate', existingId };
      if (!conditionFailed(outcome[1]) || attempt >= MAX_CREATE_ATTEMPTS) {
        throw new Error(`${this.layout.name} create cancelled for an unexpected reason`);
      }
      // The claim was released between the write and the read: try again.
    }
  }

  async update(previous: T, next: T): Promise<DirectoryWriteOutcome> {
    const { claimKeyOf } = this.layout;
    const claimMoves =
      claimKeyOf(previous.regionCode, previous.email).PK !== claimKeyOf(next.regionCode, next.email).PK;
    const outcome = await this.transact([
      { Put: { TableName: this.tableName, Item: this.item(next), ...this.layout.unchanged(previous) } },
      ...(claimMoves ? [this.deleteClaim(previous), this.putClaim(next)] : []),
    ]);
    if (outcome === 'committed') return { kind: 'written' };
    const [entryReason, oldClaimReason, newClaimReason] = outcome;
    if (conditionFailed(entryReason)) return { kind: 'conflict' };
    if (conditionFailed(newClaimReason)) {
      const existingId = await this.claimOwner(newClaimReason, next);
      return existingId === undefined ? { kind: 'conflict' } : { kind: 'duplicate', existingId };
    }
    if (conditionFailed(oldClaimReason))
      throw new Error(`The ${this.layout.name} does not own its email claim`);
    throw new Error(`${this.layout.name} update cancelled for an unexpected reason`);
  }

  async delete(entry: T): Promise<'deleted' | 'conflict'> {
    const outcome = await this.transact([
      {
        Delete: {
          TableName: this.tableName,
          Key: marshall(this.layout.keyOf(entry.id)),
          ...this.layout.unchanged(entry),
        },
      },
      this.deleteClaim(entry),
    ]);
    if (outcome === 'committed') return 'deleted';
    if (conditionFailed(outcome[0])) return 'conflict';
    throw new Error(`The ${this.layout.name} does not own its email claim`);
  }

  /** One page in region-code order, with the cursor of the next page or null. */
  async list(query: DirectoryListQuery): Promise<DirectoryPage<T>> {
    const prefix = prefixOf(query);
    const { partition } = this.layout;
    const output = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: indexNames.gsi1,
        KeyConditionExpression:
          prefix === undefined
            ? 'GSI1PK = :partition'
            : 'GSI1PK = :partition AND begins_with(GSI1SK, :prefix)',
        ExpressionAttributeValues: marshall({
          ':partition': partition,
          ...(prefix === undefined ? {} : { ':prefix': prefix }),
        }),
        // One more than asked tells whether another page exists.
        Limit: query.limit + 1,
        ExclusiveStartKey:
          query.cursor === undefined ? undefined : this.startKey(query.cursor, partition, prefix),
      }),
    );
    const items = (output.Items ?? []).map((item) => unmarshall(item));
    if (items.length <= query.limit) {
      return {
        items: items.map(this.layout.toEntry),
        nextCursor: output.LastEvaluatedKey ? keyCursor(unmarshall(output.LastEvaluatedKey)) : null,
      };
    }
    const page = items.slice(0, query.limit);
    const last = page[page.length - 1] ?? {};
    return {
      items: page.map(this.layout.toEntry),
      nextCursor: keyCursor({ PK: last.PK, SK: last.SK, GSI1PK: last.GSI1PK, GSI1SK: last.GSI1SK }),
    };
  }

  /** The page position a cursor names, if it names an entry of this directory inside the query's prefix. */
  private startKey(
    cursor: string,
    partition: string,
    prefix: string | undefined,
  ): Record<string, AttributeValue> {
    const key = startKeyOf(cursor, ['PK', 'SK', 'GSI1PK', 'GSI1SK'], ({ PK, SK, GSI1PK, GSI1SK = '' }) => {
      const entryKey = this.layout.keyOf(GSI1SK.slice(GSI1SK.lastIndexOf('#') + 1));
      return (
        GSI1PK === partition &&
        (prefix === undefined || GSI1SK.startsWith(prefix)) &&
        PK === entryKey.PK &&
        SK === entryKey.SK
      );
    });
    if (key === undefined) throw new InvalidCursorError();
    return key;
  }

  private item(entry: T): Record<string, AttributeValue> {
    return marshall(
      {
        ...this.layout.keyOf(entry.id),
        type: this.layout.entryType,
        GSI1PK: this.layout.partition,
        GSI1SK: `${entry.regionCode}#${entry.id}`,
        ...entry,
      },
      { removeUndefinedValues: true },
    );
  }

  private putClaim(entry: T): TransactWriteItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: marshall({
          ...this.layout.claimKeyOf(entry.regionCode, entry.email),
          type: this.layout.claimType,
          [this.layout.ownerAttribute]: entry.id,
        }),
        ConditionExpression: 'attribute_not_exists(PK)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }

  private deleteClaim(entry: T): TransactWriteItem {
    return {
      Delete: {
        TableName: this.tableName,
        Key: marshall(this.layout.claimKeyOf(entry.regionCode, entry.email)),
        ConditionExpression: '#owner = :id',
        ExpressionAttributeNames: { '#owner': this.layout.ownerAttribute },
        ExpressionAttributeValues: marshall({ ':id': entry.id }),
      },
    };
  }

  /** Who holds the claim a write failed on: from the failure itself, else read back. */
  private async claimOwner(reason: CancellationReason | undefined, entry: T): Promise<string | undefined> {
    if (!conditionFailed(reason)) return undefined;
    const fromFailure = reason?.Item?.[this.layout.ownerAttribute]?.S;
    if (fromFailure !== undefined) return fromFailure;
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(this.layout.claimKeyOf(entry.regionCode, entry.email)),
        ConsistentRead: true,
      }),
    );
    return output.Item?.[this.layout.ownerAttribute]?.S;
  }

  private transact(items: TransactWriteItem[]) {
    return transactWrite(this.client, items, this.options);
  }
}
