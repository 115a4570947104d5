import * as z from 'zod/mini';
import { bilingual } from '../platform/validation/messages.js';
import { withMeta } from '../platform/validation/meta.js';
import type { Registration } from './registration.js';
import { REGISTRATION_STATUSES, registrationInputDocSchema } from './schema.js';

/**
 * What a KIM may change of its profile: its name, village and SK, its board, member count,
 * focus areas and media links. The contact is not among them: its email address is where the
 * workspace's sign-in links go, and a new address must be confirmed before it replaces the old.
 */
export const PROFILE_FIELDS = [
  'name',
  'villageCode',
  'sk',
  'officers',
  'memberCount',
  'focusAreas',
  'media',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** The names a change is recorded under: top-level fields, and the SK's number and date apart. */
export type ChangedField = Exclude<ProfileField, 'sk'> | 'sk.number' | 'sk.date';

/**
 * What each changed field is called, in Indonesian and English: one table for the console's audit
 * trail and the workspace's "saved" line.
 */
export const CHANGED_FIELD_LABELS = {
  name: { id: 'nama KIM', en: 'KIM name' },
  villageCode: { id: 'desa/kelurahan', en: 'village' },
  'sk.number': { id: 'nomor SK', en: 'SK number' },
  'sk.date': { id: 'tanggal SK', en: 'SK date' },
  officers: { id: 'pengurus', en: 'board' },
  memberCount: { id: 'jumlah anggota', en: 'member count' },
  focusAreas: { id: 'bidang kegiatan', en: 'focus areas' },
  media: { id: 'media', en: 'media links' },
} as const satisfies Record<ChangedField, { readonly id: string; readonly en: string }>;

/**
 * Changes that send a VERIFIED registration back to review: the officer verified this name, this
 * village and this decree. The SK number counts as changed when its canonical form
 * (`normalizeSkNumber`) changed, as the duplicate check compares it.
 */
export const REVIEWED_CHANGES = [
  'name',
  'villageCode',
  'sk.number',
] as const satisfies readonly ChangedField[];

/** The statuses a profile may be updated from. REJECTED is corrected whole (PUT); DEACTIVATED is closed. */
export const PROFILE_EDITABLE_STATUSES = ['SUBMITTED', 'VERIFIED'] as const;

const version = withMeta(z.number().check(z.int(), z.gte(1)), {
  description:
    'The version of the registration the change was made on (GET /registrations/{id}/profile): if it has changed since, the answer is 409 and nothing is written',
  examples: [3],
});

const contactRefused = z
  .unknown()
  .check(
    z.refine(
      () => false,
      bilingual(
        'Kontak tidak dapat diubah lewat pembaruan profil: alamat email kontak adalah alamat masuk ruang kerja KIM.',
        'The contact cannot be changed by a profile update: its email address is where the KIM workspace sign-in links go.',
      ),
    ),
  );

/**
 * The frame of a profile update: the version it is based on and which fields it names. The
 * fields' own rules are the registration's, applied to the registration as it would become.
 */
export const profilePatchFrameSchema = z.strictObject({
  version,
  ...Object.fromEntries(PROFILE_FIELDS.map((field) => [field, z.optional(z.unknown())])),
  contact: z.optional(contactRefused),
});

/** The body of PATCH /registrations/{id}/profile as documented: every profile field optional. */
export const profilePatchDocSchema = /* @__PURE__ */ (() => {
  const shape = registrationInputDocSchema.shape;
  return z.strictObject({
    version,
    name: z.optional(shape.name),
    villageCode: z.optional(shape.villageCode),
    sk: z.optional(shape.sk),
    officers: z.optional(shape.officers),
    memberCount: z.optional(shape.memberCount),
    focusAreas: z.optional(shape.focusAreas),
    media: z.optional(shape.media),
  });
})();

/** A registration's profile as its KIM reads it (with its edit token or its workspace session). */
export const registrationProfileSchema = /* @__PURE__ */ (() => {
  const shape = registrationInputDocSchema.shape;
  return z.strictObject({
    id: z.string(),
    status: z.enum(REGISTRATION_STATUSES),
    version: z.number().check(z.int()),
    name: shape.name,
    villageCode: shape.villageCode,
    villageName: z.string(),
    districtCode: z.string(),
    sk: shape.sk,
    officers: shape.officers,
    memberCount: shape.memberCount,
    focusAreas: shape.focusAreas,
    media: shape.media,
    submittedAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  });
})();
export type RegistrationProfile = Pick<
  Registration,
  | 'id'
  | 'status'
  | 'version'
  | 'name'
  | 'villageCode'
  | 'villageName'
  | 'districtCode'
  | 'sk'
  | 'officers'
  | 'memberCount'
  | 'focusAreas'
  | 'media'
  | 'submittedAt'
  | 'updatedAt'
>;

/** The answer to a profile update: the profile as stored now, what changed, and whether it went back to review. */
export const profileUpdatedSchema = /* @__PURE__ */ (() =>
  z.extend(registrationProfileSchema, {
    changedFields: withMeta(z.array(z.string()), {
      description: 'The fields that changed (names only); empty when nothing did and nothing was written',
    }),
    backToReview: withMeta(z.boolean(), {
      description: 'True when a VERIFIED registration went back to SUBMITTED for a new review',
    }),
  }))();
export interface ProfileUpdated extends RegistrationProfile {
  readonly changedFields: readonly ChangedField[];
  readonly backToReview: boolean;
}

/** The profile view of a stored registration: its editable fields and where it stands. */
export const toProfileView = (registration: Registration): RegistrationProfile => ({
  id: registration.id,
  status: registration.status,
  version: registration.version,
  name: registration.name,
  villageCode: registration.villageCode,
  villageName: registration.villageName,
  districtCode: registration.districtCode,
  sk: registration.sk,
  officers: registration.officers,
  memberCount: registration.memberCount,
  focusAreas: registration.focusAreas,
  media: registration.media ?? [],
  submittedAt: registration.submittedAt,
  updatedAt: registration.updatedAt,
});
