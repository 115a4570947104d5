import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { indexNames } from '../../platform/dynamodb/table.js';
import { COUNTRY_CODE } from '../../platform/region-codes.js';
import { InvalidCursorError } from '../../registrations/ports.js';

/**
 * A directory kept in one `gsi1` partition sorted by `<region code>#<id>` (the PPID officers, the
 * digest subscribers): one Query lists a region, or a region and everything inside it, a page at
 * a time. The one listing both directories' adapters use.
 */
export interface RegionDirectory {
  /** The directory's `GSI1PK`. */
  readonly partition: string;
  /** The table key of the entry with this id, to check a cursor names a real entry. */
  readonly keyOf: (id: string) => { readonly PK: string; readonly SK: string };
}

export interface RegionDirectoryQuery {
  readonly regionCode: string;
  /** Also the regions inside `regionCode`. */
  readonly includeDescendants: boolean;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/**
 * The `GSI1SK` prefix of a query. Codes have a fixed number of digits per level, so after a
 * region's code comes either `#` (its own entries) or `.` (a region inside it): the bare code is
 * the prefix of the region's whole subtree, `<code>#` of the region alone, and none at all lists
 * the whole country.
 */
const prefixOf = (query: RegionDirectoryQuery): string | undefined => {
  if (!query.includeDescendants) return `${query.regionCode}#`;
  return query.regionCode === COUNTRY_CODE ? undefined : query.regionCode;
};

const encodeCursor = (key: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

/** The page position a cursor names, if it names an entry of this directory inside the query's prefix. */
const decodeCursor = (
  directory: RegionDirectory,
  cursor: string,
  prefix: string | undefined,
): Record<string, AttributeValue> => {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (key === null || typeof key !== 'object' || Array.isArray(key)) throw new InvalidCursorError();
  const record = key as Record<string, unknown>;
  const names = Object.keys(record).sort();
  const { PK, SK, GSI1PK, GSI1SK } = record;
  const id = typeof GSI1SK === 'string' ? GSI1SK.slice(GSI1SK.lastIndexOf('#') + 1) : '';
  const valid =
    names.join(',') === 'GSI1PK,GSI1SK,PK,SK' &&
    GSI1PK === directory.partition &&
    typeof GSI1SK === 'string' &&
    (prefix === undefined || GSI1SK.startsWith(prefix)) &&
    PK === directory.keyOf(id).PK &&
    SK === directory.keyOf(id).SK;
  if (!valid) throw new InvalidCursorError();
  return marshall(record);
};

/** One page of a region directory, in region-code order, with the cursor of the next page or null. */
export const listRegionDirectory = async <T>(
  client: DynamoDBClient,
  tableName: string,
  directory: RegionDirectory,
  query: RegionDirectoryQuery,
  toEntry: (item: Record<string, unknown>) => T,
): Promise<{ items: T[]; nextCursor: string | null }> => {
  const prefix = prefixOf(query);
  const output = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: indexNames.gsi1,
      KeyConditionExpression:
        prefix === undefined ? 'GSI1PK = :partition' : 'GSI1PK = :partition AND begins_with(GSI1SK, :prefix)',
      ExpressionAttributeValues: marshall({
        ':partition': directory.partition,
        ...(prefix === undefined ? {} : { ':prefix': prefix }),
      }),
      // One more than asked tells whether another page exists.
      Limit: query.limit + 1,
      ExclusiveStartKey:
        query.cursor === undefined ? undefined : decodeCursor(directory, query.cursor, prefix),
    }),
  );
  const items = (output.Items ?? []).map((item) => unmarshall(item));
  if (items.length <= query.limit) {
    return {
      items: items.map(toEntry),
      nextCursor: output.LastEvaluatedKey ? encodeCursor(unmarshall(output.LastEvaluatedKey)) : null,
    };
  }
  const page = items.slice(0, query.limit);
  const last = page[page.length - 1] ?? {};
  return {
    items: page.map(toEntry),
    nextCursor: encodeCursor({ PK: last.PK, SK: last.SK, GSI1PK: last.GSI1PK, GSI1SK: last.GSI1SK }),
  };
};
