import { Agent } from 'node:http';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Region and dummy credentials for DynamoDB Local; the SDK needs them even for a local endpoint. */
export const localAws = {
  region: 'ap-southeast-3',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

/**
 * A client for DynamoDB Local whose HTTP agent keeps `sockets` connections alive, so a benchmark
 * at concurrency N really has N requests on the wire.
 */
export const benchClient = (endpoint: string, sockets: number): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    ...localAws,
    maxAttempts: 5,
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: sockets }) },
  });

let tableSequence = 0;

/** A table name not used before in this process. */
export const freshTableName = (purpose: string): string =>
  `bench-${purpose}-${Date.now()}-${++tableSequence}`;

export const deleteTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  await client.send(new DeleteTableCommand({ TableName: tableName }));
};
