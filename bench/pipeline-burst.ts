import { GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { createTable } from '../infra/local/emulators/create-table.js';
import { startDynamoDbLocal } from '../infra/local/emulators/dynamodb-local.js';
import { loadFunction, startLocalQueues } from '../infra/local/lambda/pipeline.js';
import { startQueuePoller } from '../infra/local/lambda/queue-poller.js';
import { JAVA_OPTIONS } from '../infra/local/stack/services.js';
import type { RegistrationEvent } from '../shared/events/registration-event.js';
import { type AttributeValue, GetItemCommand } from '../shared/platform/dynamodb/client.js';
import { queueDefinitions } from '../shared/platform/pipeline-settings.js';
import { parentOf } from '../shared/platform/region-codes.js';
import { DynamoDbRegionStore } from '../shared/regions/dynamodb/region-store.js';
import { writeRegions } from '../shared/regions/dynamodb/region-writer.js';
import { loadScopeRegions } from '../shared/regions/master-data.js';
import type { RegistrationStatus } from '../shared/registrations/schema.js';
import {
  addCounters,
  type CoverageCounters,
  type CoverageView,
  villageCounters,
  ZERO_COUNTERS,
} from '../shared/village-coverage/coverage.js';
import { getCoverage } from '../shared/village-coverage/coverage-reader.js';
import { DynamoDbCoverageReader } from '../shared/village-coverage/dynamodb/coverage-reader.js';
import {
  type CapacityMeter,
  itemSize,
  meterConsumedCapacity,
  resetCapacityMeter,
  transactionWriteUnits,
} from './lib/consumed-capacity.js';
import { benchClient, freshTableName, localAws } from './lib/dynamodb.js';
import { PROJECT_ROOT } from './lib/paths.js';
import { chunk, rawBatchWrite } from './lib/raw-batch-write.js';
import type { Benchmark, BenchmarkReport } from './lib/report.js';
import { formatRate, formatRatio, formatSeconds } from './lib/stats.js';

const SCOPE = '51.02';
const EVENTS = Number(process.env.BENCH_BURST_EVENTS ?? 10_000);
const MAX_RATIO = 3;
const MAX_WRITE_UNITS_PER_EVENT = 5;
const CONCURRENCY = 16;
/** How often the counters are read while the burst drains. */
const CHECK_EVERY_MS = 200;
const TIME_LIMIT_MS = Number(process.env.BENCH_BURST_TIME_LIMIT_MS ?? 600_000);

/** A small deterministic PRNG (mulberry32), so every run sends the same burst. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/**
 * The burst: 60% of the events register new KIM across the scope's villages (null → SUBMITTED,
 * version 1), the rest review two thirds of them (SUBMITTED → VERIFIED or REJECTED, version 2),
 * as on a day when thousands submit and officers work through them. Returns the events in the
 * order they are sent (registrations first, shuffled within each part) and each registration's
 * final state.
 */
const burst = (villages: readonly string[], count: number) => {
  const next = random(51_02);
  const created = Math.ceil(count * 0.6);
  const at = new Date('2026-11-27T08:00:00.000Z');
  const registrations: Array<{ id: string; villageCode: string; status: RegistrationStatus }> = [];
  const creates: RegistrationEvent[] = [];
  for (let i = 0; i < created; i++) {
    const id = `01KBENCH${String(i).padStart(18, '0')}`;
    const villageCode = villages[Math.floor(next() * villages.length)] ?? '';
    registrations.push({ id, villageCode, status: 'SUBMITTED' });
    creates.push({
      eventId: `create-${i}`,
      registrationId: id,
      version: 1,
      villageCode,
      oldVillageCode: null,
      oldStatus: null,
      newStatus: 'SUBMITTED',
      at: at.toISOString(),
    });
  }
  const reviews: RegistrationEvent[] = [];
  for (let i = 0; i < count - created; i++) {
    const registration = registrations[i];
    if (!registration) break;
    registration.status = next() < 0.8 ? 'VERIFIED' : 'REJECTED';
    reviews.push({
      eventId: `review-${i}`,
      registrationId: registration.id,
      version: 2,
      villageCode: registration.villageCode,
      oldVillageCode: registration.villageCode,
      oldStatus: 'SUBMITTED',
      newStatus: registration.status,
      at: new Date(at.getTime() + 60_000).toISOString(),
    });
  }
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  };
  return { events: [...shuffle(creates), ...shuffle(reviews)], registrations };
};

