import { getConfig } from '../platform/config.js';
import { coverageReadDependencies } from '../village-coverage/read-wiring.js';
import type { PublicPageDeps } from './read-pages.js';

/** The ports of the read-only public pages of this container: coverage reads and the scope. */
export const publicPageDependencies = (): PublicPageDeps => ({
  coverage: coverageReadDependencies(),
  scope: getConfig().SCOPE_CODE,
});
