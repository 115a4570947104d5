import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { cachedRegions } from '../regions/cached-regions.js';
import type { RegionRepository } from '../regions/region.js';
import { regionStore } from '../regions/wiring.js';

/**
 * The region reads of a page function: region items are master data that change only when they
 * are seeded again, so the pages read them through a per-container cache.
 */
export const pageRegions = (): RegionRepository => cachedRegions(regionStore(), { clock: systemClock });

/** The deployment scope, the region the pages show by default. */
export const pageScope = (): string => getConfig().SCOPE_CODE;
