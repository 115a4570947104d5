import { reportReader } from '../activity-reports/read-wiring.js';
import { termIndex } from '../documents/term-wiring.js';
import { systemClock } from '../platform/clock.js';
import { registrationReader } from '../registrations/read-wiring.js';
import type { KimPageDeps } from './kim-pages.js';
import { pageRegions, pageScope } from './wiring.js';

/** The ports of the status page and the KIM directory: registration reads and cached regions. */
export const kimPageDependencies = (): KimPageDeps => ({
  regions: pageRegions(),
  registrations: registrationReader(),
  scope: pageScope(),
  reports: { records: reportReader() },
  terms: { terms: termIndex() },
  clock: systemClock,
});
