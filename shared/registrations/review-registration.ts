import * as z from 'zod/mini';
import { actorOf, mayAccess, type Principal } from '../auth/principal.js';
import type { Clock } from '../platform/clock.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../platform/errors.js';
import { isUlid } from '../platform/ids.js';
import { describeIssues } from '../platform/validation/messages.js';
import { withMeta } from '../platform/validation/meta.js';
import { plainText } from '../platform/validation/text.js';
import { InvalidTransitionError, RegistrationChangedError } from './errors.js';
import type { HistoryEntry } from './history.js';
import type { RegistrationReviewRepository } from './ports.js';
import { type RegistrationAdminView, toAdminView } from './registration.js';
import { nextStatus } from './transitions.js';

/** What an officer can do to a registration. */
export const REVIEW_ACTIONS = ['VERIFY', 'REJECT', 'DEACTIVATE'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** Length of a rejection or deactivation reason: at least `min` visible characters, at most `max` once cleaned. */
export const REASON_LENGTH = { min: 10, max: 1000 } as const;

/** Body of reject and deactivate. */
export const reasonBodySchema = withMeta(
  z.strictObject({
    reason: withMeta(plainText(REASON_LENGTH.min, REASON_LENGTH.max), {
      description: `Why, for the KIM and the audit trail: one line, at least ${REASON_LENGTH.min} visible characters (spaces and invisible characters not counted), at most ${REASON_LENGTH.max}`,
    }),
  }),
  { id: 'ReviewReason' },
);

/** Verify takes no body; an empty object is tolerated. */
const verifyBodySchema = z.strictObject({});

export interface ReviewRegistrationDeps {
  readonly registrations: RegistrationReviewRepository;
  readonly clock: Clock;
  readonly newId: () => string;
}

export interface ReviewRegistrationRequest {
  readonly id: string;
  readonly action: ReviewAction;
  /** The parsed JSON body (undefined when there was none), not yet validated. */
  readonly body: unknown;
}

const notFound = () =>
  new NotFoundError('Pendaftaran KIM tidak ditemukan.', 'No KIM registration with that id exists.');

/** The reason a request carries, or a ValidationError naming the bad fields. */
const reasonOf = (action: ReviewAction, body: unknown): string | null => {
  if (action === 'VERIFY') {
    if (body === undefined) return null;
    const parsed = verifyBodySchema.safeParse(body);
    if (!parsed.success) throw new ValidationError(describeIssues(parsed.error.issues));
    return null;
  }
  const parsed = reasonBodySchema.safeParse(body);
  if (!parsed.success) throw new ValidationError(describeIssues(parsed.error.issues));
  return parsed.data.reason;
};

/**
 * Verifies, rejects or deactivates a registration inside the principal's region, recording who did
 * it, when and why. Optimistic concurrency: the change applies only if nobody changed the
 * registration since it was read; of two officers acting at once, one wins and the other gets a
 * 409 naming the status the winner left.
 *
 * Refusals: 400 bad body, 404 unknown id, 403 outside the caller's region (a registration's
 * existence and village are public, so this hides nothing), 409 a transition the workflow forbids.
 */
export const reviewRegistration = async (
  deps: ReviewRegistrationDeps,
  principal: Principal,
  request: ReviewRegistrationRequest,
): Promise<RegistrationAdminView> => {
  const reason = reasonOf(request.action, request.body);
  if (!isUlid(request.id)) throw notFound();
  const registration = await deps.registrations.get(request.id, { consistent: true });
  if (!registration) throw notFound();
  if (!mayAccess(principal, registration.villageCode)) {
    throw new ForbiddenError(
      `Pendaftaran ini berada di luar wilayah Anda (${principal.regionCode}).`,
      `This registration lies outside your region (${principal.regionCode}).`,
    );
  }
  const to = nextStatus(registration.status, request.action);
  if (to === undefined) throw new InvalidTransitionError(registration.status, request.action);

  const at = deps.clock.now().toISOString();
  const actor = actorOf(principal);
  const set: Record<string, unknown> = { reviewedAt: at, reviewedBy: actor };
  if (request.action === 'REJECT') set.rejectionReason = reason;
  if (request.action === 'DEACTIVATE') set.deactivationReason = reason;
  const history: HistoryEntry = {
    id: deps.newId(),
    at,
    actor,
    action: request.action,
    fromStatus: registration.status,
    toStatus: to,
    reason,
  };
  const outcome = await deps.registrations.changeStatus({
    id: registration.id,
    from: registration.status,
    to,
    expectedVersion: registration.version,
    at,
    set,
    history,
  });
  if (outcome === 'conflict') {
    const current = await deps.registrations.get(request.id, { consistent: true });
    throw new RegistrationChangedError(current?.status);
  }
  return toAdminView({
    ...registration,
    ...set,
    status: to,
    updatedAt: at,
    version: registration.version + 1,
  });
};
