import * as z from 'zod';
import { isRegionCode } from '../platform/region-codes.js';
import { bilingual } from '../platform/validation/messages.js';
import { plainText } from '../platform/validation/text.js';
import type { EditableRegionDirectory } from './region-directory-ports.js';

/** SES refused the officer's address for good: notifications skip the officer until the email changes. */
export interface EmailUndeliverable {
  /** When the refusal came, ISO 8601. */
  readonly at: string;
  /** The provider's error name (for example MessageRejected); never the address. */
  readonly reason: string;
}

/** A PPID officer as stored. The name and email are personal data: never logged. */
export interface Officer {
  readonly id: string;
  readonly name: string;
  /** Trimmed and lower-cased: the uniqueness key within a region. */
  readonly email: string;
  /** The region the officer is responsible for (any level). */
  readonly regionCode: string;
  readonly active: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Incremented on every change (optimistic concurrency). */
  readonly version: number;
  /** Set when email to the officer bounced for good; cleared by a change of email. */
  readonly emailUndeliverable?: EmailUndeliverable;
}

/** Storage of the PPID officer directory: a region directory whose entries are edited in place. */
export type OfficerRepository = EditableRegionDirectory<Officer>;

/** Body of POST /admin/officers and PUT /admin/officers/{id}. */
export const officerInputSchema = z
  .strictObject({
    name: plainText(2, 100).meta({ examples: ['Ni Made Sari'] }),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email().max(254))
      .meta({ description: 'Compared trimmed and lower-cased; unique within a region' }),
    regionCode: z
      .string()
      .refine(
        isRegionCode,
        bilingual(
          'Kode wilayah harus berformat Kemendagri, contoh 51.02 atau 51.02.05.2006.',
          'Region code must be a Kemendagri code such as 51.02 or 51.02.05.2006.',
        ),
      )
      .meta({
        description: 'Region the officer is responsible for: regency, district or village',
        examples: ['51.02.05'],
      }),
    active: z
      .boolean()
      .optional()
      .meta({ description: 'Defaults to true on POST; left unchanged by a PUT that omits it' }),
  })
  .meta({ id: 'OfficerInput' });
export type OfficerInput = z.output<typeof officerInputSchema>;

/** An officer as the API answers it. */
export const officerViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    regionCode: z.string(),
    active: z.boolean(),
    emailUndeliverable: z.object({ at: z.iso.datetime(), reason: z.string() }).optional().meta({
      description:
        'Present when email to this address was refused for good (for example a rejected or non-existent mailbox): notifications skip the officer until a PUT changes the email',
    }),
  })
  .meta({ id: 'Officer' });
export type OfficerView = z.infer<typeof officerViewSchema>;

export const toOfficerView = (officer: Officer): OfficerView => ({
  id: officer.id,
  name: officer.name,
  email: officer.email,
  regionCode: officer.regionCode,
  active: officer.active,
  ...(officer.emailUndeliverable === undefined
    ? {}
    : {
        emailUndeliverable: { at: officer.emailUndeliverable.at, reason: officer.emailUndeliverable.reason },
      }),
});
