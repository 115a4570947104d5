import type { RegionLevel } from '../platform/region-codes.js';
import type { RegistrationStatus } from '../registrations/schema.js';

/** How many KIM are in each status right now. */
export interface KimCounts {
  readonly submitted: number;
  readonly verified: number;
  readonly rejected: number;
  readonly deactivated: number;
}

/** The counters of one region, as stored (summed over its shards) and as the API shows them. */
export interface CoverageCounters extends KimCounts {
  /** Villages with at least one VERIFIED KIM. */
  readonly covered: number;
  /** Villages with SUBMITTED registrations but no VERIFIED KIM. */
  readonly pendingOnly: number;
}

export const ZERO_COUNTERS: CoverageCounters = {
  covered: 0,
  pendingOnly: 0,
  submitted: 0,
  verified: 0,
  rejected: 0,
  deactivated: 0,
};

export const COUNTER_NAMES = [
  'covered',
  'pendingOnly',
  'submitted',
  'verified',
  'rejected',
  'deactivated',
] as const satisfies readonly (keyof CoverageCounters)[];

/** The counter a status is counted in. */
export const statusCounter = (status: RegistrationStatus): keyof KimCounts => {
  switch (status) {
    case 'SUBMITTED':
      return 'submitted';
    case 'VERIFIED':
      return 'verified';
    case 'REJECTED':
      return 'rejected';
    case 'DEACTIVATED':
      return 'deactivated';
  }
};

export const addCounters = (a: CoverageCounters, b: CoverageCounters): CoverageCounters => ({
  covered: a.covered + b.covered,
  pendingOnly: a.pendingOnly + b.pendingOnly,
  submitted: a.submitted + b.submitted,
  verified: a.verified + b.verified,
  rejected: a.rejected + b.rejected,
  deactivated: a.deactivated + b.deactivated,
});

export const subtractCounters = (a: CoverageCounters, b: CoverageCounters): CoverageCounters => ({
  covered: a.covered - b.covered,
  pendingOnly: a.pendingOnly - b.pendingOnly,
  submitted: a.submitted - b.submitted,
  verified: a.verified - b.verified,
  rejected: a.rejected - b.rejected,
  deactivated: a.deactivated - b.deactivated,
});

export const isZero = (counters: CoverageCounters): boolean =>
  COUNTER_NAMES.every((name) => counters[name] === 0);

/**
 * What coverage knows of one registration in a village: its status and the version it was
 * counted at. `status: null` is a tombstone: the registration moved to another village at
 * `version`, so an older event that would put it back here is stale.
 */
export interface CountedRegistration {
  readonly status: RegistrationStatus | null;
  readonly version: number;
}

/**
 * A village's coverage: the registrations counted in it, keyed by id. Its counters are derived
 * from them, so a village item can never disagree with itself.
 */
export interface VillageCoverage {
  readonly code: string;
  readonly districtCode: string;
  readonly registrations: Readonly<Record<string, CountedRegistration>>;
}

/** A village's counters, derived from the registrations counted in it. */
export const villageCounters = (registrations: VillageCoverage['registrations']): CoverageCounters => {
  const counts = { submitted: 0, verified: 0, rejected: 0, deactivated: 0 };
  for (const { status } of Object.values(registrations)) {
    if (status !== null) counts[statusCounter(status)] += 1;
  }
  return {
    ...counts,
    covered: counts.verified > 0 ? 1 : 0,
    pendingOnly: counts.verified === 0 && counts.submitted > 0 ? 1 : 0,
  };
};

/** `GET /coverage/{code}` for one region, and each of its children (without their children). */
export interface CoverageSummary {
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
  readonly villages: { readonly total: number; readonly covered: number; readonly pendingOnly: number };
  readonly kim: KimCounts;
  /** covered / total × 100, rounded to one decimal; 0 when the region has no villages. */
  readonly coveragePercent: number;
}

export interface CoverageView extends CoverageSummary {
  readonly children: readonly CoverageSummary[];
}

/** A village without a VERIFIED KIM; `pending` when it has a SUBMITTED one waiting for review. */
export interface MissingVillage {
  readonly code: string;
  readonly name: string;
  readonly districtCode: string;
  readonly pending: boolean;
}

export const coveragePercent = (covered: number, total: number): number =>
  total === 0 ? 0 : Math.round((covered / total) * 1000) / 10;

export const toSummary = (
  region: { code: string; name: string; level: RegionLevel; villageCount: number },
  counters: CoverageCounters,
): CoverageSummary => ({
  code: region.code,
  name: region.name,
  level: region.level,
  villages: { total: region.villageCount, covered: counters.covered, pendingOnly: counters.pendingOnly },
  kim: {
    submitted: counters.submitted,
    verified: counters.verified,
    rejected: counters.rejected,
    deactivated: counters.deactivated,
  },
  coveragePercent: coveragePercent(counters.covered, region.villageCount),
});
