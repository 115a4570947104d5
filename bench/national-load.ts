import { marshall } from '@aws-sdk/util-dynamodb';
import { createTable, waitUntilActive } from '../infra/local/emulators/create-table.js';
import { startDynamoDbLocal } from '../infra/local/emulators/dynamodb-local.js';
import { CreateTableCommand, DescribeTableCommand } from '../infra/local/emulators/table-commands.js';
import { JAVA_OPTIONS } from '../infra/local/stack/services.js';
import type { DynamoDbClient, WriteRequest } from '../shared/platform/dynamodb/client.js';
import { COUNTRY_CODE } from '../shared/platform/region-codes.js';
import { regionItem, writeRegions } from '../shared/regions/dynamodb/region-writer.js';
import { loadScopeRegions } from '../shared/regions/master-data.js';
import { benchClient, deleteTable, freshTableName } from './lib/dynamodb.js';
import { ownCpuMs, processCpuMs } from './lib/process-cpu.js';
import { chunk, rawBatchWrite } from './lib/raw-batch-write.js';
import type { Benchmark, BenchmarkReport, GoalResult } from './lib/report.js';
import { formatRate, formatRatio, formatSeconds } from './lib/stats.js';

const MAX_RATIO = 2;
/** BatchWriteItem calls in flight, for every loader: `writeRegions`' default and `npm start`'s in memory. */
const CONCURRENCY = 16;
const BATCH_SIZE = 25;
/** Items written to a throw-away table first, so the JVM has compiled its hot paths before timing. */
const WARM_UP_ITEMS = Number(process.env.BENCH_WARM_UP_ITEMS ?? 5_000);

interface Loader {
  readonly name: string;
  readonly description: string;
  /** Writes the national regions into `tableName`; only this call is timed. */
  load(client: DynamoDbClient, tableName: string): Promise<void>;
}

/**
 * A table without a stream, for the warm-up only. DynamoDB Local slows down by an order of
 * magnitude on a second stream-enabled table once another one has taken many writes, so the
 * warm-up must not use one, and every measured load gets a DynamoDB Local of its own.
 */
const createScratchTable = async (client: DynamoDbClient, tableName: string) => {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'SK', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
    }),
  );
  await waitUntilActive(client, tableName, 30_000);
};

interface Measurement {
  readonly ms: number;
  readonly items: number;
  /** CPU time DynamoDB Local (java) used during the timed load; undefined without /proc. */
  readonly javaCpuMs: number | undefined;
  /** CPU time the loader's process used during the timed load. */
  readonly loaderCpuMs: number;
}

/** Starts a fresh in-memory DynamoDB Local, warms it up, and times one load into a fresh table. */
const measure = async (
  loader: Loader,
  warmUpBatches: ReadonlyArray<readonly WriteRequest[]>,
  expectedItems: number,
): Promise<Measurement> => {
  const dynamo = await startDynamoDbLocal({ javaOptions: JAVA_OPTIONS });
  const client = benchClient(dynamo.endpoint);
  try {
    const scratch = freshTableName('warm-up');
    await createScratchTable(client, scratch);
    await rawBatchWrite(client, scratch, warmUpBatches, CONCURRENCY);
    await deleteTable(client, scratch);

    const tableName = freshTableName('national');
    await createTable(client, tableName);
    const javaPid = dynamo.process.pid ?? 0;
    const javaBefore = processCpuMs(javaPid);
    const loaderBefore = ownCpuMs();
    const started = performance.now();
    await loader.load(client, tableName);
    const ms = performance.now() - started;
    const loaderCpuMs = ownCpuMs() - loaderBefore;
    const javaAfter = processCpuMs(javaPid);
    const javaCpuMs =
      javaBefore === undefined || javaAfter === undefined ? undefined : javaAfter - javaBefore;

    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const items = Table?.ItemCount ?? 0;
    if (items !== expectedItems) {
      throw new Error(`${loader.name} left ${items} items in the table, expected ${expectedItems}`);
    }
    return { ms, items, javaCpuMs, loaderCpuMs };
  } finally {
    await dynamo.stop();
  }
};

