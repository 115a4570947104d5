import pLimit from 'p-limit';
import { decodeTime, encodeTime } from 'ulid';
import { countExpiredTerms, type ExpiredTermCountDeps } from '../documents/term-expiry.js';
import { levelOf } from '../platform/region-codes.js';
import type { Region, RegionRepository } from '../regions/region.js';
import type { RegistrationSummary } from '../registrations/ports.js';
import {
  type CoverageCounters,
  type CoverageSummary,
  coveragePercent,
  toSummary,
  ZERO_COUNTERS,
} from '../village-coverage/coverage.js';
import type { DigestRunRecord, DigestSnapshot, DigestSource, VillageCoverageRow } from './ports.js';

/** Registrations still SUBMITTED this long after submission are the review backlog. */
export const BACKLOG_AGE_DAYS = 7;
/** The backlog entries a digest lists by name (the total is counted in full). */
export const BACKLOG_LIST_LIMIT = 20;
/** Without an earlier digest, "new registrations" covers this many days. */
export const FIRST_DIGEST_WINDOW_DAYS = 7;
/** Regions (districts, or their parents) read at once. */
const READ_CONCURRENCY = 16;

const DAY_MS = 24 * 60 * 60 * 1000;

export type VillageStatus = 'covered' | 'pending' | 'none';

/** One village of the digest's region: a row of the CSV. */
export interface DigestVillage {
  readonly code: string;
  readonly name: string;
  readonly districtCode: string;
  readonly districtName: string;
  readonly status: VillageStatus;
  /** KIM registered in the village and not rejected or deactivated: VERIFIED + SUBMITTED. */
  readonly kimCount: number;
}

/** A registration waiting for review since `submittedAt`. */
export interface BacklogEntry extends RegistrationSummary {
  readonly waitingDays: number;
}

/** The change of a region's counters since the previous digest. */
export interface DigestChange {
  readonly since: string;
  readonly covered: number;
  readonly coveragePercent: number;
  readonly pendingOnly: number;
  readonly submitted: number;
  readonly verified: number;
  readonly rejected: number;
  readonly deactivated: number;
}

/** Everything a coverage digest shows. */
export interface Digest {
  readonly runId: string;
  /** The moment the digest describes (the scheduled time of its run). */
  readonly at: string;
  readonly region: CoverageSummary;
  /** Direct children (districts of a regency, villages of a district, ...), by code. */
  readonly children: readonly CoverageSummary[];
  /** Every village of the region, by code. */
  readonly villages: readonly DigestVillage[];
  readonly newRegistrations: {
    /** Start of the window: the previous digest, or FIRST_DIGEST_WINDOW_DAYS before `at`. */
    readonly since: string;
    /** Newest first. */
    readonly items: readonly RegistrationSummary[];
  };
  readonly backlog: {
    /** Submitted before this moment and still SUBMITTED. */
    readonly before: string;
    /** How many registrations wait. */
    readonly total: number;
    /** The BACKLOG_LIST_LIMIT longest waiting, oldest submission first. */
    readonly items: readonly BacklogEntry[];
  };
  /** Null for a region's first digest. */
  readonly change: DigestChange | null;
  /** VERIFIED KIM of the region whose current term ended before the run's day; undefined when not counted. */
  readonly expiredTerms?: number | undefined;
}

export interface BuildDigestDeps {
  readonly regions: RegionRepository;
  readonly source: DigestSource;
  /** What counting the KIM whose term has ended reads; without it the digest leaves the count out. */
  readonly terms?: ExpiredTermCountDeps;
}

