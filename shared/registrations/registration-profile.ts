import type { Clock } from '../platform/clock.js';
import { type FieldError, NotFoundError, ValidationError } from '../platform/errors.js';
import { isUlid } from '../platform/ids.js';
import { describeIssues } from '../platform/validation/messages.js';
import type { RegionRepository } from '../regions/region.js';
import { assertEditToken } from './edit-token.js';
import {
  DuplicateRegistrationError,
  ProfileNotEditableError,
  RegistrationChangedError,
  StaleVersionError,
} from './errors.js';
import type { HistoryEntry } from './history.js';
import type { RegistrationProfileRepository } from './ports.js';
import {
  type ChangedField,
  PROFILE_EDITABLE_STATUSES,
  PROFILE_FIELDS,
  type ProfileUpdated,
  profilePatchFrameSchema,
  REVIEWED_CHANGES,
  type RegistrationProfile,
  toProfileView,
} from './profile.js';
import { normalizeSkNumber, type Registration } from './registration.js';
import { placeOf, validateRegistrationInput } from './registration-input.js';
import { hashBody } from './submit-registration.js';

export interface RegistrationProfileDeps {
  readonly registrations: RegistrationProfileRepository;
  readonly regions: RegionRepository;
  readonly clock: Clock;
  readonly newId: () => string;
  /** The deployment scope (region code); villages outside it are refused. */
  readonly scope: string;
}

export interface AuthorisedProfileRequest {
  /** A registration id the caller has already been authorised for (a workspace session's). */
  readonly id: string;
}

export interface EditTokenProfileRequest {
  readonly id: string;
  /** The X-Edit-Token header, as sent. */
  readonly editToken: string | undefined;
}

const notFound = () =>
  new NotFoundError('Pendaftaran KIM tidak ditemukan.', 'No KIM registration with that id exists.');

const load = async (deps: Pick<RegistrationProfileDeps, 'registrations'>, id: string) => {
  const registration = isUlid(id) ? await deps.registrations.get(id, { consistent: true }) : undefined;
  if (!registration) throw notFound();
  return registration;
};

const loadWithEditToken = async (
  deps: Pick<RegistrationProfileDeps, 'registrations'>,
  request: EditTokenProfileRequest,
) => {
  const registration = await load(deps, request.id);
  assertEditToken(request.editToken, registration.editTokenHash);
  return registration;
};

/** The profile of a registration the caller is authorised for; 404 when there is none. */
export const getRegistrationProfile = async (
  deps: Pick<RegistrationProfileDeps, 'registrations'>,
  request: AuthorisedProfileRequest,
): Promise<RegistrationProfile> => toProfileView(await load(deps, request.id));

/** GET /registrations/{id}/profile: the profile for whoever holds the edit token (404, then 403). */
export const getRegistrationProfileWithEditToken = async (
  deps: Pick<RegistrationProfileDeps, 'registrations'>,
  request: EditTokenProfileRequest,
): Promise<RegistrationProfile> => toProfileView(await loadWithEditToken(deps, request));

const same = (a: unknown, b: unknown) => hashBody(a) === hashBody(b);

/** The fields `next` changes of `previous`, in the order of PROFILE_FIELDS. */
export const changedFieldsOf = (
  previous: Pick<Registration, ProfileFieldKey>,
  next: Pick<Registration, ProfileFieldKey>,
): ChangedField[] =>
  PROFILE_FIELDS.flatMap((field): ChangedField[] => {
    if (field === 'sk') {
      return [
        ...(previous.sk.number === next.sk.number ? [] : (['sk.number'] as const)),
        ...(previous.sk.date === next.sk.date ? [] : (['sk.date'] as const)),
      ];
    }
    return same(previous[field] ?? (field === 'media' ? [] : undefined), next[field]) ? [] : [field];
  });

type ProfileFieldKey = (typeof PROFILE_FIELDS)[number];

/**
 * Whether a change needs a new review: the name or the village changed, or the SK number did in
 * its canonical form (spaces next to punctuation, case or leading zeros alone change nothing the
 * officer verified). Only a VERIFIED registration goes back; a SUBMITTED one is still awaiting it.
 */
export const needsReview = (previous: Registration, next: Registration, changed: readonly ChangedField[]) =>
  previous.status === 'VERIFIED' &&
  REVIEWED_CHANGES.some((field) =>
    field === 'sk.number' ? previous.skNumberNormalized !== next.skNumberNormalized : changed.includes(field),
  );

/**
 * Validates a profile update against the registration it changes: the frame (a version, known
 * fields only), then the registration as it would become, by the registration's own rules (the
 * same field messages as POST, the village in scope). One ValidationError lists every bad field.
 */
