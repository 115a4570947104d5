import * as z from 'zod';
import { isVillageCode } from '../platform/region-codes.js';
import { bilingual } from '../platform/validation/messages.js';
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

const phone = z
  .string()
  .max(32)
  .transform((value, ctx) => {
    const normalized = normalizePhone(value);
    if (normalized === undefined) {
      ctx.addIssue({
        code: 'custom',
        ...bilingual(
          'Nomor telepon Indonesia tidak valid (contoh: 081234567890 atau +6281234567890).',
          'Not a valid Indonesian phone number (for example 081234567890 or +6281234567890).',
        ),
      });
      return z.NEVER;
    }
    return normalized;
  })
  .meta({ description: 'Indonesian phone number; stored in +62 form', examples: ['081234567890'] });

const email = z.email().max(254);

// A malformed date stops here: the range checks below would only add misleading messages.
const isoDate = z.iso.date({ abort: true });

const officer = z.strictObject({
  role: z.enum(OFFICER_ROLES),
  name: text(2, 100),
  phone,
  email: email.optional(),
});

const officers = z
  .array(officer)
  .min(3)
  .max(30)
  .superRefine(
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
  );

/**
 * Whitespace or control characters a browser would strip or encode: a URL carrying them is not as
 * typed. Invisible characters are refused too (a link must not differ from what it shows).
 */
