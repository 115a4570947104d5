import { awardDependencies } from '../awards/wiring.js';
import type { AwardPageDeps } from './award-pages.js';
import { signInDependencies } from './wiring.js';

/**
 * The ports of the console's award function: sign-in, and the ports the `/admin/awards` functions
 * take (the round set-up's, which include the judging's). Apart from wiring.ts so the other console
 * functions load none of the award code.
 */
export const awardPageDependencies = (): AwardPageDeps => ({
  ...signInDependencies(),
  awards: awardDependencies(),
});
