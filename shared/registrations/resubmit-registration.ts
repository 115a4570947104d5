import type { Clock } from '../platform/clock.js';
import { NotFoundError } from '../platform/errors.js';
import { isUlid } from '../platform/ids.js';
import type { RegionRepository } from '../regions/region.js';
import { assertEditToken } from './edit-token.js';
import { DuplicateRegistrationError, InvalidTransitionError, RegistrationChangedError } from './errors.js';
import type { HistoryEntry } from './history.js';
import type { RegistrationResubmissionRepository } from './ports.js';
import { normalizeSkNumber, type Registration, toStatusView } from './registration.js';
import { placeOf, validateRegistrationInput } from './registration-input.js';
import type { RegistrationStatusView } from './schema.js';
import { TRANSITIONS } from './transitions.js';

export interface ResubmitRegistrationDeps {
  readonly registrations: RegistrationResubmissionRepository;
  readonly regions: RegionRepository;
  readonly clock: Clock;
  readonly newId: () => string;
  /** The deployment scope (region code); villages outside it are refused. */
  readonly scope: string;
}

export interface ResubmitRegistrationRequest {
  readonly id: string;
  /** The X-Edit-Token header, as sent. */
  readonly editToken: string | undefined;
  /** The parsed JSON body, not yet validated. */
  readonly body: unknown;
}

/**
 * A KIM corrects its REJECTED registration: the whole body again, validated exactly as a new one,
 * authorised by the edit token it got at creation. The registration goes back to SUBMITTED (a new
 * version, a RESUBMIT audit entry) and, when its village or SK number changed, its duplicate
 * claim moves with it — all in one transaction.
 *
 * Refusals: 404 unknown id; 403 missing or wrong edit token (a capability, not a login: there is
 * no authentication scheme to challenge with, so no 401); 409 not REJECTED (naming the status), a
 * concurrent change, or a duplicate of another registration; 400 bad fields.
 */
export const resubmitRegistration = async (
  deps: ResubmitRegistrationDeps,
  request: ResubmitRegistrationRequest,
): Promise<RegistrationStatusView> => {
  const previous = isUlid(request.id)
    ? await deps.registrations.get(request.id, { consistent: true })
    : undefined;
  if (!previous) {
    throw new NotFoundError('Pendaftaran KIM tidak ditemukan.', 'No KIM registration with that id exists.');
  }
  assertEditToken(request.editToken, previous.editTokenHash);
  const { from, to } = TRANSITIONS.RESUBMIT;
  if (previous.status !== from) throw new InvalidTransitionError(previous.status, 'RESUBMIT');

  const now = deps.clock.now();
  const { input, village } = await validateRegistrationInput(deps, request.body, now);
  const at = now.toISOString();
  const next: Registration = {
    ...input,
    id: previous.id,
    villageName: village.name,
    ...placeOf(input.villageCode),
    skNumberNormalized: normalizeSkNumber(input.sk.number),
    status: to,
    submittedAt: previous.submittedAt,
    updatedAt: at,
    version: previous.version + 1,
    editTokenHash: previous.editTokenHash,
  };
  const history: HistoryEntry = {
    id: deps.newId(),
    at,
    actor: { role: 'public' },
    action: 'RESUBMIT',
    fromStatus: from,
    toStatus: to,
    reason: null,
  };
  const outcome = await deps.registrations.resubmit(previous, next, history);
  switch (outcome.kind) {
    case 'resubmitted':
      return toStatusView(next);
    case 'duplicate':
      throw new DuplicateRegistrationError(outcome.existingId);
    case 'conflict': {
      const current = await deps.registrations.get(previous.id, { consistent: true });
      throw new RegistrationChangedError(current?.status);
    }
  }
};
