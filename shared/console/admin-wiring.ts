import { sendDependencies } from '../digests/wiring.js';
import { officerDependencies, subscriberDependencies } from '../directory/wiring.js';
import { rebuildDependencies } from '../village-coverage/wiring.js';
import type { AdminPageDeps } from './admin-pages.js';
import { signInDependencies } from './wiring.js';

/**
 * The ports of the console's admin function: sign-in, and the ports the `/admin/officers`,
 * `/admin/digest-subscribers`, `/admin/digests/send` and `/admin/coverage/rebuild` functions take.
 * Apart from wiring.ts so the review function loads neither the mailer nor the rebuild.
 */
export const adminPageDependencies = (): AdminPageDeps => ({
  ...signInDependencies(),
  officers: officerDependencies(),
  subscribers: subscriberDependencies(),
  digests: sendDependencies(),
  rebuild: rebuildDependencies(),
});
