import {
  type AttributeValue,
  type DynamoDBClient,
  ScanCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { encodeTime } from 'ulid';
import { createTable } from '../infra/local/create-table.js';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { JAVA_OPTIONS } from '../infra/local/local-stack.js';
import { DynamoDbDigestStore } from '../shared/adapters/digest-store.js';
import { DynamoDbRegionStore } from '../shared/adapters/region-store.js';
import { writeRegions } from '../shared/adapters/region-writer.js';
import { type CoverageCounters, villageCounters } from '../shared/coverage/coverage.js';
import { buildDigest, type Digest } from '../shared/digests/build-digest.js';
import { digestCsv } from '../shared/digests/csv.js';
import type { DigestRunRecord } from '../shared/digests/ports.js';
import { renderDigest } from '../shared/digests/templates.js';
import { COUNTRY_CODE } from '../shared/regions/codes.js';
import { loadScopeRegions } from '../shared/regions/master-data.js';
import type { RegistrationStatus } from '../shared/registrations/schema.js';
import { itemTypes, keys } from '../shared/table.js';
import { coverageItems } from '../test/fixtures/coverage-items.js';
import { fixtureRegistration } from '../test/fixtures/registration.js';
import { type CapacityMeter, meterConsumedCapacity, resetCapacityMeter } from './lib/consumed-capacity.js';
import { benchClient, freshTableName } from './lib/dynamodb.js';
import { chunk, rawBatchWrite } from './lib/raw-batch-write.js';
import type { Benchmark, BenchmarkReport, GoalResult } from './lib/report.js';
import { formatKb, formatRatio, formatSeconds } from './lib/stats.js';

/** Registrations seeded: about one KIM for every two villages, four months of sign-ups. */
const REGISTRATIONS = Number(process.env.BENCH_DIGEST_REGISTRATIONS ?? 40_000);
const CONCURRENCY = 16;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Monday 30 November 2026, 08:00 WITA. */
const NOW = Date.parse('2026-11-30T00:00:00.000Z');

/** A small deterministic PRNG (mulberry32), so every run seeds the same data. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const pick = <T>(next: () => number, weighted: ReadonlyArray<readonly [T, number]>): T => {
  let roll = next();
  for (const [value, weight] of weighted) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return (weighted[weighted.length - 1] as readonly [T, number])[0];
};

/** Status by age: recent sign-ups mostly wait for review, older ones were mostly reviewed. */
const statusFor = (next: () => number, ageDays: number): RegistrationStatus => {
  if (ageDays < 7) {
    return pick(next, [
      ['SUBMITTED', 0.7],
      ['VERIFIED', 0.25],
      ['REJECTED', 0.05],
    ]);
  }
  if (ageDays < 30) {
    return pick(next, [
      ['SUBMITTED', 0.3],
      ['VERIFIED', 0.6],
      ['REJECTED', 0.1],
    ]);
  }
  return pick(next, [
    ['SUBMITTED', 0.03],
    ['VERIFIED', 0.82],
    ['REJECTED', 0.1],
    ['DEACTIVATED', 0.05],
  ]);
};

const VERSION: Record<RegistrationStatus, number> = {
  SUBMITTED: 1,
  VERIFIED: 2,
  REJECTED: 2,
  DEACTIVATED: 3,
};

interface Seeded {
  readonly registrationItems: Array<Record<string, unknown>>;
  readonly coverage: Array<Record<string, unknown>>;
  readonly nationalCounters: CoverageCounters;
}

/** Registrations spread over random villages, and the coverage items the pipeline would have made of them. */
const seedData = (
  villages: ReadonlyArray<{ code: string; name: string; parentCode?: string | undefined }>,
): Seeded => {
  const next = random(20_261_130);
  const base = fixtureRegistration('01JZ0000000000000000000000');
  const maps = new Map<string, Record<string, { s: RegistrationStatus; v: number }>>();
  const registrationItems: Array<Record<string, unknown>> = [];
  for (let index = 0; index < REGISTRATIONS; index++) {
    const village = villages[Math.floor(next() * villages.length)] as (typeof villages)[number];
    const ageDays = next() * 120;
    const created = NOW - ageDays * DAY_MS;
    const id = `${encodeTime(Math.floor(created), 10)}${String(index).padStart(16, '0')}`;
    const status = statusFor(next, ageDays);
    // A tenth of the old SUBMITTED ones were rejected and corrected: submitted again later.
    const resubmitted = status === 'SUBMITTED' && ageDays > 14 && next() < 0.1;
    const version = resubmitted ? 3 : VERSION[status];
    const submittedAt = new Date(resubmitted ? created + (ageDays / 2) * DAY_MS : created).toISOString();
    const [province, regency, district] = [1, 2, 3].map((parts) =>
      village.code.split('.').slice(0, parts).join('.'),
    );
    registrationItems.push({
      ...keys.registration(id),
      type: itemTypes.registration,
      ...base,
      id,
      name: `KIM ${village.name} ${index}`,
      villageCode: village.code,
      villageName: village.name,
      districtCode: district,
      regencyCode: regency,
      provinceCode: province,
      countryCode: COUNTRY_CODE,
      skNumberNormalized: `${base.skNumberNormalized}-${index}`,
      status,
      version,
      submittedAt,
      updatedAt: submittedAt,
    });
    const map = maps.get(village.code) ?? {};
    map[id] = { s: status, v: version };
    maps.set(village.code, map);
  }
  const counters = new Map<string, CoverageCounters>();
  for (const [village, map] of maps) {
    counters.set(
      village,
      villageCounters(
        Object.fromEntries(
          Object.entries(map).map(([id, entry]) => [id, { status: entry.s, version: entry.v }]),
        ),
      ),
    );
  }
  const coverage = coverageItems(counters).map((item) =>
    item.level === 'village' ? { ...item, registrations: maps.get(String(item.code)) ?? {} } : item,
  );
  const nationalCounters = [...counters.values()].reduce(
    (sum, item) => ({
      covered: sum.covered + item.covered,
      pendingOnly: sum.pendingOnly + item.pendingOnly,
      submitted: sum.submitted + item.submitted,
      verified: sum.verified + item.verified,
      rejected: sum.rejected + item.rejected,
      deactivated: sum.deactivated + item.deactivated,
    }),
    { covered: 0, pendingOnly: 0, submitted: 0, verified: 0, rejected: 0, deactivated: 0 },
  );
  return { registrationItems, coverage, nationalCounters };
};

const batchesOf = (items: ReadonlyArray<Record<string, unknown>>): WriteRequest[][] =>
  chunk(
    items.map((item) => ({ PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) } })),
    25,
  );

