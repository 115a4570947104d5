import type { RegistrationStatus } from '../registrations/schema.js';
import type { CoverageCounters } from './coverage.js';
import type { CoveragePlan, StoredVillage } from './plan.js';

/** `committed`, or the villages whose revision moved since they were read (nothing written). */
export type CommitOutcome = 'committed' | { readonly changedVillages: readonly string[] };

/** Where the coverage counters are kept: village items and sharded region counters. */
export interface CoverageRepository {
  /** The villages' coverage as of now (strongly consistent), keyed by village code; absent = none yet. */
  getVillages(villageCodes: readonly string[]): Promise<Map<string, StoredVillage>>;
  /**
   * Writes a plan in one transaction: every village only if its revision is still the one read,
   * and the region deltas added to one shard of each region. When villages changed since they
   * were read, nothing is written and it resolves with their codes; anything else is thrown.
   */
  commit(plan: CoveragePlan): Promise<CommitOutcome>;
}

/** A region's counters as stored, with the revision of each shard item (for conditional repairs). */
export interface StoredRegionCounters {
  readonly code: string;
  readonly counters: CoverageCounters;
  /** Shard number → revision, for the shard items that exist. */
  readonly shardRevs: ReadonlyMap<number, number>;
}

/** What the rebuild needs besides the consumer's repository. */
export interface CoverageRebuildRepository extends CoverageRepository {
  /** The stored counters of a region (sum of its shards), read strongly consistent. */
  getRegionCounters(code: string): Promise<StoredRegionCounters>;
  /**
   * The stored counters of every child of a region that has any (villages of a district, shard
   * sums of the children otherwise), read strongly consistent, keyed by child code.
   */
  getChildCounters(code: string): Promise<Map<string, CoverageCounters>>;
  /** Every village coverage item of a district, keyed by village code. */
  getDistrictVillages(districtCode: string): Promise<Map<string, StoredVillage>>;
  /**
   * Adds `delta` to a region's counters only if none of its shards changed since `read`.
   * Resolves `conflict` otherwise (nothing written).
   */
  correctRegion(read: StoredRegionCounters, delta: CoverageCounters): Promise<'committed' | 'conflict'>;
}

/** A registration as the rebuild recounts it: where it is, its status, its version. */
export interface RegistrationState {
  readonly id: string;
  readonly villageCode: string;
  readonly status: RegistrationStatus;
  readonly version: number;
  readonly updatedAt: string;
}

/** Reads every registration of a region (through the region indexes; no Scan). */
export interface RegistrationStateSource {
  listRegistrationStates(regionCode: string): AsyncIterable<RegistrationState>;
  /** One registration, read strongly consistent; undefined when it does not exist. */
  getRegistrationState(id: string): Promise<RegistrationState | undefined>;
}
