import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import { createTable } from '../infra/local/emulators/create-table.js';
import {
  createWriteBarrier,
  type DynamoDbLocal,
  startDynamoDbLocal,
} from '../infra/local/emulators/dynamodb-local.js';
import { JAVA_OPTIONS } from '../infra/local/stack/services.js';
import {
  type AttributeValue,
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  type DynamoDbClient,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '../shared/platform/dynamodb/client.js';
import { benchClient } from './lib/dynamodb.js';
import { type LoadResult, pool, runLoad } from './lib/load.js';
import { type Benchmark, type BenchmarkReport, markdownTable } from './lib/report.js';
import { formatMs, formatRate, formatRatio } from './lib/stats.js';

const TRIALS = 4;
const IN_FLIGHT = 8;
/** Acknowledged writes before the stop; the stop comes right after the last of them. */
const WRITES_BEFORE_STOP = 300;
const TABLE = 'durability';
/** About the size of a stored registration item. */
const PAYLOAD = { type: 'BENCH', blob: 'x'.repeat(1100) };

type StopKind = 'SIGKILL' | 'SIGTERM';
type WriteKind = 'PutItem' | 'TransactWriteItems';

interface Mode {
  readonly stop: StopKind;
  readonly write: WriteKind;
  /** Acknowledge only after the local stack's write barrier (`createWriteBarrier`) resolved. */
  readonly barrier: boolean;
}

const MODES: readonly Mode[] = [
  { stop: 'SIGKILL', write: 'PutItem', barrier: false },
  { stop: 'SIGKILL', write: 'TransactWriteItems', barrier: false },
  { stop: 'SIGKILL', write: 'TransactWriteItems', barrier: true },
  { stop: 'SIGTERM', write: 'TransactWriteItems', barrier: false },
];

interface Ack {
  readonly pk: string;
  readonly at: number;
}

interface TrialResult {
  readonly acked: number;
  readonly lost: readonly Ack[];
  readonly stoppedAt: number;
}

/**
 * One write: a PutItem, or a TransactWriteItems of two Puts as the intake makes (a registration
 * and its duplicate claim).
 */
const write = async (client: DynamoDbClient, kind: WriteKind, sequence: number): Promise<string> => {
  const pk = `W#${sequence}`;
  if (kind === 'PutItem') {
    await client.send(
      new PutItemCommand({ TableName: TABLE, Item: marshall({ PK: pk, SK: 'W', ...PAYLOAD }) }),
    );
  } else {
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: TABLE, Item: marshall({ PK: pk, SK: 'W', ...PAYLOAD }) } },
          { Put: { TableName: TABLE, Item: marshall({ PK: pk, SK: 'CLAIM', type: 'BENCH' }) } },
        ],
      }),
    );
  }
  return pk;
};

const exists = async (client: DynamoDbClient, pks: readonly string[]): Promise<Set<string>> => {
  const found = new Set<string>();
  for (let start = 0; start < pks.length; start += 100) {
    let keys: Record<string, AttributeValue>[] | undefined = pks
      .slice(start, start + 100)
      .map((pk) => marshall({ PK: pk, SK: 'W' }));
    while (keys && keys.length > 0) {
      const answer: BatchGetItemCommandOutput = await client.send(
        new BatchGetItemCommand({
          RequestItems: { [TABLE]: { Keys: keys, ProjectionExpression: 'PK', ConsistentRead: true } },
        }),
      );
      for (const item of answer.Responses?.[TABLE] ?? []) {
        if (item.PK?.S) found.add(item.PK.S);
      }
      keys = answer.UnprocessedKeys?.[TABLE]?.Keys;
    }
  }
  return found;
};

/**
 * Writes with IN_FLIGHT calls at a time into a fresh on-disk DynamoDB Local, stops its `java`
 * process at once after the WRITES_BEFORE_STOP-th acknowledgement (SIGKILL, as `kill -9`, or
 * SIGTERM), starts it again on the same files and counts which acknowledged writes are there.
 */