interface Timed {
  readonly ms: number;
  readonly units: number;
  readonly requests: number;
  /** Units by command name (QueryCommand, GetItemCommand, ScanCommand). */
  readonly byCommand: Record<string, number>;
}

const timed = async <T>(meter: CapacityMeter, work: () => Promise<T>): Promise<{ result: T } & Timed> => {
  resetCapacityMeter(meter);
  const started = performance.now();
  const result = await work();
  // Only reads run while timing; DynamoDB Local reports a Scan's units without a read/write split.
  return {
    result,
    ms: performance.now() - started,
    units: meter.units,
    requests: meter.calls,
    byCommand: { ...meter.unitsByCommand },
  };
};

/** Segments of the baseline's parallel Scan: as many reads in flight as the digest has. */
const SCAN_SEGMENTS = 16;

/**
 * A Scan of the whole table for the registrations (parallel, SCAN_SEGMENTS segments): what a
 * digest built from registrations would start with.
 */
const scanRegistrations = async (client: DynamoDBClient, tableName: string): Promise<number> => {
  const segment = async (index: number) => {
    let found = 0;
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const output = await client.send(
        new ScanCommand({
          TableName: tableName,
          Segment: index,
          TotalSegments: SCAN_SEGMENTS,
          FilterExpression: '#type = :registration',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: marshall({ ':registration': itemTypes.registration }),
          ExclusiveStartKey: startKey,
        }),
      );
      found += output.Count ?? 0;
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return found;
  };
  const counts = await Promise.all(Array.from({ length: SCAN_SEGMENTS }, (_, index) => segment(index)));
  return counts.reduce((sum, count) => sum + count, 0);
};

const unitsText = (byCommand: Record<string, number>) =>
  Object.entries(byCommand)
    .map(
      ([command, units]) => `${command.replace(/Command$/, '')} ${Math.round(units).toLocaleString('en-US')}`,
    )
    .join(', ');

