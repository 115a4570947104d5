import { Agent, request } from 'node:http';
import { marshall } from '@aws-sdk/util-dynamodb';
import { routes } from '../infra/app-definition.js';
import { waitUntilActive } from '../infra/local/emulators/create-table.js';
import { startDynamoDbLocal } from '../infra/local/emulators/dynamodb-local.js';
import { CreateTableCommand } from '../infra/local/emulators/table-commands.js';
import { createGateway } from '../infra/local/lambda/gateway.js';
import { JAVA_OPTIONS } from '../infra/local/stack/services.js';
import {
  type DynamoDbClient,
  GetItemCommand,
  type WriteRequest,
} from '../shared/platform/dynamodb/client.js';
import { keys, ROOT_PARENT, tableDefinition } from '../shared/platform/dynamodb/table.js';
import { COUNTRY_CODE, isWithin, parentOf } from '../shared/platform/region-codes.js';
import { writeRegions } from '../shared/regions/dynamodb/region-writer.js';
import { loadScopeRegions } from '../shared/regions/master-data.js';
import type { CoverageCounters } from '../shared/village-coverage/coverage.js';
import { apiEvent, lambdaContext } from '../test/fixtures/api-event.js';
import { coverageItems } from '../test/fixtures/coverage-items.js';
import { type CapacityMeter, meterConsumedCapacity, resetCapacityMeter } from './lib/consumed-capacity.js';
import { benchClient, freshTableName, localAws } from './lib/dynamodb.js';
import { chunk, rawBatchWrite } from './lib/raw-batch-write.js';
import type { Benchmark, BenchmarkReport, GoalResult } from './lib/report.js';
import { formatMs, formatRatio, formatSeconds, percentile } from './lib/stats.js';

/** Scope of the seeded table; `BENCH_COVERAGE_SCOPE=51` makes a quick run on Bali only. */
const SCOPE = process.env.BENCH_COVERAGE_SCOPE ?? COUNTRY_CODE;
const REGENCY = '51.02';
const CALLS = Number(process.env.BENCH_COVERAGE_CALLS ?? 200);
const WARM_UP_CALLS = 20;
const CONCURRENCY = 16;

/** A small deterministic PRNG (mulberry32), so every run seeds the same counters. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** Counters for every village: about a third covered, a fifth waiting for review, some rejected or deactivated. */
const villageCounters = (villages: readonly string[]): Map<string, CoverageCounters> => {
  const next = random(20_240_501);
  const counters = new Map<string, CoverageCounters>();
  for (const village of villages) {
    const verified = next() < 0.35 ? 1 + Math.floor(next() * 2) : 0;
    const submitted = next() < 0.2 ? 1 : 0;
    const rejected = next() < 0.1 ? 1 : 0;
    const deactivated = next() < 0.05 ? 1 : 0;
    counters.set(village, {
      covered: verified > 0 ? 1 : 0,
      pendingOnly: verified === 0 && submitted > 0 ? 1 : 0,
      submitted,
      verified,
      rejected,
      deactivated,
    });
  }
  return counters;
};

/** Village items carry one map entry per registration counted there, as the coverage writer keeps them. */
const withRegistrations = (item: Record<string, unknown>): Record<string, unknown> => {
  if (item.level !== 'village') return item;
  const registrations: Record<string, { status: string; version: number }> = {};
  let n = 0;
  for (const [name, status] of [
    ['submitted', 'SUBMITTED'],
    ['verified', 'VERIFIED'],
    ['rejected', 'REJECTED'],
    ['deactivated', 'DEACTIVATED'],
  ] as const) {
    for (let i = 0; i < Number(item[name] ?? 0); i++) {
      registrations[
        `01JZ${String(item.code).replaceAll('.', '')}${String(n++).padStart(4, '0')}`.slice(0, 26)
      ] = { status, version: 2 };
    }
  }
  return { ...item, registrations };
};

/**
 * The table's keys without its stream and indexes: the reads measured use neither, and DynamoDB
 * Local takes the 185,000 seed items several times faster into a stream-less table.
 */
