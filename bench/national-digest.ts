import { marshall } from '@aws-sdk/util-dynamodb';
import { encodeTime } from 'ulid';
import { createTable } from '../infra/local/emulators/create-table.js';
import { startDynamoDbLocal } from '../infra/local/emulators/dynamodb-local.js';
import { JAVA_OPTIONS } from '../infra/local/stack/services.js';
import { buildDigest, type Digest } from '../shared/digests/build-digest.js';
import { digestCsv } from '../shared/digests/csv.js';
import { DynamoDbDigestStore } from '../shared/digests/dynamodb/digest-store.js';
import type { DigestRunRecord } from '../shared/digests/ports.js';
import { renderDigest } from '../shared/digests/templates.js';
import {
  type AttributeValue,
  type DynamoDbClient,
  ScanCommand,
  type WriteRequest,
} from '../shared/platform/dynamodb/client.js';
import { itemTypes, keys } from '../shared/platform/dynamodb/table.js';
import { COUNTRY_CODE, levelOf, type RegionLevel } from '../shared/platform/region-codes.js';
import { DynamoDbRegionStore } from '../shared/regions/dynamodb/region-store.js';
import { writeRegions } from '../shared/regions/dynamodb/region-writer.js';
import { loadScopeRegions } from '../shared/regions/master-data.js';
import type { RegistrationStatus } from '../shared/registrations/schema.js';
import {
  addCounters,
  type CoverageCounters,
  villageCounters,
  ZERO_COUNTERS,
} from '../shared/village-coverage/coverage.js';
import { SHARDS_BY_LEVEL } from '../shared/village-coverage/shards.js';
import { coverageItems } from '../test/fixtures/coverage-items.js';
import { fixtureRegistration } from '../test/fixtures/registration.js';
import { type CapacityMeter, meterConsumedCapacity, resetCapacityMeter } from './lib/consumed-capacity.js';
import { benchClient, freshTableName } from './lib/dynamodb.js';
import { chunk, rawBatchWrite } from './lib/raw-batch-write.js';
import type { Benchmark, BenchmarkReport, GoalResult } from './lib/report.js';
import { formatKb, formatRatio, formatSeconds } from './lib/stats.js';

/** Registrations seeded: about one KIM for every two villages, four months of sign-ups. */
/**
 * Registrations seeded, in two halves: the digest and the Scan are measured after each, so the
 * report shows what doubling the registrations does to each. 80,000 is about one KIM per village.
 */
const REGISTRATIONS = Number(process.env.BENCH_DIGEST_REGISTRATIONS ?? 80_000);
/** Digest read units may grow this much when the registrations double (the lists it shows grow). */
const MAX_DIGEST_GROWTH = 1.1;
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

interface SeededRegistration {
  readonly item: Record<string, unknown>;
  readonly villageCode: string;
  readonly id: string;
  readonly status: RegistrationStatus;
  readonly version: number;
}

/** Registrations spread over random villages (the same ones every run). */
const seedRegistrations = (
  villages: ReadonlyArray<{ code: string; name: string; parentCode?: string | undefined }>,
  count: number,
): SeededRegistration[] => {
  const next = random(20_261_130);
  const base = fixtureRegistration('01JZ0000000000000000000000');
  const seeded: SeededRegistration[] = [];
  for (let index = 0; index < count; index++) {
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
    seeded.push({
      id,
      villageCode: village.code,
      status,
      version,
      item: {
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
      },
    });
  }
  return seeded;
};