const validatePatch = async (
  deps: RegistrationProfileDeps,
  previous: Registration,
  body: unknown,
  now: Date,
) => {
  const frame = profilePatchFrameSchema.safeParse(body, { reportInput: true });
  const errors: FieldError[] = frame.success ? [] : describeIssues(frame.error.issues);
  const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
  const patch = isObject ? (body as Record<string, unknown>) : {};
  const present = PROFILE_FIELDS.filter((field) => Object.hasOwn(patch, field));
  const merged: Record<string, unknown> = {
    name: previous.name,
    villageCode: previous.villageCode,
    sk: previous.sk,
    officers: previous.officers,
    memberCount: previous.memberCount,
    focusAreas: previous.focusAreas,
    media: previous.media ?? [],
    contact: previous.contact,
  };
  for (const field of present) merged[field] = patch[field];
  const valid = await validateRegistrationInput(deps, merged, now).catch((error: unknown) => {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError([...errors, ...error.errors]);
  });
  if (!frame.success || !isObject) throw new ValidationError(errors);
  return { version: frame.data.version, present, ...valid };
};

/**
 * A KIM updates its profile (media links, focus areas, member count, the board; its name,
 * village or SK): PATCH semantics, every field named replaces the stored one whole, the rest stay.
 * The registration as it would become passes the registration's own validation. Allowed from
 * SUBMITTED and VERIFIED only (409 otherwise); `version` must be the stored one (409 otherwise:
 * someone changed it since the KIM read it).
 *
 * A change of name, village or SK number sends a VERIFIED registration back to SUBMITTED, its
 * review facts dropped; any other change keeps the status. A change of village or SK number moves
 * the duplicate claim as a correction does (409 naming the holder when another registration has
 * it). The write carries an UPDATE_PROFILE audit entry naming the changed fields. An update that
 * changes nothing writes nothing; a refused one neither.
 *
 * The caller has authorised `id` (the handler checks the edit token, the workspace its session).
 */
export const updateRegistrationProfile = async (
  deps: RegistrationProfileDeps,
  request: AuthorisedProfileRequest & { readonly body: unknown },
): Promise<ProfileUpdated> => applyProfileUpdate(deps, await load(deps, request.id), request.body);

/** PATCH /registrations/{id}/profile: `updateRegistrationProfile` for whoever holds the edit token. */
export const updateRegistrationProfileWithEditToken = async (
  deps: RegistrationProfileDeps,
  request: EditTokenProfileRequest & { readonly body: unknown },
): Promise<ProfileUpdated> => applyProfileUpdate(deps, await loadWithEditToken(deps, request), request.body);

const applyProfileUpdate = async (
  deps: RegistrationProfileDeps,
  previous: Registration,
  body: unknown,
): Promise<ProfileUpdated> => {
  if (!(PROFILE_EDITABLE_STATUSES as readonly string[]).includes(previous.status)) {
    throw new ProfileNotEditableError(previous.status);
  }
  const now = deps.clock.now();
  const { version, present, input, village } = await validatePatch(deps, previous, body, now);
  if (version !== previous.version) throw new StaleVersionError(previous.status, version, previous.version);

  const changes: Partial<Registration> = Object.fromEntries(present.map((field) => [field, input[field]]));
  const candidate: Registration = {
    ...previous,
    ...changes,
    villageName: village.name,
    ...placeOf(input.villageCode),
    skNumberNormalized: normalizeSkNumber(changes.sk?.number ?? previous.sk.number),
  };
  const changedFields = changedFieldsOf(previous, candidate);
  if (changedFields.length === 0) {
    return { ...toProfileView(previous), changedFields, backToReview: false };
  }

  const backToReview = needsReview(previous, candidate, changedFields);
  const at = now.toISOString();
  const { reviewedAt: _at, reviewedBy: _by, ...unreviewed } = candidate;
  const next: Registration = {
    ...(backToReview ? { ...unreviewed, status: 'SUBMITTED' } : candidate),
    updatedAt: at,
    version: previous.version + 1,
  };
  const history: HistoryEntry = {
    id: deps.newId(),
    at,
    actor: { role: 'public' },
    action: 'UPDATE_PROFILE',
    fromStatus: previous.status,
    toStatus: next.status,
    reason: null,
    changedFields,
  };
  const outcome = await deps.registrations.replace(previous, next, history);
  switch (outcome.kind) {
    case 'resubmitted':
      return { ...toProfileView(next), changedFields, backToReview };
    case 'duplicate':
      throw new DuplicateRegistrationError(outcome.existingId);
    case 'conflict': {
      const current = await deps.registrations.get(previous.id, { consistent: true });
      throw new RegistrationChangedError(current?.status);
    }
  }
};