const URL_UNSAFE_CHARACTERS = /[\p{Cc}\s<>"`]/u;

const httpUrl = z
  .url({ protocol: /^https?$/, hostname: z.regexes.domain })
  .max(2048)
  .refine(
    (value) => !URL_UNSAFE_CHARACTERS.test(value) && !hasInvisibles(value),
    bilingual(
      'URL tidak boleh berisi spasi, karakter kontrol atau tak terlihat, atau < > " `.',
      'The URL must not contain spaces, control or invisible characters, or < > " `.',
    ),
  )
  .refine(
    (value) => {
      const url = URL.parse(value);
      return url !== null && url.username === '' && url.password === '';
    },
    bilingual(
      'URL tidak boleh berisi nama pengguna atau kata sandi.',
      'The URL must not contain a user name or password.',
    ),
  )
  .refine(
    // Any host with a letter outside A–Z reaches DNS as an xn-- (punycode) label.
    (value) => !(URL.parse(value)?.hostname.split('.') ?? []).some((label) => label.startsWith('xn--')),
    bilingual(
      'Nama domain URL harus ditulis dengan huruf A–Z, angka, dan tanda hubung: nama domain internasional (IDN) tidak diterima karena huruf yang mirip dapat meniru situs lain.',
      "The URL's domain must be written with the letters A–Z, digits and hyphens: internationalised domain names are refused because look-alike letters can imitate another site.",
    ),
  )
  .meta({ description: 'http or https URL, without credentials, with an ASCII domain name' });

const uniqueItems = <T>(list: readonly T[]) => new Set(list).size === list.length;

// Judged only once the text rules pass, so a number gets the message of the first rule it breaks.
const whenTextIsValid = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

const skNumber = text(1, SK_NUMBER_MAX_LENGTH)
  .superRefine((value, ctx) => {
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
  }, whenTextIsValid)
  .refine(skNumberHasAlphanumeric, {
    ...bilingual(
      'Nomor SK harus berisi setidaknya satu huruf atau angka.',
      'The SK number must contain at least one letter or digit.',
    ),
    ...whenTextIsValid,
  })
  .refine((value) => normalizeSkNumber(value).length <= SK_NUMBER_MAX_LENGTH, {
    ...bilingual(
      `Nomor SK terlalu panjang setelah dinormalisasi (maksimal ${SK_NUMBER_MAX_LENGTH} karakter).`,
      `SK number is too long once normalised (at most ${SK_NUMBER_MAX_LENGTH} characters).`,
    ),
    ...whenTextIsValid,
  })
  .meta({
    description: `Number of the village head decree (SK pembentukan). Invisible characters are dropped; after NFKC, dashes folded to -, slashes to /, it may hold only ${SK_NUMBER_ALPHABET}, with at least one letter or digit. Compared for duplicates within the village without case, spaces next to punctuation or leading zeros.`,
    examples: ['141/12/DP/2025'],
  });

/** The SK number's rules, for any body that names a decree (its documents, too). */
export const skNumberSchema = skNumber;

/** Builds the registration body schema; `today` (YYYY-MM-DD, Asia/Makassar) bounds the SK date. */
const buildRegistrationInput = (today: string) =>
  z
    .strictObject({
      name: text(3, 120).meta({ description: 'Name of the KIM', examples: ['KIM Dajan Peken Informatif'] }),
      villageCode: z
        .string()
        .refine(
          isVillageCode,
          bilingual(
            'Kode desa harus berformat Kemendagri, contoh 51.02.05.2006.',
            'Village code must be a Kemendagri code such as 51.02.05.2006.',
          ),
        )
        .meta({ description: 'Kemendagri village code', examples: ['51.02.05.2006'] }),
      sk: z.strictObject({
        number: skNumber,
        date: isoDate
          .refine(
            (date) => date >= EARLIEST_SK_DATE,
            bilingual(
              `Tanggal SK tidak boleh sebelum ${EARLIEST_SK_DATE}.`,
              `SK date must not be before ${EARLIEST_SK_DATE}.`,
            ),
          )
          .refine(
            (date) => date <= today,
            bilingual('Tanggal SK tidak boleh di masa depan.', 'SK date must not be in the future.'),
          )
          .meta({ description: 'Date of the decree, not in the future' }),
      }),
      officers,
      memberCount: z.number().int().min(MEMBER_COUNT.min).max(MEMBER_COUNT.max),
      focusAreas: z
        .array(z.enum(FOCUS_AREAS))
        .min(1)
        .max(FOCUS_AREAS.length)
        .refine(uniqueItems, bilingual('Bidang tidak boleh berulang.', 'Focus areas must not repeat.')),
      media: z
        .array(z.strictObject({ type: z.enum(MEDIA_TYPES), url: httpUrl }))
        .max(10)
        .default([]),
      contact: z.strictObject({ email, phone }),
    })
    .superRefine(
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
    );

let cached: { today: string; schema: ReturnType<typeof buildRegistrationInput> } | undefined;

/** The registration body schema for `today`; rebuilt at most once a day. */
export const registrationInputSchema = (today: string) => {
  if (cached?.today !== today) cached = { today, schema: buildRegistrationInput(today) };
  return cached.schema;
};

/** The schema that documents the body (OpenAPI); the date bound is the only part that moves. */
export const registrationInputDocSchema = buildRegistrationInput('9999-12-31');

export type RegistrationInput = z.output<ReturnType<typeof buildRegistrationInput>>;

export const REGISTRATION_STATUSES = ['SUBMITTED', 'VERIFIED', 'REJECTED', 'DEACTIVATED'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** Public status view: no names, phones or emails. */
export const registrationStatusViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  districtCode: z.string(),
  status: z.enum(REGISTRATION_STATUSES),
  submittedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type RegistrationStatusView = z.infer<typeof registrationStatusViewSchema>;

/**
 * The 201 answer to a new registration: the status view and the edit token that authorises a
 * later correction (PUT /registrations/{id}). The token is shown this once and never stored.
 */
export const registrationCreatedSchema = registrationStatusViewSchema.extend({
  editToken: z.string().meta({
    description:
      'Secret for correcting the registration after a rejection (header X-Edit-Token); shown only in this answer',
  }),
});
export type RegistrationCreated = z.infer<typeof registrationCreatedSchema>;

/** Who acted, as audit entries and review facts record it. */
export const actorSchema = z
  .union([
    z.object({ sub: z.string(), username: z.string(), role: z.enum(['admin', 'ppid']) }),
    z.object({ role: z.literal('public') }),
  ])
  .meta({ id: 'Actor' });

/**
 * The whole registration as GET /admin/registrations/{id} and the review endpoints answer it:
 * personal data included, the edit token hash and the duplicate key left out.
 */
export const registrationAdminViewSchema = z.strictObject({
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
  version: z.number().int(),
  reviewedAt: z.iso.datetime().optional(),
  reviewedBy: actorSchema.optional(),
  rejectionReason: z.string().optional(),
  deactivationReason: z.string().optional(),
});
