import * as z from 'zod/mini';
import { isVillageCode } from '../platform/region-codes.js';
import { bilingual, refuseInTransform } from '../platform/validation/messages.js';
import { withMeta } from '../platform/validation/meta.js';
import { describeCharacter, dropInvisibles, hasInvisibles, plainText } from '../platform/validation/text.js';
import {
  disallowedSkCharacter,
  normalizeSkNumber,
  SK_NUMBER_ALPHABET,
  skNumberHasAlphanumeric,
} from './registration.js';

/** Roles every KIM must have exactly once. */
export const REQUIRED_OFFICER_ROLES = ['KETUA', 'SEKRETARIS', 'BENDAHARA'] as const;

/** Officer roles. Beyond the three required ones a KIM may list deputies, PR and coordinators. */
export const OFFICER_ROLES = [
  ...REQUIRED_OFFICER_ROLES,
  'WAKIL_KETUA',
  'HUMAS',
  'KOORDINATOR_BIDANG',
  'ANGGOTA',
] as const;

/** Focus areas (bidang) of a KIM. */
export const FOCUS_AREAS = [
  'PERTANIAN',
  'PERIKANAN',
  'PETERNAKAN',
  'PARIWISATA',
  'UMKM',
  'KESEHATAN',
  'PENDIDIKAN',
  'BUDAYA',
  'LINGKUNGAN',
  'TEKNOLOGI',
  'KEBENCANAAN',
  'SOSIAL',
  'LAINNYA',
] as const;

/** Media channels a KIM publishes on. */
export const MEDIA_TYPES = [
  'WEBSITE',
  'FACEBOOK',
  'INSTAGRAM',
  'YOUTUBE',
  'TIKTOK',
  'X',
  'WHATSAPP',
  'TELEGRAM',
  'LAINNYA',
] as const;

/** Members of a KIM: at least its three officers; a community group rarely exceeds 100. */
export const MEMBER_COUNT = { min: 3, max: 100 } as const;

/**
 * Longest SK number, as sent and as compared for duplicates. NFKC can turn one character into
 * 18, and the normalised number is part of a DynamoDB key (at most 2,048 bytes).
 */
export const SK_NUMBER_MAX_LENGTH = 100;

/** SK dates before this are refused: KIM registration did not exist before then. */
export const EARLIEST_SK_DATE = '2000-01-01';

const text = plainText;

/**
 * Normalises an Indonesian phone number to `+62…` form, or returns undefined when it is not
 * one. Accepts `08…`, `62…` and `+62…`, with spaces, dashes, dots or brackets; invisible
 * characters are ignored.
 */
export const normalizePhone = (raw: string): string | undefined => {
  // Copied numbers often carry invisible marks (bidi isolates around them, zero-width spaces).
  const compact = dropInvisibles(raw).replace(/[\s\-.()]/g, '');
  const match = /^(?:\+62|62|0)(\d+)$/.exec(compact);
  const national = match?.[1];
  if (national === undefined || !/^[1-9]\d{7,11}$/.test(national)) return undefined;
  return `+62${national}`;
};

const phone = /* @__PURE__ */ (() =>
  withMeta(
    z.pipe(
      z.string().check(z.maxLength(32)),
      z.transform((value: string, ctx) => {
        const normalized = normalizePhone(value);
        if (normalized === undefined) {
          refuseInTransform(
            ctx,
            'Nomor telepon Indonesia tidak valid (contoh: 081234567890 atau +6281234567890).',
            'Not a valid Indonesian phone number (for example 081234567890 or +6281234567890).',
          );
          return z.NEVER;
        }
        return normalized;
      }),
    ),
    { description: 'Indonesian phone number; stored in +62 form', examples: ['081234567890'] },
  ))();

const email = /* @__PURE__ */ (() => z.email().check(z.maxLength(254)))();

// A malformed date stops here: the range checks below would only add misleading messages.
const isoDate = /* @__PURE__ */ (() => z.iso.date({ abort: true }))();

const officer = /* @__PURE__ */ (() =>
  z.strictObject({
    role: z.enum(OFFICER_ROLES),
    name: text(2, 100),
    phone,
    email: z.optional(email),
  }))();

const officers = /* @__PURE__ */ (() =>
  z.array(officer).check(
    z.minLength(3),
    z.maxLength(30),
    z.superRefine(
      (list, ctx) => {
        // Runs even when some officers are invalid, so a missing role is reported in the same answer.
        const roles = (list as unknown[]).map((item) =>
          typeof item === 'object' && item !== null ? (item as Record<string, unknown>).role : undefined,
        );
        for (const role of REQUIRED_OFFICER_ROLES) {
          const count = roles.filter((candidate) => candidate === role).length;
          if (count !== 1) {
            ctx.addIssue({
              code: 'custom',
              ...bilingual(
                count === 0
                  ? `Pengurus dengan peran ${role} wajib ada.`
                  : `Peran ${role} hanya boleh ada satu kali.`,
                count === 0
                  ? `An officer with role ${role} is required.`
                  : `Role ${role} must appear exactly once.`,
              ),
            });
          }
        }
      },
      { when: (payload) => Array.isArray(payload.value) },
    ),
  ))();

