import { marshall } from '@aws-sdk/util-dynamodb';
import { createTable } from '../infra/local/emulators/create-table.js';
import { startDynamoDbLocal } from '../infra/local/emulators/dynamodb-local.js';
import { JAVA_OPTIONS } from '../infra/local/stack/services.js';
import {
  GetItemCommand,
  PutItemCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '../shared/platform/dynamodb/client.js';
import { benchClient, freshTableName } from './lib/dynamodb.js';
import { runLoad } from './lib/load.js';
import { processCpuMs } from './lib/process-cpu.js';
import type { Benchmark, BenchmarkReport } from './lib/report.js';
import { formatRate } from './lib/stats.js';

const CONCURRENCIES = [1, 4, 32] as const;
const REQUESTS = 400;
const TIME_LIMIT_MS = 20_000;
/** About the size of a stored registration item. */
const PAYLOAD = { type: 'BENCH', name: 'KIM Bench', blob: 'x'.repeat(1100) };

/**
 * Not part of the default run (`npm run bench -- dynamodb-local-scaling`): how DynamoDB Local's
 * throughput grows with concurrency for each kind of call the intake makes. It explains the
 * POST /registrations ratio: transactions do not scale with concurrency there, single-item calls do.
 */
export const dynamoDbLocalScalingBenchmark: Benchmark = {
  name: 'dynamodb-local-scaling',
  summary: 'DynamoDB Local throughput by call kind and concurrency (diagnostic, not run by default)',
  optional: true,
  async run(): Promise<BenchmarkReport> {
    const dynamo = await startDynamoDbLocal({ javaOptions: JAVA_OPTIONS });
    const client = benchClient(dynamo.endpoint);
    try {
      const tableName = freshTableName('scaling');
      await createTable(client, tableName);
      let sequence = 0;
      const put = (pk: string, sk: string): TransactWriteItem => ({
        Put: {
          TableName: tableName,
          Item: marshall({ PK: pk, SK: sk, ...PAYLOAD }),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      });
      const calls: Record<string, () => Promise<undefined>> = {
        PutItem: async () => {
          await client.send(
            new PutItemCommand({
              TableName: tableName,
              Item: marshall({ PK: `P#${sequence++}`, SK: 'P', ...PAYLOAD }),
            }),
          );
          return undefined;
        },
        GetItem: async () => {
          await client.send(
            new GetItemCommand({
              TableName: tableName,
              Key: marshall({ PK: `P#${sequence++ % 100}`, SK: 'P' }),
            }),
          );
          return undefined;
        },
        'TransactWriteItems, 1 Put': async () => {
          const id = sequence++;
          await client.send(new TransactWriteItemsCommand({ TransactItems: [put(`T#${id}`, 'T')] }));
          return undefined;
        },
        'TransactWriteItems, 2 Puts': async () => {
          const id = sequence++;
          await client.send(
            new TransactWriteItemsCommand({ TransactItems: [put(`T#${id}`, 'T'), put(`C#${id}`, 'C')] }),
          );
          return undefined;
        },
        'TransactWriteItems, 3 Puts': async () => {
          const id = sequence++;
          await client.send(
            new TransactWriteItemsCommand({
              TransactItems: [put(`T#${id}`, 'T'), put(`C#${id}`, 'C'), put(`T#${id}`, 'H#1')],
            }),
          );
          return undefined;
        },
      };
      for (const call of Object.values(calls)) await runLoad(REQUESTS, 8, TIME_LIMIT_MS, call);

      const javaPid = dynamo.process.pid ?? 0;
      const rows: string[][] = [];
      for (const [name, call] of Object.entries(calls)) {
        const cells: string[] = [];
        for (const concurrency of CONCURRENCIES) {
          const before = processCpuMs(javaPid);
          const result = await runLoad(REQUESTS, concurrency, TIME_LIMIT_MS, call);
          const after = processCpuMs(javaPid);
          const cores =
            before === undefined || after === undefined
              ? 'n/a'
              : ((after - before) / result.elapsedMs).toFixed(2);
          cells.push(`${formatRate((result.latencies.length / result.elapsedMs) * 1000)} (${cores})`);
        }
        rows.push([name, ...cells]);
      }
      return {
        title: 'DynamoDB Local: calls per second by concurrency',
        headers: [
          'call',
          ...CONCURRENCIES.map((concurrency) => `${concurrency} in flight: calls/s (java cores)`),
        ],
        rows,
        goals: [],
        notes: [
          `${REQUESTS} calls per cell on one fresh in-memory DynamoDB Local (the local stack's JVM flags), table from the shared definition, items of about 1.2 KB; after an unmeasured round of each call. In brackets: CPU cores the java process used meanwhile.`,
          'Where calls/s stops growing with concurrency while java stays under the machine’s cores, DynamoDB Local is serialising the calls.',
        ],
      };
    } finally {
      await dynamo.stop();
    }
  },
};
