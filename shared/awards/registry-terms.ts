import type { TermIndex } from '../documents/ports.js';
import { termStatusOf } from '../documents/term-expiry.js';
import type { TermStatus } from './ports.js';

/**
 * The SK terms of the registry as award rounds see them, through the documents feature's
 * `termStatusOf`: the term of the KIM's newest SK document, expired when its last day is before the
 * KIM's today.
 */
export const registryTerms = (terms: Pick<TermIndex, 'get'>): TermStatus => ({
  async termAt(registrationId, now) {
    const status = await termStatusOf({ terms }, registrationId, now);
    return status === undefined ? undefined : { end: status.end, expired: status.expired };
  },
});
