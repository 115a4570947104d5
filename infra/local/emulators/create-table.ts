import type { DynamoDbClient } from '../../../shared/platform/dynamodb/client.js';
import { tableDefinition } from '../../../shared/platform/dynamodb/table.js';
import { CreateTableCommand, DescribeTableCommand, UpdateTimeToLiveCommand } from './table-commands.js';

/** Waits until the table is ACTIVE (DynamoDB Local: at once), at most `maxWaitMs`. */
export const waitUntilActive = async (client: DynamoDbClient, tableName: string, maxWaitMs: number) => {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`Table ${tableName} is not ACTIVE after ${maxWaitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/**
 * Creates the table from the same definition the CDK stateful stack uses. Returns false when
 * the table already exists (a restart with persisted data).
 */
export const createTable = async (client: DynamoDbClient, tableName: string): Promise<boolean> => {
  const { partitionKey, sortKey, globalSecondaryIndexes } = tableDefinition;
  const attributes = new Map<string, 'S' | 'N'>([
    [partitionKey.name, partitionKey.type],
    [sortKey.name, sortKey.type],
  ]);
  for (const index of globalSecondaryIndexes) {
    attributes.set(index.partitionKey.name, index.partitionKey.type);
    attributes.set(index.sortKey.name, index.sortKey.type);
  }
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: tableDefinition.billingMode,
        AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
          AttributeName,
          AttributeType,
        })),
        KeySchema: [
          { AttributeName: partitionKey.name, KeyType: 'HASH' },
          { AttributeName: sortKey.name, KeyType: 'RANGE' },
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.streamViewType },
        ...(globalSecondaryIndexes.length > 0
          ? {
              GlobalSecondaryIndexes: globalSecondaryIndexes.map((index) => ({
                IndexName: index.indexName,
                KeySchema: [
                  { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
                  { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
                ],
                Projection:
                  index.projection.type === 'INCLUDE'
                    ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection.nonKeyAttributes] }
                    : { ProjectionType: 'ALL' },
              })),
            }
          : {}),
      }),
    );
  } catch (error) {
    if ((error as { name?: unknown }).name === 'ResourceInUseException') return false;
    throw error;
  }
  await waitUntilActive(client, tableName, 30_000);
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
    }),
  );
  return true;
};
