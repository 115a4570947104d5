import type { Clock } from '../platform/clock.js';
import { TooManyRequestsError, ValidationError } from '../platform/errors.js';
import { logger } from '../platform/logger.js';
import type { Mailer } from '../platform/mail/mailer.js';
import { describeIssues } from '../platform/validation/messages.js';
import { normalizeContactEmail, type RegistrationsByContact } from '../registrations/contact.js';
import { ADDRESS_RULE, CLIENT_RULE, type RateLimiter, rateSubject } from './rate-limit.js';
import { issueSignInLink, type SignInLinkStore } from './sign-in-link.js';
import { signInRequestSchema } from './sign-in-request.js';
import { signInEmail } from './templates.js';

/** At most this many KIM (and links) in one sign-in email. */
export const MAX_KIM_PER_EMAIL = 10;

export interface RequestSignInDeps {
  readonly registrations: RegistrationsByContact;
  readonly links: SignInLinkStore;
  readonly limiter: RateLimiter;
  readonly mailer: Mailer;
  readonly clock: Clock;
  /** Base of the links, without a trailing slash. */
  readonly baseUrl: string;
}

/** What happened, for the caller's log and tests: never shown to the requester. */
export type SignInRequestOutcome = 'sent' | 'unknown-address' | 'address-limited';

/**
 * Asks for sign-in links: validates the address (400 when malformed), counts the request against
 * the client's window (429 with Retry-After beyond it) and the address's window (beyond it,
 * silently nothing), and emails the address one link per KIM registered with it. The answer to
 * the requester is the same whether the address is known, unknown or over its limit.
 */
export const requestSignIn = async (
  deps: RequestSignInDeps,
  request: { readonly body: unknown; readonly client: string },
): Promise<SignInRequestOutcome> => {
  // Surrounding spaces (a pasted address) are not an error: the address is compared trimmed anyway.
  const body = request.body;
  const parsed = signInRequestSchema.safeParse(
    typeof body === 'object' && body !== null && typeof (body as { email?: unknown }).email === 'string'
      ? { ...body, email: (body as { email: string }).email.trim() }
      : body,
  );
  if (!parsed.success) throw new ValidationError(describeIssues(parsed.error.issues));
  const now = deps.clock.now();
  const client = await deps.limiter.hit(rateSubject('client', request.client), CLIENT_RULE, now);
  if (!client.allowed) throw new TooManyRequestsError(client.retryAfterSeconds);
  const email = normalizeContactEmail(parsed.data.email);
  const address = await deps.limiter.hit(rateSubject('address', email), ADDRESS_RULE, now);
  if (!address.allowed) return 'address-limited';

  const found = await deps.registrations.findByContactEmail(email, MAX_KIM_PER_EMAIL);
  if (found.length === 0) return 'unknown-address';
  const entries = [];
  let validUntil = '';
  for (const registration of found) {
    const link = await issueSignInLink(deps, registration.id, deps.baseUrl);
    validUntil = link.validUntil;
    entries.push({
      kimName: registration.name,
      villageName: registration.villageName,
      registrationId: registration.id,
      url: link.url,
    });
  }
  // Sent to the address as stored on the first registration (the same address, normalised).
  const to = found[0]?.contactEmail ?? email;
  await deps.mailer.send({ to, ...signInEmail(entries, validUntil) });
  logger.info('Workspace sign-in links sent', { links: entries.length });
  return 'sent';
};