const createReadTable = async (client: DynamoDbClient, tableName: string) => {
  const { partitionKey, sortKey } = tableDefinition;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: tableDefinition.billingMode,
      AttributeDefinitions: [
        { AttributeName: partitionKey.name, AttributeType: partitionKey.type },
        { AttributeName: sortKey.name, AttributeType: sortKey.type },
      ],
      KeySchema: [
        { AttributeName: partitionKey.name, KeyType: 'HASH' },
        { AttributeName: sortKey.name, KeyType: 'RANGE' },
      ],
    }),
  );
  await waitUntilActive(client, tableName, 30_000);
};

interface Sample {
  readonly latencies: number[];
  readonly units: number;
  readonly calls: number;
  readonly byCommand: Record<string, number>;
}

/** Runs `call` WARM_UP_CALLS times unmeasured, then CALLS times one after another, metering each. */
const sample = async (meter: CapacityMeter, call: () => Promise<void>): Promise<Sample> => {
  for (let i = 0; i < WARM_UP_CALLS; i++) await call();
  resetCapacityMeter(meter);
  const latencies: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    await call();
    latencies.push(performance.now() - started);
  }
  return { latencies, units: meter.units, calls: meter.calls, byCommand: { ...meter.byCommand } };
};

const getHttp = (url: URL, agent: Agent): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const outgoing = request(url, { agent }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (part: Buffer) => chunks.push(part));
      incoming.on('end', () =>
        resolve({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });

export const coverageReadBenchmark: Benchmark = {
  name: 'coverage-read',
  summary: `GET /coverage/{code} for a regency and the nation with every village and counter seeded, against one GetItem`,
  async run(): Promise<BenchmarkReport> {
    const regions = await loadScopeRegions(SCOPE);
    const villages = regions.filter((region) => region.level === 'village').map((region) => region.code);
    const counters = villageCounters(villages);
    const coverage = coverageItems(counters, SCOPE).map(withRegistrations);
    const top = SCOPE;

    const dynamo = await startDynamoDbLocal({ javaOptions: JAVA_OPTIONS });
    const client = benchClient(dynamo.endpoint);
    const tableName = freshTableName('coverage-read');
    try {
      await createReadTable(client, tableName);
      const seedStarted = performance.now();
      await writeRegions(client, tableName, regions, { concurrency: CONCURRENCY });
      const coverageBatches: WriteRequest[][] = chunk(
        coverage.map((item) => ({ PutRequest: { Item: marshall(item) } })),
        25,
      );
      await rawBatchWrite(client, tableName, coverageBatches, CONCURRENCY);
      const seedMs = performance.now() - seedStarted;

      // The real handler, with its module-scope client metered; config is read at its module load.
      Object.assign(process.env, {
        TABLE_NAME: tableName,
        SCOPE_CODE: SCOPE,
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_REGION: localAws.region,
        AWS_ACCESS_KEY_ID: localAws.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: localAws.credentials.secretAccessKey,
        LOG_LEVEL: 'WARN',
      });
      const { dynamoDbClient } = await import('../shared/platform/dynamodb/client.js');
      const handlerMeter = meterConsumedCapacity(dynamoDbClient);
      const { handler } = await import('../functions/village-coverage/get-coverage.js');
      const baselineMeter = meterConsumedCapacity(client);

      const gateway = createGateway({
        routes: routes.filter((route) => route.function === 'getCoverage'),
        functions: { getCoverage: { handler } },
        log: { request: () => {}, error: (line) => process.stderr.write(`${line}\n`) },
      });
      const port = await gateway.listen(0, '127.0.0.1');
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });

      try {
        const targets = [REGENCY, top];
        const rows: string[][] = [];
        const goals: GoalResult[] = [];
        const expected = new Map(targets.map((code) => [code, 0]));
        for (const [village, values] of counters) {
          for (const code of targets)
            if (isWithin(code, village)) expected.set(code, (expected.get(code) ?? 0) + values.covered);
        }

        const baseline = await sample(baselineMeter, async () => {
          const output = await client.send(
            new GetItemCommand({
              TableName: tableName,
              Key: marshall(keys.region(parentOf(REGENCY) ?? ROOT_PARENT, REGENCY)),
            }),
          );
          if (!output.Item) throw new Error(`region ${REGENCY} is not in the table`);
        });
        const baselineP50 = percentile(baseline.latencies, 50);
        const baselineUnits = baseline.units / baseline.calls;
        rows.push([
          `GetItem of the ${REGENCY} region item (baseline)`,
          '–',
          formatMs(baselineP50),
          formatMs(percentile(baseline.latencies, 99)),
          '1.00×',
          baselineUnits.toFixed(2),
          '1.00×',
          'one eventually consistent GetItem from the benchmark’s own client',
        ]);

        for (const code of targets) {
          let checked: string | undefined;
          const direct = await sample(handlerMeter, async () => {
            const result = await handler(
              apiEvent({
                routeKey: 'GET /coverage/{code}',
                path: `/coverage/${code}`,
                pathParameters: { code },
              }),
              lambdaContext('get-coverage'),
            );
            if (result.statusCode !== 200)
              throw new Error(`GET /coverage/${code}: ${result.statusCode} ${result.body}`);
            checked ??= result.body;
          });
          const url = new URL(`http://127.0.0.1:${port}/coverage/${code}`);
          const viaGateway = await sample(handlerMeter, async () => {
            const answer = await getHttp(url, agent);
            if (answer.status !== 200)
              throw new Error(`GET ${url.pathname}: ${answer.status} ${answer.body}`);
          });
          const body = JSON.parse(checked ?? '{}') as {
            villages?: { total: number; covered: number };
            children?: unknown[];
          };
          const total = regions.find((region) => region.code === code)?.villageCount;
          goals.push({
            goal: `GET /coverage/${code} shows the seeded numbers (villages.total, villages.covered)`,
            measured: `${body.villages?.total}/${body.villages?.covered} (expected ${total}/${expected.get(code)})`,
            pass: body.villages?.total === total && body.villages?.covered === expected.get(code),
          });
          const describe = (s: Sample) =>
            Object.entries(s.byCommand)
              .map(([command, n]) => `${(n / CALLS).toFixed(0)} ${command.replace('Command', '')}`)
              .join(' + ');
          for (const [name, s] of [
            ['handler, called in-process', direct],
            ['through the local gateway (HTTP)', viaGateway],
          ] as const) {
            const p50 = percentile(s.latencies, 50);
            const units = s.units / CALLS;
            rows.push([
              `GET /coverage/${code}: ${name}`,
              String(body.children?.length ?? 0),
              formatMs(p50),
              formatMs(percentile(s.latencies, 99)),
              formatRatio(p50 / baselineP50),
              units.toFixed(2),
              formatRatio(units / baselineUnits),
              `${describe(s)} per call`,
            ]);
          }
        }

        return {
          title: `GET /coverage/{code} with all ${villages.length.toLocaleString('en-US')} villages of scope ${SCOPE} and their counters seeded`,
          headers: [
            'request',
            'children',
            'p50 (ms)',
            'p99 (ms)',
            'p50 vs GetItem',
            'read units/call',
            'units vs GetItem',
            'DynamoDB requests',
          ],
          rows,
          goals,
          notes: [
            `One in-memory DynamoDB Local (the local stack's JVM flags), one table with the shared definition's keys but no stream or indexes (the reads measured use neither), seeded with ${regions.length.toLocaleString('en-US')} region items and ${coverage.length.toLocaleString('en-US')} coverage items in the documented layout (one per village, with a map entry per registration; shards per district 1, regency 4, province 8, country 16) in ${formatSeconds(seedMs)}. About 35% of villages are covered.`,
            `Each row: ${WARM_UP_CALLS} unmeasured calls, then ${CALLS} calls one after another. The handler is the real one (functions/village-coverage/get-coverage.ts) with its module-scope DynamoDB client; its region lookups are cached for the container's life after the first call, as on Lambda, so a warm call makes three Queries.`,
            "Read units are what DynamoDB Local reports through ReturnConsumedCapacity, added to every request by a wrapper around the client's `send` (the handler code is unchanged). DynamoDB bills a Query by the total size of the items it reads, rounded up to 4 KB, halved for eventually consistent reads.",
            'The gateway row goes through the local API Gateway stand-in (same route table as the CDK stack) over loopback HTTP with a keep-alive connection.',
          ],
        };
      } finally {
        agent.destroy();
        await gateway.close();
      }
    } finally {
      await dynamo.stop();
    }
  },
};