/** The counters every village and region must show once every event is applied. */
const expectedCounters = (
  registrations: ReadonlyArray<{ id: string; villageCode: string; status: RegistrationStatus }>,
) => {
  const byVillage = new Map<string, Record<string, { status: RegistrationStatus; version: number }>>();
  for (const { id, villageCode, status } of registrations) {
    const counted = byVillage.get(villageCode) ?? {};
    counted[id] = { status, version: 1 };
    byVillage.set(villageCode, counted);
  }
  const counters = new Map<string, CoverageCounters>();
  for (const [village, counted] of byVillage) {
    const own = villageCounters(counted);
    for (let code: string | undefined = village; code !== undefined; code = parentOf(code)) {
      counters.set(code, addCounters(counters.get(code) ?? ZERO_COUNTERS, own));
      if (code === SCOPE) break;
    }
  }
  return counters;
};

const sameCounters = (view: CoverageView['children'][number], expected: CoverageCounters): boolean =>
  view.villages.covered === expected.covered &&
  view.villages.pendingOnly === expected.pendingOnly &&
  view.kim.submitted === expected.submitted &&
  view.kim.verified === expected.verified &&
  view.kim.rejected === expected.rejected &&
  view.kim.deactivated === expected.deactivated;

/** True when a view and each of its children show exactly the expected counters. */
const exact = (view: CoverageView, expected: ReadonlyMap<string, CoverageCounters>): boolean =>
  sameCounters(view, expected.get(view.code) ?? ZERO_COUNTERS) &&
  view.children.every((child) => sameCounters(child, expected.get(child.code) ?? ZERO_COUNTERS));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const pipelineBurstBenchmark: Benchmark = {
  name: 'pipeline-burst',
  summary: `${EVENTS.toLocaleString('en-US')} status events through the coverage queue and consumer, against raw BatchWriteItem`,
  async run(): Promise<BenchmarkReport> {
    const regions = await loadScopeRegions(SCOPE);
    const villages = regions.filter((region) => region.level === 'village').map((region) => region.code);
    const { events, registrations } = burst(villages, EVENTS);
    const expected = expectedCounters(registrations);
    const eventBytes =
      events.reduce((sum, event) => sum + Buffer.byteLength(JSON.stringify(event)), 0) / events.length;

    const dynamo = await startDynamoDbLocal({ javaOptions: JAVA_OPTIONS });
    const client = benchClient(dynamo.endpoint);
    const queues = await startLocalQueues({ port: 0, region: localAws.region });
    const sqs = new SQSClient({
      endpoint: queues.endpoint,
      ...localAws,
      useQueueUrlAsEndpoint: false,
    });
    const tableName = freshTableName('burst');
    try {
      await createTable(client, tableName);
      await writeRegions(client, tableName, regions, { concurrency: CONCURRENCY });

      // Raw baseline: the same number of items, one per event, written on the same DynamoDB Local.
      const rawBatches = chunk(
        events.map((event, index) => ({
          PutRequest: { Item: marshall({ PK: `RAWBENCH#${index}`, SK: 'RAW', ...event }) },
        })),
        25,
      );
      const warmUp = chunk(
        events.slice(0, 2_000).map((event, index) => ({
          PutRequest: { Item: marshall({ PK: `WARMUP#${index}`, SK: 'RAW', ...event }) },
        })),
        25,
      );
      await rawBatchWrite(client, tableName, warmUp, CONCURRENCY);
      const rawStarted = performance.now();
      await rawBatchWrite(client, tableName, rawBatches, CONCURRENCY);
      const rawMs = performance.now() - rawStarted;

      // The real consumer with its module-scope client metered; config is read at its module load.
      Object.assign(process.env, {
        TABLE_NAME: tableName,
        SCOPE_CODE: SCOPE,
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_REGION: localAws.region,
        AWS_ACCESS_KEY_ID: localAws.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: localAws.credentials.secretAccessKey,
        // The consumer's per-group warnings would drown the report; the poller counts failures.
        POWERTOOLS_LOG_LEVEL: 'ERROR',
        LOG_LEVEL: 'ERROR',
      });
      const { dynamoDbClient } = await import('../shared/platform/dynamodb/client.js');
      const meter: CapacityMeter = meterConsumedCapacity(dynamoDbClient);
      const invoke = await loadFunction(PROJECT_ROOT, 'applyCoverage', localAws.region);
      const definition = queueDefinitions.coverage;
      const queue = queues.queues.coverage;
      resetCapacityMeter(meter);

      const reader = {
        regions: new DynamoDbRegionStore(client, tableName),
        coverage: new DynamoDbCoverageReader(client, tableName),
        scope: SCOPE,
      };
      const poller = startQueuePoller({
        sqs,
        queueUrl: queue.url,
        queueArn: queue.arn,
        region: localAws.region,
        definition,
        invoke: (event) => invoke(event),
        retryDelaySeconds: 1,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      let pollerStopped = false;
      try {
        const started = performance.now();
        const batches = chunk(events, 10);
        let nextBatch = 0;
        const sender = async () => {
          for (let index = nextBatch++; index < batches.length; index = nextBatch++) {
            const batch = batches[index] ?? [];
            const output = await sqs.send(
              new SendMessageBatchCommand({
                QueueUrl: queue.url,
                Entries: batch.map((event, entry) => ({
                  Id: String(entry),
                  MessageBody: JSON.stringify(event),
                })),
              }),
            );
            if ((output.Failed ?? []).length > 0)
              throw new Error(`SendMessageBatch refused ${output.Failed?.length} messages`);
          }
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, sender));
        const enqueuedMs = performance.now() - started;

        let exactMs: number | undefined;
        let checks = 0;
        while (exactMs === undefined && performance.now() - started < TIME_LIMIT_MS) {
          checks++;
          if (exact(await getCoverage(reader, SCOPE), expected)) exactMs = performance.now() - started;
          else await sleep(CHECK_EVERY_MS);
        }
        await poller.stop();
        pollerStopped = true;
        const stats = poller.stats();
        const { Attributes: dlq } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queue.dlq.url,
            AttributeNames: ['ApproximateNumberOfMessages'],
          }),
        );
        const deadLettered = Number(dlq?.ApproximateNumberOfMessages ?? 0);
        const consumed = { ...meter, byCommand: { ...meter.byCommand } };

        // Once settled: every district's villages too, not only the regency and its districts.
        const districts = regions.filter((region) => region.level === 'district');
        const wrong: string[] = [];
        for (const district of districts) {
          const view = await getCoverage(reader, district.code);
          if (!exact(view, expected)) wrong.push(district.code);
        }

        // DynamoDB Local reports far fewer units than DynamoDB bills for a transaction: price each item as
        // DynamoDB bills it (2 units per started KB), from the items' sizes after the burst.
        const sizes = new Map<string, number>();
        const keyText = (key: Record<string, AttributeValue>) => `${key.PK?.S}|${key.SK?.S}`;
        for (const { key } of [...consumed.transactItems, ...consumed.cancelledTransactItems]) {
          if (sizes.has(keyText(key))) continue;
          const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: key }));
          sizes.set(keyText(key), Item ? itemSize(Item) : 0);
        }
        const sizeOf = (key: Record<string, AttributeValue>) => sizes.get(keyText(key)) ?? 0;
        const transactionUnits = transactionWriteUnits(consumed.transactItems, sizeOf);
        // Whether DynamoDB bills a cancelled transaction's items is not ours to assume: the goal
        // counts them too, as an upper bound.
        const cancelledUnits = transactionWriteUnits(consumed.cancelledTransactItems, sizeOf);
        const cancelledTransactions = consumed.errorsByCommand.TransactWriteItemsCommand ?? 0;
        const reportedTransactionUnits = consumed.unitsByCommand.TransactWriteItemsCommand ?? 0;
        const committedWriteUnits = consumed.writeUnits - reportedTransactionUnits + transactionUnits;
        const writeUnits = committedWriteUnits + cancelledUnits;
        const largestItem = Math.max(0, ...sizes.values());
        const transactions = consumed.byCommand.TransactWriteItemsCommand ?? 0;

        const pipelineMs = exactMs ?? Number.NaN;
        const ratio = pipelineMs / rawMs;
        const writeUnitsPerEvent = writeUnits / EVENTS;
        const readUnitsPerEvent = consumed.readUnits / EVENTS;
        return {
          title: `A burst of ${EVENTS.toLocaleString('en-US')} status events in scope ${SCOPE} through the coverage pipeline`,
          headers: [
            'path',
            'events/items',
            'time',
            'per second',
            'vs raw',
            'write units/event',
            'read units/event',
            'what is timed',
          ],
          rows: [
            [
              'raw BatchWriteItem (baseline)',
              EVENTS.toLocaleString('en-US'),
              formatSeconds(rawMs),
              formatRate((EVENTS / rawMs) * 1000),
              '1.00×',
              '1.00',
              '0',
              `pre-marshalled items of one event each (${Math.round(eventBytes)} bytes of JSON), batches of 25, ${CONCURRENCY} calls in flight`,
            ],
            [
              'coverage queue → applyCoverage → table',
              EVENTS.toLocaleString('en-US'),
              formatSeconds(pipelineMs),
              formatRate((EVENTS / pipelineMs) * 1000),
              formatRatio(ratio),
              writeUnitsPerEvent.toFixed(2),
              readUnitsPerEvent.toFixed(2),
              `from the first SendMessageBatch to the first read showing the regency and its 10 districts exact (enqueueing took ${formatSeconds(enqueuedMs)})`,
            ],
          ],
          goals: [
            {
              goal: `counters exact within ≤ ${MAX_RATIO}× raw BatchWriteItem of ${EVENTS.toLocaleString('en-US')} items`,
              measured:
                exactMs === undefined
                  ? `not exact after ${formatSeconds(TIME_LIMIT_MS)}`
                  : formatRatio(ratio),
              pass: exactMs !== undefined && ratio <= MAX_RATIO,
            },
            {
              goal: `≤ ${MAX_WRITE_UNITS_PER_EVENT} write units per status event, amortised`,
              measured: writeUnitsPerEvent.toFixed(2),
              pass: consumed.unreported === 0 && writeUnitsPerEvent <= MAX_WRITE_UNITS_PER_EVENT,
            },
            {
              goal: `every village of ${SCOPE} exact once the burst is applied`,
              measured:
                wrong.length === 0 ? `${districts.length} districts exact` : `wrong in ${wrong.join(', ')}`,
              pass: wrong.length === 0 && exactMs !== undefined,
            },
          ],
          notes: [
            `One in-memory DynamoDB Local (the local stack's JVM flags) and fauxqs in this process, the table from the shared definition with the ${regions.length} regions of ${SCOPE}. The raw baseline runs first, after a ${(warmUp.length * 25).toLocaleString('en-US')}-item warm-up write, on the same DynamoDB Local and table.`,
            `The burst: ${registrations.length.toLocaleString('en-US')} new registrations over the ${villages.length} villages of ${SCOPE} (null → SUBMITTED) and ${(EVENTS - registrations.length).toLocaleString('en-US')} reviews of them (→ VERIFIED or REJECTED), each shuffled, sent with SendMessageBatch (10 per call, ${CONCURRENCY} calls in flight) to the coverage queue created from shared/platform/pipeline-settings.ts, while the local queue poller plays its event source mapping (batch size ${definition.batchSize}, batching window ${definition.maxBatchingWindowSeconds} s, maximum concurrency ${definition.maximumConcurrency}) into the real functions/village-coverage/apply-coverage.ts.`,
            `Exactness is read every ${CHECK_EVERY_MS} ms with GET /coverage's use case (the regency and each district against a recount of the burst), ${checks} reads in all; once it holds, every district's villages are compared too.`,
            `Units: ReturnConsumedCapacity on every request of the consumer's client (${Object.entries(
              consumed.byCommand,
            )
              .map(
                ([command, n]) =>
                  `${n} ${command.replace('Command', '')}, ${formatSeconds(consumed.msByCommand[command] ?? 0)} in all`,
              )
              .join(
                '; ',
              )}). DynamoDB Local reports ${reportedTransactionUnits} units for all ${transactions} committed transactions together (far below DynamoDB's price: it reported 2 units for a 50-item transaction), so their ${consumed.transactItems.length.toLocaleString('en-US')} items (${(consumed.transactItems.length / Math.max(1, transactions)).toFixed(0)} per transaction) are priced as DynamoDB bills them, 2 units per started KB, from each item's size after the burst (an upper bound: these items only grow; largest ${largestItem.toLocaleString('en-US')} bytes): ${transactionUnits.toLocaleString('en-US')} units (${(committedWriteUnits / EVENTS).toFixed(2)} per event with the other writes), plus ${cancelledUnits.toLocaleString('en-US')} units for the items of the ${cancelledTransactions} transactions cancelled by a conflict, which the goal counts too. The raw baseline's item is under 1 KB: 1 write unit each.`,
            `Poller: ${stats.received.toLocaleString('en-US')} messages received in ${stats.invocations} invocations, ${stats.deleted.toLocaleString('en-US')} deleted, ${stats.failed} failed (and retried), at most ${stats.maxInFlight} invocations at once; ${deadLettered} messages in the dead-letter queue at the end. A failed message is one whose transaction group kept conflicting with another consumer's on the same villages (optimistic concurrency on each village's revision); it comes back after 1 s here (the poller's local retry delay) and moves to the dead-letter queue after ${definition.maxReceiveCount} receives.`,
            'Not included: the table stream and the fan-out function in front of the queue (the local pipeline plays them too; this measures the counters’ part of the path).',
          ],
        };
      } finally {
        if (!pollerStopped) await poller.stop();
      }
    } finally {
      sqs.destroy();
      await queues.stop();
      await dynamo.stop();
    }
  },
};
