import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { cachedRegions } from '../regions/cached-regions.js';
import { regionStore } from '../regions/wiring.js';
import { registrationStore } from '../registrations/wiring.js';
import { coverageReadDependencies } from '../village-coverage/read-wiring.js';
import type { PublicPageDeps } from './read-pages.js';

/**
 * The ports of the read-only public pages of this container. Region items are master data that
 * change only when they are seeded again: the pages read them through a per-container cache.
 */
export const publicPageDependencies = (): PublicPageDeps => {
  const regions = cachedRegions(regionStore(), { clock: systemClock });
  return {
    coverage: { ...coverageReadDependencies(), regions },
    regions,
    registrations: registrationStore(),
    scope: getConfig().SCOPE_CODE,
  };
};
