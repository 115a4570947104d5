import { regionStore } from '../regions/wiring.js';
import { registrationReader } from '../registrations/wiring.js';
import { coverageReadDependencies } from '../village-coverage/read-wiring.js';
import type { ExportPageDeps } from './export-pages.js';
import { signInDependencies } from './wiring.js';

/** The ports of the console's export function: sign-in, the registration listing, regions and coverage. */
export const exportPageDependencies = (): ExportPageDeps => ({
  ...signInDependencies(),
  registrations: registrationReader(),
  regions: regionStore(),
  coverage: coverageReadDependencies(),
});
