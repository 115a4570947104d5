import type { RegionLevel } from '../platform/region-codes.js';

/** A region as stored, with its village count (the coverage denominator). */
export interface Region {
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
  readonly villageCount: number;
}

/** Read access to the region master data of the deployment scope. */
export interface RegionRepository {
  /** The region with this code, or undefined when it is not in the table. */
  get(code: string): Promise<Region | undefined>;
  /** The direct children of a region, sorted by code. */
  listChildren(code: string): Promise<Region[]>;
}
