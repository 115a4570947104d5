import { mkdirSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ulid } from 'ulid';
import { type AttributeValue, GetItemCommand, PutItemCommand } from '../shared/platform/dynamodb/client.js';
import { keys } from '../shared/platform/dynamodb/table.js';
import { DynamoDbRegionStore } from '../shared/regions/dynamodb/region-store.js';
import { loadScopeRegions } from '../shared/regions/master-data.js';
import { DynamoDbRegistrationRepository } from '../shared/registrations/dynamodb/registration-repository.js';
import { registrationBody as contractBody } from '../test/fixtures/registration-body.js';
import { summariseCpuProfile } from './lib/cpu-profile.js';
import { benchClient } from './lib/dynamodb.js';
import {
  INTAKE_COST_CALLS,
  measureIntakeCost,
  WRU_PRICE_SOURCE,
  WRU_USD_PER_MILLION,
} from './lib/intake-cost.js';
import { type LoadResult, pool, runLoad } from './lib/load.js';
import { type LocalStackProcess, startLocalStackProcess } from './lib/local-stack-process.js';
import { PROJECT_ROOT, WORK_DIR } from './lib/paths.js';
import { ownCpuMs, processCpuMs } from './lib/process-cpu.js';
import { type Benchmark, type BenchmarkReport, markdownTable } from './lib/report.js';
import { formatMs, formatRate, formatRatio } from './lib/stats.js';

const CONCURRENCY = 32;
const MIN_THROUGHPUT_RATIO = 0.5;
/** Requests per measured round; two rounds of each kind, in mirrored order (ABC CBA). */
const ROUND_REQUESTS = Number(process.env.BENCH_POST_REQUESTS ?? 500);
const WARM_UP_REQUESTS = 200;
/** No round runs longer than this, whatever its count. */
const ROUND_TIME_LIMIT_MS = 30_000;
const TABANAN = '51.02';
/** `BENCH_CPU_PROFILE=1` profiles the local stack process and prints where its CPU time went. */
const PROFILE = process.env.BENCH_CPU_PROFILE === '1';

/** The contract body of issue 2 (the tests' fixture), made distinct by its village and SK number. */
const registrationBody = (villageCode: string, runId: string, index: number) => ({
  ...contractBody(),
  name: `KIM Bench ${index}`,
  villageCode,
  sk: { number: `${index}/BENCH/${runId}/2025`, date: '2025-06-02' },
});

interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

const postJson = (
  url: URL,
  agent: Agent,
  payload: string,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> =>
  new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...headers,
        },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });

interface CpuTotals {
  stack: number | undefined;
  java: number | undefined;
  client: number;
}

const cpuSnapshot = (stack: LocalStackProcess): CpuTotals => ({
  stack: processCpuMs(stack.pid),
  java: processCpuMs(stack.javaPid),
  client: ownCpuMs(),
});

const plus = (total: number | undefined, after: number | undefined, before: number | undefined) =>
  total === undefined || after === undefined || before === undefined ? undefined : total + after - before;

/** Adds the CPU used between two snapshots to `totals` (undefined once any reading is missing). */
const addCpu = (totals: CpuTotals, before: CpuTotals, after: CpuTotals) => {
  totals.stack = plus(totals.stack, after.stack, before.stack);
  totals.java = plus(totals.java, after.java, before.java);
  totals.client += after.client - before.client;
};

type Kind = 'gateway' | 'keyed' | 'direct' | 'raw';