export const nationalLoadBenchmark: Benchmark = {
  name: 'national-load',
  summary: 'all 83,762 villages (every region of scope ID) into DynamoDB Local, against raw BatchWriteItem',
  async run(): Promise<BenchmarkReport> {
    // Raw baseline input, prepared before any timing: the very items our loaders write, marshalled.
    const regions = await loadScopeRegions(COUNTRY_CODE);
    const villages = regions.filter((region) => region.level === 'village').length;
    const rawBatches = chunk(
      regions.map((region) => ({ PutRequest: { Item: marshall(regionItem(region)) } })),
      BATCH_SIZE,
    );
    const warmUpBatches = rawBatches.slice(0, Math.ceil(WARM_UP_ITEMS / BATCH_SIZE));

    const loaders: Loader[] = [
      {
        name: 'raw BatchWriteItem (baseline)',
        description: 'pre-marshalled items, batches of 25, unprocessed items retried',
        load: (client, tableName) => rawBatchWrite(client, tableName, rawBatches, CONCURRENCY),
      },
      {
        name: 'our loader',
        description:
          'loadScopeRegions(ID) from the CSV files + writeRegions: what the seed function runs on deploy, and npm start on a new table',
        load: async (client, tableName) => {
          await writeRegions(client, tableName, await loadScopeRegions(COUNTRY_CODE), {
            concurrency: CONCURRENCY,
          });
        },
      },
    ];

    const measured: Array<{ loader: Loader; measurement: Measurement }> = [];
    for (const loader of loaders) {
      measured.push({ loader, measurement: await measure(loader, warmUpBatches, regions.length) });
    }

    const raw = measured[0]?.measurement;
    if (!raw) throw new Error('the raw baseline did not run');
    const goals: GoalResult[] = [];
    const rows = measured.map(({ loader, measurement }, index) => {
      const ratio = measurement.ms / raw.ms;
      if (index > 0) {
        goals.push({
          goal: `${loader.name}: ≤ ${MAX_RATIO}× raw BatchWriteItem time`,
          measured: formatRatio(ratio),
          pass: ratio <= MAX_RATIO,
        });
      }
      return [
        loader.name,
        measurement.items.toLocaleString('en-US'),
        formatSeconds(measurement.ms),
        formatRate((measurement.items / measurement.ms) * 1000),
        formatRatio(ratio),
        measurement.javaCpuMs === undefined ? 'n/a' : formatSeconds(measurement.javaCpuMs),
        formatSeconds(measurement.loaderCpuMs),
        loader.description,
      ];
    });

    return {
      title: `National region load: ${regions.length.toLocaleString('en-US')} region items (${villages.toLocaleString('en-US')} villages)`,
      headers: [
        'loader',
        'items',
        'time',
        'items/s',
        'vs raw',
        'CPU: DynamoDB Local',
        'CPU: loader (node)',
        'what is timed',
      ],
      rows,
      goals,
      notes: [
        `Every load runs on its own fresh, in-memory DynamoDB Local (started with the local stack's JVM flags) into a fresh table created from the shared table definition (stream on), so no load inherits another's data, stream records or JIT state.`,
        `Before each timed load the same warm-up writes the first ${(warmUpBatches.length * BATCH_SIZE).toLocaleString('en-US')} items into a stream-less scratch table, then drops it.`,
        `Same client settings for all loaders: one DynamoDbClient (the functions' own) with ${CONCURRENCY} BatchWriteItem calls in flight on as many keep-alive connections, batches of ${BATCH_SIZE}.`,
        'The raw baseline gets its items already marshalled, outside the timing; the other loaders are timed from reading the CSV files to the last write. Item counts are checked with DescribeTable after each load.',
        'CPU columns: time the java process (from /proc) and the loader process (process.cpuUsage()) spent during the timed load; they move less than wall time when other work shares the machine.',
      ],
    };
  },
};
