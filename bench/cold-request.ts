import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { functionDefinitions } from '../infra/app-definition.js';
import { createTable } from '../infra/local/emulators/create-table.js';
import { startDynamoDbLocal } from '../infra/local/emulators/dynamodb-local.js';
import { JAVA_OPTIONS } from '../infra/local/stack/services.js';
import { writeRegions } from '../shared/regions/dynamodb/region-writer.js';
import { loadScopeRegions } from '../shared/regions/master-data.js';
import { registrationBody } from '../test/fixtures/registration-body.js';
import { BASELINE_BUILD_OPTIONS, bundleOne, functionEnvironment } from './bundles.js';
import { benchClient, freshTableName, localAws } from './lib/dynamodb.js';
import { PROJECT_ROOT, WORK_DIR } from './lib/paths.js';
import type { Benchmark, BenchmarkReport } from './lib/report.js';
import { formatMs, formatRatio, median } from './lib/stats.js';

/** Fresh containers started per target. */
const ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 7);
const SCOPE = '51.02';

/** A function that only reads one item with a module-scope DynamoDBClient: what any function must at least do. */
const BASELINE_SOURCE = `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async () => {
  const { Item } = await client.send(new GetItemCommand({
    TableName: process.env.TABLE_NAME,
    Key: { PK: { S: 'REGION#51' }, SK: { S: 'REGION#51.02' } },
  }));
  return { statusCode: Item ? 200 : 404, body: '{}' };
};
`;

interface Target {
  readonly function: keyof typeof functionDefinitions | 'baseline';
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly status: number;
  /** The body of the n-th request to this target (each POST a new registration). */
  readonly body?: (n: number) => string;
}

interface Answer {
  readonly status: number;
  readonly ms: number;
}

const send = (port: number, target: Target, n: number): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const body = target.body?.(n);
    const started = performance.now();
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        method: target.method,
        path: target.path,
        // A new connection each time, so the first and the second request pay the same for TCP.
        agent: false,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      },
      (incoming) => {
        incoming.resume();
        incoming.on('end', () =>
          resolve({ status: incoming.statusCode ?? 0, ms: performance.now() - started }),
        );
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });

/** Starts one fresh container (bench/lib/cold-request-child.ts) and resolves with its port. */
const startContainer = (
  target: Target,
  bundle: string,
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; port: number }> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--enable-source-maps',
        '--import',
        'tsx',
        join(PROJECT_ROOT, 'bench/lib/cold-request-child.ts'),
        target.function,
        bundle,
      ],
      { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const port = /listening (\d+)/.exec(stdout)?.[1];
      if (port) resolve({ child, port: Number(port) });
    });
    child.once('exit', (code) =>
      reject(new Error(`container for ${target.function} exited (${code}): ${stderr}`)),
    );
  });

const stopContainer = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
};