export const nationalDigestBenchmark: Benchmark = {
  name: 'national-digest',
  summary: `the national coverage digest (83,762 villages, ${REGISTRATIONS.toLocaleString('en-US')} registrations) against one Scan of the registrations`,
  async run(): Promise<BenchmarkReport> {
    const regions = await loadScopeRegions(COUNTRY_CODE);
    const villages = regions.filter((region) => region.level === 'village');
    const seeded = seedData(villages);

    const dynamo = await startDynamoDbLocal({ javaOptions: JAVA_OPTIONS, startTimeoutMs: 120_000 });
    const client = benchClient(dynamo.endpoint, CONCURRENCY);
    try {
      const tableName = freshTableName('digest');
      await createTable(client, tableName);
      const seedStarted = performance.now();
      await writeRegions(client, tableName, regions, { concurrency: CONCURRENCY });
      await rawBatchWrite(client, tableName, batchesOf(seeded.coverage), CONCURRENCY);
      await rawBatchWrite(client, tableName, batchesOf(seeded.registrationItems), CONCURRENCY);
      const lastRun: DigestRunRecord = {
        regionCode: COUNTRY_CODE,
        runId: new Date(NOW - 7 * DAY_MS).toISOString(),
        at: new Date(NOW - 7 * DAY_MS).toISOString(),
        villageTotal: villages.length,
        counters: { ...seeded.nationalCounters, covered: Math.max(0, seeded.nationalCounters.covered - 500) },
        previous: null,
      };
      await new DynamoDbDigestStore(client, tableName).saveRun(lastRun);
      const seedMs = performance.now() - seedStarted;

      const meter = meterConsumedCapacity(client, 'digest-bench-meter');
      const deps = {
        regions: new DynamoDbRegionStore(client, tableName),
        source: new DynamoDbDigestStore(client, tableName),
      };
      const build = (regionCode: string) =>
        buildDigest(deps, { regionCode, runId: new Date(NOW).toISOString(), at: new Date(NOW), lastRun });

      // Warm-up: a regency digest, so the JVM and the SDK have run every path once.
      await build('51.02');
      const regency = await timed(meter, () => build('51.02'));
      const national = await timed(meter, () => build(COUNTRY_CODE));
      const digest: Digest = national.result;
      const renderStarted = performance.now();
      const rendered = renderDigest(digest, {
        baseUrl: 'https://kim.example.go.id',
        timeZone: 'Asia/Makassar',
      });
      const csv = digestCsv(digest);
      const renderMs = performance.now() - renderStarted;
      const scan = await timed(meter, () => scanRegistrations(client, tableName));

      if (digest.villages.length !== villages.length) {
        throw new Error(
          `the national digest has ${digest.villages.length} villages, expected ${villages.length}`,
        );
      }
      if (scan.result !== REGISTRATIONS) throw new Error(`the Scan found ${scan.result} registrations`);
      if (digest.region.villages.covered !== seeded.nationalCounters.covered) {
        throw new Error('the national digest does not show the seeded coverage');
      }

      const unitsRatio = national.units / scan.units;
      const goals: GoalResult[] = [
        {
          goal: 'national digest reads fewer units than one Scan of the registrations',
          measured: `${Math.round(national.units).toLocaleString('en-US')} vs ${Math.round(scan.units).toLocaleString('en-US')} read units: ${formatRatio(unitsRatio)}`,
          pass: scan.units > 0 && unitsRatio < 1,
        },
      ];
      const row = (name: string, measured: Timed, what: string) => [
        name,
        formatSeconds(measured.ms),
        Math.round(measured.units).toLocaleString('en-US'),
        measured.requests.toLocaleString('en-US'),
        scan.units > 0 ? formatRatio(measured.units / scan.units) : 'n/a',
        what,
      ];
      return {
        title: `Coverage digest: ${villages.length.toLocaleString('en-US')} villages, ${REGISTRATIONS.toLocaleString('en-US')} registrations`,
        headers: ['read', 'time', 'read units', 'requests', 'units vs Scan', 'what'],
        rows: [
          row(
            'national digest (ID)',
            national,
            `coverage, ${digest.children.length} provinces, ${digest.villages.length.toLocaleString('en-US')} CSV rows, ${digest.newRegistrations.items.length.toLocaleString('en-US')} new, backlog ${digest.backlog.total.toLocaleString('en-US')}`,
          ),
          row('regency digest (51.02)', regency, `${regency.result.villages.length} villages`),
          row(
            'Scan of the registrations (baseline)',
            scan,
            `${scan.result.toLocaleString('en-US')} registrations, the whole table read in ${SCAN_SEGMENTS} segments`,
          ),
        ],
        goals,
        notes: [
          `One fresh in-memory DynamoDB Local (the local stack's JVM flags), a table from the shared definition, seeded in ${formatSeconds(seedMs)}: every region of scope ID, ${REGISTRATIONS.toLocaleString('en-US')} registrations (BENCH_DIGEST_REGISTRATIONS) in random villages over 120 days, statuses by age (recent ones mostly SUBMITTED, a tenth of old SUBMITTED ones resubmitted), and the coverage items the pipeline keeps for them (village items with their registration maps, sharded region counters).`,
          "Read units are DynamoDB's own ReturnConsumedCapacity TOTAL, asked on every request by a client middleware; the digest's time includes every read (regions, coverage items, the new-registrations Query of the byCountry index, the backlog reads by key) with 16 reads in flight.",
          `Rendering the national email and its CSV took ${formatSeconds(renderMs)} more: HTML ${formatKb(Buffer.byteLength(rendered.html))}, text ${formatKb(Buffer.byteLength(rendered.text))}, CSV ${formatKb(Buffer.byteLength(csv))} (SES v2 accepts 40 MB per message).`,
          `Read units by command: national digest ${unitsText(national.byCommand)}; Scan ${unitsText(scan.byCommand)}.`,
          "The Scan reads every item of the table (regions and coverage items too) and filters registrations out: what any digest built from registrations must pay at least once, before it knows a village name. The digest's reads grow with the villages and with the new registrations and backlog it lists, not with all registrations.",
        ],
      };
    } finally {
      client.destroy();
      await dynamo.stop();
    }
  },
};