export const postRegistrationsBenchmark: Benchmark = {
  name: 'post-registrations',
  summary: `POST /registrations through the local gateway at ${CONCURRENCY} connections, against raw PutItem`,
  async run(): Promise<BenchmarkReport> {
    const villages = (await loadScopeRegions(TABANAN))
      .filter((region) => region.level === 'village')
      .map((region) => region.code);
    const runId = Date.now().toString(36);
    let sequence = 0;
    const nextPayload = () => {
      const index = sequence++;
      return JSON.stringify(registrationBody(villages[index % villages.length] ?? '', runId, index));
    };

    const profileDir = join(WORK_DIR, 'cpu-profile');
    if (PROFILE) {
      rmSync(profileDir, { recursive: true, force: true });
      mkdirSync(profileDir, { recursive: true });
    }
    const stack = await startLocalStackProcess({
      nodeArgs: PROFILE ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
    });
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const client = benchClient(stack.dynamoEndpoint);
    let stopped = false;
    try {
      const endpoint = new URL('/registrations', stack.url);
      const createdIds: string[] = [];
      const post = async (): Promise<string | undefined> => {
        const answer = await postJson(endpoint, agent, nextPayload());
        if (answer.status !== 201) return `HTTP ${answer.status}: ${answer.body.slice(0, 300)}`;
        if (createdIds.length === 0) createdIds.push((JSON.parse(answer.body) as { id: string }).id);
        return undefined;
      };

      let keySequence = 0;
      const postKeyed = async (): Promise<string | undefined> => {
        const answer = await postJson(endpoint, agent, nextPayload(), {
          'idempotency-key': `bench-${runId}-${keySequence++}`,
        });
        return answer.status === 201 ? undefined : `HTTP ${answer.status}: ${answer.body.slice(0, 300)}`;
      };

      const warmUp = await runLoad(WARM_UP_REQUESTS, CONCURRENCY, ROUND_TIME_LIMIT_MS, post);
      if (warmUp.failures > 0) {
        throw new Error(`POST /registrations failed during warm-up: ${warmUp.firstFailure}`);
      }

      // The other two kinds write copies of a registration the API stored, so items have its size.
      const storedId = createdIds[0] ?? '';
      const stored = await client.send(
        new GetItemCommand({ TableName: stack.tableName, Key: marshall(keys.registration(storedId)) }),
      );
      const registrations = new DynamoDbRegistrationRepository(client, stack.tableName);
      const template = await registrations.get(storedId);
      if (!stored.Item || !template) throw new Error(`registration ${storedId} is not in the table`);
      const storedItem: Record<string, AttributeValue> = stored.Item;
      const itemBytes = Buffer.byteLength(JSON.stringify(storedItem));

      const regions = new DynamoDbRegionStore(client, stack.tableName);
      let directSequence = 0;
      const direct = async (): Promise<string | undefined> => {
        const index = directSequence++;
        const villageCode = villages[index % villages.length] ?? '';
        if (!(await regions.get(villageCode))) return `village ${villageCode} not found`;
        const outcome = await registrations.create({
          ...template,
          id: ulid(),
          villageCode,
          skNumberNormalized: `${index}/bench-direct/${runId}/2025`,
        });
        return outcome.kind === 'created' ? undefined : `store answered ${outcome.kind}`;
      };

      const put = async (): Promise<undefined> => {
        // A ULID, as a registration's id: the item lands at a key of the same shape.
        const id = ulid();
        await client.send(
          new PutItemCommand({
            TableName: stack.tableName,
            Item: { ...storedItem, ...marshall({ ...keys.registration(id), id }) },
          }),
        );
        return undefined;
      };

      const send: Record<Kind, () => Promise<string | undefined>> = {
        gateway: post,
        keyed: postKeyed,
        direct,
        raw: put,
      };
      await runLoad(WARM_UP_REQUESTS, CONCURRENCY, ROUND_TIME_LIMIT_MS, postKeyed);
      await runLoad(WARM_UP_REQUESTS, CONCURRENCY, ROUND_TIME_LIMIT_MS, direct);
      await runLoad(WARM_UP_REQUESTS, CONCURRENCY, ROUND_TIME_LIMIT_MS, put);

      const rounds: Record<Kind, LoadResult[]> = { gateway: [], keyed: [], direct: [], raw: [] };
      const cpu: Record<Kind, CpuTotals> = {
        gateway: { stack: 0, java: 0, client: 0 },
        keyed: { stack: 0, java: 0, client: 0 },
        direct: { stack: 0, java: 0, client: 0 },
        raw: { stack: 0, java: 0, client: 0 },
      };
      const order: Kind[] = ['gateway', 'keyed', 'direct', 'raw', 'raw', 'direct', 'keyed', 'gateway'];
      for (const kind of order) {
        const before = cpuSnapshot(stack);
        rounds[kind].push(await runLoad(ROUND_REQUESTS, CONCURRENCY, ROUND_TIME_LIMIT_MS, send[kind]));
        addCpu(cpu[kind], before, cpuSnapshot(stack));
      }
      const results = {
        gateway: pool(rounds.gateway),
        keyed: pool(rounds.keyed),
        direct: pool(rounds.direct),
        raw: pool(rounds.raw),
      };
      const { gateway, raw } = results;
      const ratio = gateway.perSecond / raw.perSecond;

      const cost = await measureIntakeCost(stack.dynamoEndpoint, stack.tableName, template, runId);
      const units = (value: number | undefined) => (value === undefined ? 'not reported' : value.toFixed(2));
      const rawCost = cost[cost.length - 1];
      const costTable = markdownTable(
        [
          'write',
          'write units reported by DynamoDB Local (indexes)',
          'write units by DynamoDB’s rules, indexes included',
          'vs one PutItem',
          `USD per million registrations at $${WRU_USD_PER_MILLION}/M`,
          'how',
        ],
        cost.map((row) => [
          row.path,
          `${units(row.reported)} (${units(row.reportedIndexes)})`,
          String(row.priced),
          formatRatio(row.priced / (rawCost?.priced ?? row.priced)),
          (row.priced * WRU_USD_PER_MILLION).toFixed(2),
          row.pricedHow,
        ]),
      );

      const perRequest = (total: number | undefined, completed: number) =>
        total === undefined ? 'n/a' : (total / completed).toFixed(2);
      const row = (kind: Kind, name: string, note: string) => {
        const result = results[kind];
        return [
          name,
          result.completed.toLocaleString('en-US'),
          String(result.failures),
          formatMs(result.p50),
          formatMs(result.p99),
          formatRate(result.perSecond),
          formatRatio(result.perSecond / raw.perSecond),
          perRequest(cpu[kind].stack, result.completed),
          perRequest(cpu[kind].java, result.completed),
          perRequest(cpu[kind].client, result.completed),
          note,
        ];
      };

      await stack.stop();
      stopped = true;
      return {
        title: `POST /registrations at ${CONCURRENCY} concurrent connections`,
        headers: [
          'path',
          'requests',
          'failed',
          'p50 (ms)',
          'p99 (ms)',
          'requests/s',
          'vs raw',
          'CPU ms/req: local stack (node)',
          'CPU ms/req: DynamoDB Local',
          'CPU ms/req: load generator',
          'what one request does',
        ],
        rows: [
          row(
            'gateway',
            'POST through the local gateway',
            'HTTP, event, middy, zod validation, region GetItem (cached per container), the store’s conditional PutItem, JSON logs',
          ),
          row(
            'keyed',
            'POST with an Idempotency-Key, through the local gateway',
            'as above, with a conditional PutItem of the idempotency record before the registration’s (the form always sends a key)',
          ),
          row(
            'direct',
            'the same DynamoDB calls, sent directly',
            'the real region store GetItem + registration store create (its conditional PutItem), no HTTP or handler',
          ),
          row(
            'raw',
            'raw PutItem (baseline)',
            `one PutItem of a stored registration item (${itemBytes} bytes as JSON)`,
          ),
        ],
        goals: [
          {
            goal: `POST /registrations ≥ ${MIN_THROUGHPUT_RATIO}× raw PutItem throughput`,
            measured: formatRatio(ratio),
            pass: ratio >= MIN_THROUGHPUT_RATIO,
          },
          {
            goal: 'every valid, distinct registration answered 201',
            measured:
              gateway.failures + results.keyed.failures === 0
                ? `${gateway.completed + results.keyed.completed} of ${gateway.completed + results.keyed.completed}`
                : `${gateway.failures + results.keyed.failures} failed: ${gateway.firstFailure ?? results.keyed.firstFailure}`,
            pass: gateway.failures + results.keyed.failures === 0,
          },
        ],
        notes: [
          `The local stack is started as \`npm start\` starts it (its own process, DynamoDB Local in memory, default log level, output to a file); the load generator runs in the benchmark process and talks to it over loopback with a keep-alive http.Agent of ${CONCURRENCY} sockets.`,
          `The direct and raw paths go from the benchmark process to the same DynamoDB Local through one DynamoDbClient (the functions' own), on keep-alive connections; every path has ${CONCURRENCY} requests in flight.`,
          `Each body is a valid registration with its own SK number, spread over the ${villages.length} villages of Tabanan. After ${WARM_UP_REQUESTS} unmeasured requests of each kind, ${ROUND_REQUESTS} requests per round in the order ${order.join(', ')} (a round stops after ${ROUND_TIME_LIMIT_MS / 1000} s at most); each kind pools its two rounds.`,
          'CPU per request is read from /proc for the local stack and DynamoDB Local and from process.cpuUsage() for the load generator, over the measured rounds only: it shows which process the time goes to.',
          ...(results.direct.failures > 0
            ? [`The direct path had ${results.direct.failures} failures: ${results.direct.firstFailure}`]
            : []),
        ],
        details: [
          '#### Intake cost: write units per registration',
          '',
          costTable,
          '',
          `${INTAKE_COST_CALLS} writes of each kind measured with ReturnConsumedCapacity INDEXES; the rules column prices each item written: 1 unit per started KB of a standard write, 2 of a transactional one, and as much again per started KB of each index entry it makes (index writes of a transaction counted as transactional, as DynamoDB Local reports them). The layout before this change is priced from its items' sizes, not run. Price: $${WRU_USD_PER_MILLION} per million write request units (${WRU_PRICE_SOURCE}).`,
          ...(PROFILE ? ['', summariseCpuProfile(profileDir, PROJECT_ROOT)] : []),
        ].join('\n'),
      };
    } finally {
      agent.destroy();
      if (!stopped) await stack.stop();
    }
  },
};