export const coldRequestBenchmark: Benchmark = {
  name: 'cold-request',
  summary: 'the first request to a fresh function through the local gateway, next to a second, warm one',
  async run(): Promise<BenchmarkReport> {
    const regions = await loadScopeRegions(SCOPE);
    const villages = regions.filter((region) => region.level === 'village').map((region) => region.code);
    const targets: readonly Target[] = [
      { function: 'baseline', method: 'GET', path: '/baseline', status: 200 },
      {
        function: 'createRegistration',
        method: 'POST',
        path: '/registrations',
        status: 201,
        body: (n) =>
          JSON.stringify({
            ...registrationBody(),
            villageCode: villages[n % villages.length],
            sk: { number: `${n + 1}/CR/2025`, date: '2025-06-02' },
          }),
      },
      { function: 'getCoverage', method: 'GET', path: `/coverage/${SCOPE}`, status: 200 },
      { function: 'coveragePages', method: 'GET', path: `/cakupan/${SCOPE}`, status: 200 },
    ];

    const outRoot = join(WORK_DIR, 'cold-request');
    rmSync(outRoot, { recursive: true, force: true });
    mkdirSync(outRoot, { recursive: true });
    const bundles = new Map<string, string>();
    const baselineEntry = join(outRoot, 'baseline-entry.ts');
    writeFileSync(baselineEntry, BASELINE_SOURCE);
    for (const target of targets) {
      const entry =
        target.function === 'baseline'
          ? baselineEntry
          : join(PROJECT_ROOT, functionDefinitions[target.function].entry);
      const extra = target.function === 'baseline' ? BASELINE_BUILD_OPTIONS : {};
      bundles.set(target.function, (await bundleOne(target.function, entry, outRoot, extra)).file);
    }

    const dynamo = await startDynamoDbLocal({ javaOptions: JAVA_OPTIONS });
    const client = benchClient(dynamo.endpoint);
    const tableName = freshTableName('cold-request');
    try {
      await createTable(client, tableName);
      await writeRegions(client, tableName, regions, { concurrency: 8 });
      const env: NodeJS.ProcessEnv = {
        ...functionEnvironment(),
        TABLE_NAME: tableName,
        SCOPE_CODE: SCOPE,
        AWS_REGION: localAws.region,
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        LOG_LEVEL: 'WARN',
      };
      const samples = new Map(
        targets.map((target) => [target.function, { cold: [] as number[], warm: [] as number[] }]),
      );
      let posted = 0;
      // Round-robin over the targets, so a change in machine load hits all of them alike.
      for (let round = 0; round < ROUNDS; round++) {
        for (const target of targets) {
          const { child, port } = await startContainer(target, bundles.get(target.function) ?? '', env);
          try {
            const cold = await send(port, target, posted++);
            const warm = await send(port, target, posted++);
            for (const answer of [cold, warm]) {
              if (answer.status !== target.status) {
                throw new Error(
                  `${target.method} ${target.path} answered ${answer.status}, not ${target.status}`,
                );
              }
            }
            samples.get(target.function)?.cold.push(cold.ms);
            samples.get(target.function)?.warm.push(warm.ms);
          } finally {
            await stopContainer(child);
          }
        }
      }
      return {
        title: 'Cold request: the first request to a fresh function, next to a second one',
        headers: [
          'route',
          'function',
          'first (cold) p50 (ms)',
          'first max (ms)',
          'cold vs baseline',
          'second (warm) p50 (ms)',
          'cold − warm p50 (ms)',
          'cold / warm',
        ],
        rows: targets.map((target) => {
          const { cold, warm } = samples.get(target.function) ?? { cold: [], warm: [] };
          const baselineCold = median(samples.get('baseline')?.cold ?? []);
          return [
            `${target.method} ${target.path}`,
            target.function === 'baseline' ? 'baseline (one GetItem, DynamoDBClient only)' : target.function,
            formatMs(median(cold)),
            formatMs(Math.max(...cold)),
            formatRatio(median(cold) / baselineCold),
            formatMs(median(warm)),
            formatMs(median(cold) - median(warm)),
            formatRatio(median(cold) / median(warm)),
          ];
        }),
        goals: [],
        notes: [
          `Each round starts, for each route, a fresh Node.js process (\`node --enable-source-maps\`) running the local gateway (infra/local/lambda/gateway.ts) with that one function, whose bundle (built as bench/bundles.ts builds it) is imported on its first invocation, as Lambda imports it on a cold start; ${ROUNDS} rounds, round-robin over the routes.`,
          'The baseline is a bundle built the same way from a module that constructs a DynamoDBClient at module scope (its credential chain aliased to the environment provider alone, as in the bundles benchmark) and answers each request after one GetItem.',
          'The first request pays the import of the bundle, building its clients and config, its first DynamoDB connection and the first run of its code; the second one, sent right after on a new TCP connection, pays none of it. Each POST registers a new KIM in another village.',
          `DynamoDB Local in memory, with the region items of ${SCOPE} seeded and no registrations, on the loopback interface. The process start and the gateway's own start are not counted.`,
        ],
      };
    } finally {
      await dynamo.stop();
    }
  },
};
