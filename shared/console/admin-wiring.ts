import type { SendDigestsDeps } from '../digests/send-digests.js';
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
export const adminPageDependencies = (): AdminPageDeps => {
  let digests: SendDigestsDeps | undefined;
  return {
    ...signInDependencies(),
    officers: officerDependencies(),
    subscribers: subscriberDependencies(),
    // Only "send the digest now" uses these, so they are made on its first request: checking the
    // digest configuration's time zone loads ICU's zone data (about 20 ms of CPU), which the
    // officer, subscriber and rebuild pages would otherwise pay at every cold start for nothing.
    get digests() {
      digests ??= sendDependencies();
      return digests;
    },
    rebuild: rebuildDependencies(),
  };
};