const trial = async (mode: Mode): Promise<TrialResult> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kim-durability-'));
  let dynamo: DynamoDbLocal | undefined = await startDynamoDbLocal({ dataDir, javaOptions: JAVA_OPTIONS });
  try {
    const client = benchClient(dynamo.endpoint);
    const acks: Ack[] = [];
    let stoppedAt = 0;
    await createTable(client, TABLE);
    const barrier = createWriteBarrier(client, TABLE);
    const child = dynamo.process;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let sequence = 0;
    const worker = async () => {
      while (stoppedAt === 0) {
        try {
          const pk = await write(client, mode.write, sequence++);
          if (mode.barrier) await barrier();
          if (stoppedAt !== 0) return;
          acks.push({ pk, at: performance.now() });
          if (acks.length === WRITES_BEFORE_STOP) {
            stoppedAt = performance.now();
            child.kill(mode.stop);
          }
        } catch {
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    await exited;
    dynamo = await startDynamoDbLocal({ dataDir, javaOptions: JAVA_OPTIONS });
    const reader = benchClient(dynamo.endpoint);
    const found = await exists(
      reader,
      acks.map((ack) => ack.pk),
    );
    return { acked: acks.length, lost: acks.filter((ack) => !found.has(ack.pk)), stoppedAt };
  } finally {
    await dynamo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

const COST_ROUND = 400;
const COST_IN_FLIGHT = [1, 8] as const;

/**
 * What the write barrier costs on disk: the intake's transaction (three Puts: registration,
 * duplicate claim, audit entry) alone, and followed by the barrier's GetItem, in mirrored rounds
 * (without, with, with, without) on one fresh on-disk DynamoDB Local.
 */
const barrierCost = async (): Promise<string> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kim-durability-cost-'));
  const dynamo = await startDynamoDbLocal({ dataDir, javaOptions: JAVA_OPTIONS });
  const client = benchClient(dynamo.endpoint);
  try {
    await createTable(client, TABLE);
    const barrier = createWriteBarrier(client, TABLE);
    let sequence = 0;
    const transaction = async (withBarrier: boolean) => {
      const pk = `C#${sequence++}`;
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: ['REG', 'CLAIM', 'AUDIT'].map((sk) => ({
            Put: {
              TableName: TABLE,
              Item: marshall({ PK: pk, SK: sk, ...PAYLOAD }),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          })),
        }),
      );
      if (withBarrier) await barrier();
      return undefined;
    };
    const rows: string[][] = [];
    for (const inFlight of COST_IN_FLIGHT) {
      const rounds: Record<'without' | 'with', LoadResult[]> = { without: [], with: [] };
      for (const mode of ['without', 'with', 'with', 'without'] as const) {
        rounds[mode].push(await runLoad(COST_ROUND, inFlight, 60_000, () => transaction(mode === 'with')));
      }
      const without = pool(rounds.without);
      const withBarrier = pool(rounds.with);
      rows.push([
        String(inFlight),
        `${formatRate(without.perSecond)} / ${formatMs(without.p50)} ms`,
        `${formatRate(withBarrier.perSecond)} / ${formatMs(withBarrier.p50)} ms`,
        formatRatio(withBarrier.perSecond / without.perSecond),
      ]);
    }
    return [
      '### What the write barrier costs on disk',
      markdownTable(
        [
          'in flight',
          'transaction alone: per s / p50',
          'transaction + barrier: per s / p50',
          'throughput with/without',
        ],
        rows,
      ),
      `${2 * COST_ROUND} transactions of three Puts (about 1.2 KB each) per cell, rounds mirrored (without, with, with, without) on one fresh on-disk DynamoDB Local.`,
    ].join('\n\n');
  } finally {
    await dynamo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

/**
 * Not part of the default run (`npm run bench -- dynamodb-local-durability`): whether writes that
 * DynamoDB Local acknowledged survive a hard kill of its process. The figures back docs/local.md.
 */
export const dynamoDbLocalDurabilityBenchmark: Benchmark = {
  name: 'dynamodb-local-durability',
  summary:
    'acknowledged DynamoDB Local writes lost to a kill -9 or a SIGTERM (diagnostic, not run by default)',
  optional: true,
  async run(): Promise<BenchmarkReport> {
    const rows: string[][] = [];
    for (const mode of MODES) {
      const results: TrialResult[] = [];
      for (let number = 1; number <= TRIALS; number++) results.push(await trial(mode));
      const ages = results.flatMap((result) => result.lost.map((ack) => result.stoppedAt - ack.at));
      rows.push([
        mode.stop === 'SIGKILL' ? 'kill -9' : 'SIGTERM',
        mode.write,
        mode.barrier ? 'yes' : 'no',
        `${results.filter((result) => result.lost.length > 0).length} of ${TRIALS}`,
        String(results.reduce((sum, result) => sum + result.lost.length, 0)),
        String(results.reduce((sum, result) => sum + result.acked, 0)),
        ages.length === 0 ? '–' : `${Math.max(...ages).toFixed(1)} ms`,
      ]);
    }
    return {
      title: 'DynamoDB Local: acknowledged writes after a stop',
      headers: [
        'stop',
        'write',
        'write barrier',
        'trials losing an acknowledged write',
        'lost',
        'acknowledged',
        'oldest lost acknowledgement before the stop',
      ],
      rows,
      details: await barrierCost(),
      goals: [],
      notes: [
        `${TRIALS} trials a row. Each: a fresh on-disk DynamoDB Local (\`-sharedDb -dbPath\`, the local stack's JVM flags), the table from the shared definition, ${IN_FLIGHT} writes in flight (items of about 1.2 KB); right after the ${WRITES_BEFORE_STOP}th acknowledgement its java process gets the signal, then DynamoDB Local starts again on the same files and every acknowledged key is read back (consistent BatchGetItem).`,
        'With the write barrier a write counts as acknowledged once the GetItem the local stack sends after each function (createWriteBarrier) has answered too.',
        'A machine crash (power loss) is not simulated here: it can lose more than a process kill, since data the OS had not yet written to disk goes too.',
      ],
    };
  },
};
