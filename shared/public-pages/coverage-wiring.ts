import { termIndex } from '../documents/term-wiring.js';
import { systemClock } from '../platform/clock.js';
import { registrationStatusReader } from '../registrations/status-wiring.js';
import { coverageReadDependencies } from '../village-coverage/read-wiring.js';
import type { CoveragePageDeps } from './coverage-pages.js';
import { pageRegions, pageScope } from './wiring.js';

/** The ports of `/` and the coverage dashboard: the coverage reads, over cached regions. */
export const coveragePageDependencies = (): CoveragePageDeps => {
  const regions = pageRegions();
  return {
    coverage: { ...coverageReadDependencies(), regions },
    regions,
    scope: pageScope(),
    terms: { terms: termIndex(), registrations: registrationStatusReader(), regions },
    clock: systemClock,
  };
};
