import { DeleteTableCommand } from '../../infra/local/emulators/table-commands.js';
import { DynamoDbClient } from '../../shared/platform/dynamodb/client.js';

/** Region and dummy credentials for DynamoDB Local; requests are signed even for a local endpoint. */
export const localAws = {
  region: 'ap-southeast-3',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

/**
 * A client for DynamoDB Local, the functions' own client with their retry settings. Its requests
 * go through the process's keep-alive pool of up to 64 connections per endpoint, more than any
 * benchmark has in flight, so a benchmark at concurrency N really has N requests on the wire.
 * Idle connections of the pool do not hold the process open, so there is nothing to close.
 * One attempt may take two minutes: DynamoDB Local answers a page of a Scan of 80,000 items, ten
 * segments at once, only after tens of seconds on two cores (DynamoDB itself, in milliseconds).
 */
export const benchClient = (endpoint: string): DynamoDbClient =>
  new DynamoDbClient({ endpoint, ...localAws, maxAttempts: 5, attemptTimeoutMs: 120_000 });

let tableSequence = 0;

/** A table name not used before in this process. */
export const freshTableName = (purpose: string): string =>
  `bench-${purpose}-${Date.now()}-${++tableSequence}`;

export const deleteTable = async (client: DynamoDbClient, tableName: string): Promise<void> => {
  await client.send(new DeleteTableCommand({ TableName: tableName }));
};