/**
 * Whitespace or control characters a browser would strip or encode: a URL carrying them is not as
 * typed. Invisible characters are refused too (a link must not differ from what it shows).
 */
const URL_UNSAFE_CHARACTERS = /[\p{Cc}\s<>"`]/u;

/**
 * zod's `regexes.domain`, copied: naming it through `z.regexes` bundles every regular expression
 * zod has (5 KB) into each function. test/unit/registrations/schema-domain.test.ts holds them equal.
 */
export const DOMAIN_NAME = /^(?=.{1,253}$)([a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/;

/** An http(s) link as a KIM may publish it (also the links of activity reports). */
export const httpUrlSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.url({ protocol: /^https?$/, hostname: DOMAIN_NAME }).check(
      z.maxLength(2048),
      z.refine(
        (value: string) => !URL_UNSAFE_CHARACTERS.test(value) && !hasInvisibles(value),
        bilingual(
          'URL tidak boleh berisi spasi, karakter kontrol atau tak terlihat, atau < > " `.',
          'The URL must not contain spaces, control or invisible characters, or < > " `.',
        ),
      ),
      z.refine(
        (value: string) => {
          const url = URL.parse(value);
          return url !== null && url.username === '' && url.password === '';
        },
        bilingual(
          'URL tidak boleh berisi nama pengguna atau kata sandi.',
          'The URL must not contain a user name or password.',
        ),
      ),
      z.refine(
        // Any host with a letter outside A–Z reaches DNS as an xn-- (punycode) label.
        (value: string) =>
          !(URL.parse(value)?.hostname.split('.') ?? []).some((label) => label.startsWith('xn--')),
        bilingual(
          'Nama domain URL harus ditulis dengan huruf A–Z, angka, dan tanda hubung: nama domain internasional (IDN) tidak diterima karena huruf yang mirip dapat meniru situs lain.',
          "The URL's domain must be written with the letters A–Z, digits and hyphens: internationalised domain names are refused because look-alike letters can imitate another site.",
        ),
      ),
    ),
    { description: 'http or https URL, without credentials, with an ASCII domain name' },
  ))();

const uniqueItems = <T>(list: readonly T[]) => new Set(list).size === list.length;

// Judged only once the text rules pass, so a number gets the message of the first rule it breaks.
const whenTextIsValid = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

const skNumber = /* @__PURE__ */ (() =>
  withMeta(
    text(1, SK_NUMBER_MAX_LENGTH).check(
      z.superRefine((value: string, ctx) => {
        const character = disallowedSkCharacter(value);
        if (character === undefined) return;
        const named = describeCharacter(character);
        ctx.addIssue({
          code: 'custom',
          ...bilingual(
            `Nomor SK hanya boleh berisi huruf A–Z, angka 0–9, spasi, dan tanda . / - ( ) , : (karakter ${named} tidak diizinkan).`,
            `The SK number may contain only the letters A–Z, the digits 0–9, spaces and . / - ( ) , : (${named} is not allowed).`,
          ),
        });
      }, whenTextIsValid),
      z.refine(skNumberHasAlphanumeric, {
        ...bilingual(
          'Nomor SK harus berisi setidaknya satu huruf atau angka.',
          'The SK number must contain at least one letter or digit.',
        ),
        ...whenTextIsValid,
      }),
      z.refine((value: string) => normalizeSkNumber(value).length <= SK_NUMBER_MAX_LENGTH, {
        ...bilingual(
          `Nomor SK terlalu panjang setelah dinormalisasi (maksimal ${SK_NUMBER_MAX_LENGTH} karakter).`,
          `SK number is too long once normalised (at most ${SK_NUMBER_MAX_LENGTH} characters).`,
        ),
        ...whenTextIsValid,
      }),
    ),
    {
      description: `Number of the village head decree (SK pembentukan). Invisible characters are dropped; after NFKC, dashes folded to -, slashes to /, it may hold only ${SK_NUMBER_ALPHABET}, with at least one letter or digit. Compared for duplicates within the village without case, spaces next to punctuation or leading zeros.`,
      examples: ['141/12/DP/2025'],
    },
  ))();

/** The SK number's rules, for any body that names a decree (its documents, too). */
export const skNumberSchema = skNumber;

/** Builds the registration body schema; `today` (YYYY-MM-DD, Asia/Makassar) bounds the SK date. */
const buildRegistrationInput = (today: string) =>
  z
    .strictObject({
      name: withMeta(text(3, 120), {
        description: 'Name of the KIM',
        examples: ['KIM Dajan Peken Informatif'],
      }),
      villageCode: withMeta(
        z
          .string()
          .check(
            z.refine(
              isVillageCode,
              bilingual(
                'Kode desa harus berformat Kemendagri, contoh 51.02.05.2006.',
                'Village code must be a Kemendagri code such as 51.02.05.2006.',
              ),
            ),
          ),
        { description: 'Kemendagri village code', examples: ['51.02.05.2006'] },
      ),
      sk: z.strictObject({
        number: skNumber,
        date: withMeta(
          isoDate.check(
            z.refine(
              (date: string) => date >= EARLIEST_SK_DATE,
              bilingual(
                `Tanggal SK tidak boleh sebelum ${EARLIEST_SK_DATE}.`,
                `SK date must not be before ${EARLIEST_SK_DATE}.`,
              ),
            ),
            z.refine(
              (date: string) => date <= today,
              bilingual('Tanggal SK tidak boleh di masa depan.', 'SK date must not be in the future.'),
            ),
          ),
          { description: 'Date of the decree, not in the future' },
        ),
      }),
      officers,
      memberCount: z.number().check(z.int(), z.gte(MEMBER_COUNT.min), z.lte(MEMBER_COUNT.max)),
      focusAreas: z
        .array(z.enum(FOCUS_AREAS))
        .check(
          z.minLength(1),
          z.maxLength(FOCUS_AREAS.length),
          z.refine(uniqueItems, bilingual('Bidang tidak boleh berulang.', 'Focus areas must not repeat.')),
        ),
      media: z._default(
        z.array(z.strictObject({ type: z.enum(MEDIA_TYPES), url: httpUrlSchema })).check(z.maxLength(10)),
        [],
      ),
      contact: z.strictObject({ email, phone }),
    })
    .check(
      z.superRefine(
        (body, ctx) => {
          if (body.memberCount < body.officers.length) {
            ctx.addIssue({
              code: 'custom',
              path: ['memberCount'],
              ...bilingual(
                'Jumlah anggota tidak boleh kurang dari jumlah pengurus.',
                'Member count must not be less than the number of officers.',
              ),
            });
          }
        },
        {
          when: (payload) => {
            const value = payload.value as { memberCount?: unknown; officers?: unknown } | null;
            return Number.isInteger(value?.memberCount) && Array.isArray(value?.officers);
          },
        },
      ),
    );

let cached: { today: string; schema: ReturnType<typeof buildRegistrationInput> } | undefined;

/** The registration body schema for `today`; rebuilt at most once a day. */
export const registrationInputSchema = (today: string) => {
  if (cached?.today !== today) cached = { today, schema: buildRegistrationInput(today) };
  return cached.schema;
};

/** The schema that documents the body (OpenAPI); the date bound is the only part that moves. */
export const registrationInputDocSchema = /* @__PURE__ */ buildRegistrationInput('9999-12-31');

export type RegistrationInput = z.output<ReturnType<typeof buildRegistrationInput>>;

export const REGISTRATION_STATUSES = ['SUBMITTED', 'VERIFIED', 'REJECTED', 'DEACTIVATED'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** Public status view: no names, phones or emails. */
export const registrationStatusViewSchema = /* @__PURE__ */ (() =>
  z.object({
    id: z.string(),
    name: z.string(),
    villageCode: z.string(),
    villageName: z.string(),
    districtCode: z.string(),
    status: z.enum(REGISTRATION_STATUSES),
    submittedAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  }))();
export type RegistrationStatusView = z.infer<typeof registrationStatusViewSchema>;

/**
 * The 201 answer to a new registration: the status view and the edit token that authorises a
 * later correction (PUT /registrations/{id}). The token is shown this once and never stored.
 */
export const registrationCreatedSchema = /* @__PURE__ */ (() =>
  z.extend(registrationStatusViewSchema, {
    editToken: withMeta(z.string(), {
      description:
        'Secret for correcting the registration after a rejection (header X-Edit-Token); shown only in this answer',
    }),
  }))();
export type RegistrationCreated = z.infer<typeof registrationCreatedSchema>;

/** Who acted, as audit entries and review facts record it. */
export const actorSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.union([
      z.object({ sub: z.string(), username: z.string(), role: z.enum(['admin', 'ppid']) }),
      z.object({ role: z.literal('public') }),
    ]),
    { id: 'Actor' },
  ))();

/**
 * The whole registration as GET /admin/registrations/{id} and the review endpoints answer it:
 * personal data included, the edit token hash and the duplicate key left out.
 */
// Built in a pure call so that functions which never name it leave it, and the document schema, out.
export const registrationAdminViewSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    ...registrationInputDocSchema.shape,
    id: z.string(),
    villageName: z.string(),
    districtCode: z.string(),
    regencyCode: z.string(),
    provinceCode: z.string(),
    countryCode: z.string(),
    status: z.enum(REGISTRATION_STATUSES),
    submittedAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().check(z.int()),
    reviewedAt: z.optional(z.iso.datetime()),
    reviewedBy: z.optional(actorSchema),
    rejectionReason: z.optional(z.string()),
    deactivationReason: z.optional(z.string()),
  }))();
