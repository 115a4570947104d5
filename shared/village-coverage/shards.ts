import type { RegionLevel } from '../platform/region-codes.js';

/**
 * Counter items per region, by level. Every coverage transaction adds to one shard of each
 * ancestor, chosen at random, so a national burst spreads a region's writes over its shards: with
 * at most `maximumConcurrency` consumers each committing at most ~50 transactions a second, the
 * country's 16 shards each see well under 1,000 writes a second. A district only hears from its
 * own few dozen villages and needs one. Readers sum the shards.
 */
export const SHARDS_BY_LEVEL: Readonly<Record<Exclude<RegionLevel, 'village'>, number>> = {
  district: 1,
  regency: 4,
  province: 8,
  country: 16,
};
