import { publishedResultsDependencies } from '../awards/public-wiring.js';
import type { AwardPageDeps } from './award-pages.js';
import { pageScope } from './wiring.js';

/** The ports of the award pages: the award store's reads and the deployment scope. */
export const awardPageDependencies = (): AwardPageDeps => ({
  ...publishedResultsDependencies(),
  scope: pageScope(),
});