/** The coverage items the pipeline would keep for these registrations, and the national counters. */
const coverageOf = (registrations: readonly SeededRegistration[]) => {
  const maps = new Map<string, Record<string, { s: RegistrationStatus; v: number }>>();
  for (const registration of registrations) {
    const map = maps.get(registration.villageCode) ?? {};
    map[registration.id] = { s: registration.status, v: registration.version };
    maps.set(registration.villageCode, map);
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
  const items = coverageItems(counters).map((item) =>
    item.level === 'village' ? { ...item, registrations: maps.get(String(item.code)) ?? {} } : item,
  );
  // Every shard of every region written, zeros too, so the second phase replaces all of the first's.
  const present = new Set(items.map((item) => `${item.PK} ${item.SK}`));
  const codes = new Map<string, Record<string, unknown>>();
  for (const item of items) if (item.level !== 'village') codes.set(String(item.code), item);
  for (const [code, item] of codes) {
    const level = levelOf(code) as Exclude<RegionLevel, 'village'>;
    for (let shard = 0; shard < SHARDS_BY_LEVEL[level]; shard++) {
      const key = keys.regionCoverage(String(item.PK).slice('COV#'.length), code, shard);
      if (present.has(`${key.PK} ${key.SK}`)) continue;
      items.push({ ...key, type: itemTypes.coverage, level, code, shard, ...ZERO_COUNTERS, rev: 1 });
    }
  }
  const national = [...counters.values()].reduce(addCounters, ZERO_COUNTERS);
  return { items, national };
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
const scanRegistrations = async (client: DynamoDbClient, tableName: string): Promise<number> => {
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
    const registrations = seedRegistrations(villages, REGISTRATIONS);
    const half = Math.floor(REGISTRATIONS / 2);
    const phases = [registrations.slice(0, half), registrations];

    const dynamo = await startDynamoDbLocal({ javaOptions: JAVA_OPTIONS, startTimeoutMs: 120_000 });
    const client = benchClient(dynamo.endpoint);
    try {
      const tableName = freshTableName('digest');
      await createTable(client, tableName);
      const seedStarted = performance.now();
      await writeRegions(client, tableName, regions, { concurrency: CONCURRENCY });
      const seedMs = [performance.now() - seedStarted];
      const meter = meterConsumedCapacity(client);
      const deps = {
        regions: new DynamoDbRegionStore(client, tableName),
        source: new DynamoDbDigestStore(client, tableName),
      };

      const measured: Array<{
        count: number;
        national: Timed & { result: Digest };
        regency: Timed & { result: Digest };
        scan: Timed & { result: number };
      }> = [];
      let rendering = '';
      let written = 0;
      for (const phase of phases) {
        const phaseStarted = performance.now();
        const coverage = coverageOf(phase);
        // Village and shard items of the whole phase replace the previous ones (counters only grow).
        await rawBatchWrite(client, tableName, batchesOf(coverage.items), CONCURRENCY);
        await rawBatchWrite(
          client,
          tableName,
          batchesOf(phase.slice(written).map((registration) => registration.item)),
          CONCURRENCY,
        );
        written = phase.length;
        const lastRun: DigestRunRecord = {
          regionCode: COUNTRY_CODE,
          runId: new Date(NOW - 7 * DAY_MS).toISOString(),
          at: new Date(NOW - 7 * DAY_MS).toISOString(),
          villageTotal: villages.length,
          counters: { ...coverage.national, covered: Math.max(0, coverage.national.covered - 500) },
          previous: null,
        };
        seedMs.push(performance.now() - phaseStarted);
        const build = (regionCode: string) =>
          buildDigest(deps, { regionCode, runId: new Date(NOW).toISOString(), at: new Date(NOW), lastRun });

        // Warm-up: a regency digest, so the JVM and the SDK have run every path once.
        await build('51.02');
        const regency = await timed(meter, () => build('51.02'));
        const national = await timed(meter, () => build(COUNTRY_CODE));
        const scan = await timed(meter, () => scanRegistrations(client, tableName));
        if (national.result.villages.length !== villages.length) {
          throw new Error(`the national digest has ${national.result.villages.length} villages`);
        }
        if (scan.result !== phase.length) throw new Error(`the Scan found ${scan.result} registrations`);
        if (national.result.region.villages.covered !== coverage.national.covered) {
          throw new Error('the national digest does not show the seeded coverage');
        }
        measured.push({ count: phase.length, national, regency, scan });

        if (phase === registrations) {
          const renderStarted = performance.now();
          const rendered = renderDigest(national.result, {
            baseUrl: 'https://kim.example.go.id',
            timeZone: 'Asia/Makassar',
          });
          const csv = digestCsv(national.result);
          rendering = `Rendering the national email and its CSV took ${formatSeconds(performance.now() - renderStarted)} more: HTML ${formatKb(Buffer.byteLength(rendered.html))}, text ${formatKb(Buffer.byteLength(rendered.text))}, CSV ${formatKb(Buffer.byteLength(csv))} (SES v2 accepts 40 MB per message).`;
        }
      }

      const [small, full] = measured;
      if (!small || !full) throw new Error('a phase did not run');
      const growth = full.national.units / small.national.units;
      const ratio = full.national.units / full.scan.units;
      const goals: GoalResult[] = [
        {
          goal: `national digest read units grow ≤ ${MAX_DIGEST_GROWTH}× when the registrations double`,
          measured: `${Math.round(small.national.units).toLocaleString('en-US')} → ${Math.round(full.national.units).toLocaleString('en-US')}: ${formatRatio(growth)} (Scan: ${formatRatio(full.scan.units / small.scan.units)})`,
          pass: growth <= MAX_DIGEST_GROWTH,
        },
        {
          goal: `national digest reads fewer units than one Scan of the registrations at ${full.count.toLocaleString('en-US')} registrations`,
          measured: `${Math.round(full.national.units).toLocaleString('en-US')} vs ${Math.round(full.scan.units).toLocaleString('en-US')}: ${formatRatio(ratio)}`,
          pass: full.scan.units > 0 && ratio < 1,
        },
      ];
      const row = (name: string, count: number, value: Timed, scanUnits: number, what: string) => [
        name,
        count.toLocaleString('en-US'),
        formatSeconds(value.ms),
        Math.round(value.units).toLocaleString('en-US'),
        value.requests.toLocaleString('en-US'),
        scanUnits > 0 ? formatRatio(value.units / scanUnits) : 'n/a',
        what,
      ];
      const rows = measured.flatMap(({ count, national, regency, scan }) => [
        row(
          'national digest (ID)',
          count,
          national,
          scan.units,
          `${national.result.children.length} provinces, ${national.result.villages.length.toLocaleString('en-US')} CSV rows, ${national.result.newRegistrations.items.length.toLocaleString('en-US')} new, backlog ${national.result.backlog.total.toLocaleString('en-US')}`,
        ),
        row(
          'regency digest (51.02)',
          count,
          regency,
          scan.units,
          `${regency.result.villages.length} villages`,
        ),
        row(
          'Scan of the registrations (baseline)',
          count,
          scan,
          scan.units,
          `the whole table, ${SCAN_SEGMENTS} segments`,
        ),
      ]);
      return {
        title: `Coverage digest: ${villages.length.toLocaleString('en-US')} villages, ${small.count.toLocaleString('en-US')} then ${full.count.toLocaleString('en-US')} registrations`,
        headers: ['read', 'registrations', 'time', 'read units', 'requests', 'units vs Scan', 'what'],
        rows,
        goals,
        notes: [
          `One fresh in-memory DynamoDB Local (the local stack's JVM flags), a table from the shared definition: every region of scope ID (${formatSeconds(seedMs[0] ?? 0)}), then ${small.count.toLocaleString('en-US')} registrations and their coverage items (${formatSeconds(seedMs[1] ?? 0)}), measured; then ${(full.count - small.count).toLocaleString('en-US')} more (${formatSeconds(seedMs[2] ?? 0)}), measured again. Registrations (BENCH_DIGEST_REGISTRATIONS in all) lie in random villages over 120 days, statuses by age (recent ones mostly SUBMITTED, a tenth of old SUBMITTED ones resubmitted); coverage items are those the pipeline keeps (village items with their registration maps, sharded region counters).`,
          "Read units are DynamoDB's own ReturnConsumedCapacity TOTAL, asked on every request by a wrapper around the client's `send`; times include every read with 16 in flight (the digest's regions, coverage items, new-registrations Query of the byCountry index and backlog reads by key; the Scan's 16 segments).",
          `Read units by command at ${full.count.toLocaleString('en-US')}: national digest ${unitsText(full.national.byCommand)}; Scan ${unitsText(full.scan.byCommand)}. Nearly all of the digest's units are the 0.5-unit minimum of its two small Queries per district (villages' names, villages' coverage): about 7,300 units fixed by the country's 7,266 districts.`,
          rendering,
          'The Scan reads every item of the table (regions and coverage items too) and keeps the registrations: what any digest built from registrations must pay at least once, before it knows a village name.',
        ],
      };
    } finally {
      await dynamo.stop();
    }
  },
};
