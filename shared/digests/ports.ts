import type { RegistrationSummary } from '../registrations/ports.js';
import type { CoverageCounters } from '../village-coverage/coverage.js';

/** A village's coverage as the digest reads it: its counters and the ids of its SUBMITTED registrations. */
export interface VillageCoverageRow {
  readonly counters: CoverageCounters;
  /**
   * Registrations counted in the village with status SUBMITTED, with the version they were
   * counted at: the review backlog's candidates.
   */
  readonly submitted: ReadonlyArray<{ readonly id: string; readonly version: number }>;
}

/**
 * What the digest reads besides region master data: coverage items and a few registrations,
 * never a scan of the registrations.
 */
export interface DigestSource {
  /** A region's own counters (the sum of its shards); zeros when none. */
  countersOf(code: string): Promise<CoverageCounters>;
  /** Counters of each direct child that has any, by child code (absent = zeros). */
  childCounters(code: string): Promise<ReadonlyMap<string, CoverageCounters>>;
  /** Every village coverage item of a district (one Query), by village code; absent = none yet. */
  districtVillages(districtCode: string): Promise<ReadonlyMap<string, VillageCoverageRow>>;
  /**
   * Registrations of a region created in [fromId, toId] (ids are ULIDs, so this is a time window),
   * oldest first: one Query of the region's index bounded by the sort key.
   */
  registrationsCreatedBetween(
    regionCode: string,
    fromId: string,
    toId: string,
  ): Promise<RegistrationSummary[]>;
  /** The listing columns of these registrations (absent ones are skipped), read by key. */
  registrationSummaries(ids: readonly string[]): Promise<RegistrationSummary[]>;
}

/** Counters of a region at the time a digest was sent. */
export interface DigestSnapshot {
  readonly runId: string;
  /** When the digest run was scheduled (ISO); "new since the last digest" starts here. */
  readonly at: string;
  readonly villageTotal: number;
  readonly counters: CoverageCounters;
}

/**
 * The last digest of a region, and the one before it: a retry of the same run still compares
 * with the digest before it, not with itself.
 */
export interface DigestRunRecord extends DigestSnapshot {
  readonly regionCode: string;
  readonly previous: DigestSnapshot | null;
}

/** Bookkeeping of digest runs: the last run per region (deliveries are in the send-once ledger). */
export interface DigestRunStore {
  lastRun(regionCode: string): Promise<DigestRunRecord | undefined>;
  saveRun(record: DigestRunRecord): Promise<void>;
}