export interface BuildDigestRequest {
  readonly regionCode: string;
  readonly runId: string;
  readonly at: Date;
  /** The region's last digest record, if any (see `baselineOf`). */
  readonly lastRun: DigestRunRecord | undefined;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byCode = (a: { code: string }, b: { code: string }) => compareText(a.code, b.code);

/** The smallest and the largest ULID of a millisecond: the bounds of a time window on ids. */
export const ulidFloor = (ms: number) => `${encodeTime(ms, 10)}0000000000000000`;
export const ulidCeiling = (ms: number) => `${encodeTime(ms, 10)}ZZZZZZZZZZZZZZZZ`;

/** What a run compares with: the last digest, unless that is this very run (a retry), then the one before. */
export const baselineOf = (runId: string, lastRun: DigestRunRecord | undefined): DigestSnapshot | null => {
  if (lastRun === undefined) return null;
  return lastRun.runId === runId ? lastRun.previous : lastRun;
};

/** The districts of a region, by code: one children read per region above district level. */
const districtsOf = async (deps: BuildDigestDeps, region: Region): Promise<Region[]> => {
  if (region.level === 'district') return [region];
  if (region.level === 'village') return [];
  const children = [...(await deps.regions.listChildren(region.code))].sort(byCode);
  const nested = await pLimit(READ_CONCURRENCY).map(children, (child) => districtsOf(deps, child));
  return nested.flat();
};

const statusOf = (counters: CoverageCounters): VillageStatus =>
  counters.covered > 0 ? 'covered' : counters.pendingOnly > 0 ? 'pending' : 'none';

/** A district's villages (names from the region items, counters from the coverage items). */
const villagesOf = async (
  deps: BuildDigestDeps,
  district: Region,
): Promise<{ villages: DigestVillage[]; submitted: Array<{ id: string; version: number }> }> => {
  const [villages, coverage] = await Promise.all([
    deps.regions.listChildren(district.code),
    deps.source.districtVillages(district.code),
  ]);
  const submitted: Array<{ id: string; version: number }> = [];
  const rows = [...villages].sort(byCode).map((village): DigestVillage => {
    const row: VillageCoverageRow | undefined = coverage.get(village.code);
    const counters = row?.counters ?? ZERO_COUNTERS;
    if (row) submitted.push(...row.submitted);
    return {
      code: village.code,
      name: village.name,
      districtCode: district.code,
      districtName: district.name,
      status: statusOf(counters),
      kimCount: counters.verified + counters.submitted,
    };
  });
  return { villages: rows, submitted };
};

/**
 * The review backlog from the SUBMITTED registrations the village items name, reading few
 * registrations: a registration created after the cut-off cannot have been submitted before it;
 * one still at version 1 has not changed since it was created, so it was submitted when its ULID
 * was made. Only resubmitted candidates (version > 1, where `submittedAt` is later than the id)
 * and the BACKLOG_LIST_LIMIT oldest, whose names the digest shows, are read by key.
 */
const backlogOf = async (
  deps: BuildDigestDeps,
  submitted: ReadonlyArray<{ id: string; version: number }>,
  before: number,
  at: Date,
): Promise<{ total: number; items: BacklogEntry[] }> => {
  const candidates = submitted.filter((candidate) => decodeTime(candidate.id) < before);
  const unchanged = candidates.filter((candidate) => candidate.version === 1);
  const resubmitted = (
    await deps.source.registrationSummaries(
      candidates.filter((candidate) => candidate.version !== 1).map((candidate) => candidate.id),
    )
  ).filter((item) => item.status === 'SUBMITTED' && Date.parse(item.submittedAt) < before);
  const waiting = [
    ...unchanged.map((candidate) => ({ id: candidate.id, since: decodeTime(candidate.id), read: undefined })),
    ...resubmitted.map((item) => ({ id: item.id, since: Date.parse(item.submittedAt), read: item })),
  ].sort((a, b) => a.since - b.since || compareText(a.id, b.id));
  const oldest = waiting.slice(0, BACKLOG_LIST_LIMIT);
  const toRead = oldest.filter((entry) => entry.read === undefined).map((entry) => entry.id);
  const read = new Map(
    [...resubmitted, ...(await deps.source.registrationSummaries(toRead))].map((item) => [item.id, item]),
  );
  const items = oldest.flatMap((entry) => {
    const item = read.get(entry.id);
    // Gone or reviewed since the coverage item was read: not waiting any more.
    if (item?.status !== 'SUBMITTED') return [];
    return [{ ...item, waitingDays: Math.floor((at.getTime() - Date.parse(item.submittedAt)) / DAY_MS) }];
  });
  return { total: waiting.length - (oldest.length - items.length), items };
};

/**
 * Builds the coverage digest of a region (district or above) from the region items and the
 * coverage items. Registrations are read only where the digest lists them: the new ones since the
 * last digest (one bounded Query of the region index) and the backlog candidates the coverage
 * items name (by key). Reads grow with the villages of the region and with those two lists, never
 * with all registrations.
 */
export const buildDigest = async (deps: BuildDigestDeps, request: BuildDigestRequest): Promise<Digest> => {
  const { regionCode, at } = request;
  if (levelOf(regionCode) === 'village')
    throw new RangeError('A digest covers a district or a larger region');
  const baseline = baselineOf(request.runId, request.lastRun);
  const sinceMs = baseline ? Date.parse(baseline.at) : at.getTime() - FIRST_DIGEST_WINDOW_DAYS * DAY_MS;
  const backlogBefore = at.getTime() - BACKLOG_AGE_DAYS * DAY_MS;

  const [region, children, own, childCounters, created, expiredTerms] = await Promise.all([
    deps.regions.get(regionCode),
    deps.regions.listChildren(regionCode),
    deps.source.countersOf(regionCode),
    deps.source.childCounters(regionCode),
    deps.source.registrationsCreatedBetween(regionCode, ulidFloor(sinceMs), ulidCeiling(at.getTime() - 1)),
    deps.terms === undefined ? undefined : countExpiredTerms(deps.terms, regionCode, at),
  ]);
  if (!region) throw new RangeError(`No region ${regionCode} in the table`);

  const districts = await districtsOf(deps, region);
  const perDistrict = await pLimit(READ_CONCURRENCY).map(districts, (district) => villagesOf(deps, district));
  const villages = perDistrict.flatMap((part) => part.villages);

  const backlog = await backlogOf(
    deps,
    perDistrict.flatMap((part) => part.submitted),
    backlogBefore,
    at,
  );

  const summary = toSummary(region, own);
  const change: DigestChange | null = baseline
    ? {
        since: baseline.at,
        covered: own.covered - baseline.counters.covered,
        coveragePercent:
          Math.round(
            (summary.coveragePercent - coveragePercent(baseline.counters.covered, baseline.villageTotal)) *
              10,
          ) / 10,
        pendingOnly: own.pendingOnly - baseline.counters.pendingOnly,
        submitted: own.submitted - baseline.counters.submitted,
        verified: own.verified - baseline.counters.verified,
        rejected: own.rejected - baseline.counters.rejected,
        deactivated: own.deactivated - baseline.counters.deactivated,
      }
    : null;

  return {
    runId: request.runId,
    at: at.toISOString(),
    region: summary,
    children: [...children]
      .sort(byCode)
      .map((child) => toSummary(child, childCounters.get(child.code) ?? ZERO_COUNTERS)),
    villages,
    newRegistrations: {
      since: new Date(sinceMs).toISOString(),
      items: [...created].sort((a, b) => compareText(b.id, a.id)),
    },
    backlog: { before: new Date(backlogBefore).toISOString(), ...backlog },
    change,
    ...(expiredTerms === undefined ? {} : { expiredTerms }),
  };
};

/** The record a sent digest leaves, for the next run to compare with. */
export const runRecordOf = (digest: Digest, lastRun: DigestRunRecord | undefined): DigestRunRecord => ({
  regionCode: digest.region.code,
  runId: digest.runId,
  at: digest.at,
  villageTotal: digest.region.villages.total,
  counters: {
    covered: digest.region.villages.covered,
    pendingOnly: digest.region.villages.pendingOnly,
    ...digest.region.kim,
  },
  previous: baselineOf(digest.runId, lastRun),
});
