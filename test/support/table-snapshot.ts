import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ScanCommand } from '../../shared/platform/dynamodb/client.js';
import { localDynamoDbClient } from '../fixtures/dynamodb.js';

export type Item = Record<string, unknown>;

/**
 * Every item of the local table except the seeded regions (their partition keys start with
 * `REGION#`), sorted by key: what a request may have changed. A Scan, which tests may use and the
 * application never does.
 */
export const snapshotTable = async (endpoint: string, tableName: string): Promise<Item[]> => {
  const client = localDynamoDbClient(endpoint);
  const items: Item[] = [];
  let startKey: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        ConsistentRead: true,
        FilterExpression: 'NOT begins_with(PK, :region)',
        ExpressionAttributeValues: { ':region': { S: 'REGION#' } },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
    startKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (startKey);
  const key = (item: Item) => `${String(item.PK)}\u0000${String(item.SK)}`;
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
};
