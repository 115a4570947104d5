import { reportReader } from '../activity-reports/read-wiring.js';
import { registrationReader } from '../registrations/read-wiring.js';
import type { KimPageDeps } from './kim-pages.js';
import { pageRegions, pageScope } from './wiring.js';

/** The ports of the status page and the KIM directory: registration reads and cached regions. */
export const kimPageDependencies = (): KimPageDeps => ({
  regions: pageRegions(),
  registrations: registrationReader(),
  scope: pageScope(),
  reports: { records: reportReader() },
});
