import * as z from 'zod/mini';
import { isRegionCode } from '../platform/region-codes.js';
import { bilingual } from '../platform/validation/messages.js';
import { withMeta } from '../platform/validation/meta.js';
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
export const officerInputSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.strictObject({
      name: withMeta(plainText(2, 100), { examples: ['Ni Made Sari'] }),
      email: withMeta(
        z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.email().check(z.maxLength(254))),
        {
          description: 'Compared trimmed and lower-cased; unique within a region',
        },
      ),
      regionCode: withMeta(
        z
          .string()
          .check(
            z.refine(
              isRegionCode,
              bilingual(
                'Kode wilayah harus berformat Kemendagri, contoh 51.02 atau 51.02.05.2006.',
                'Region code must be a Kemendagri code such as 51.02 or 51.02.05.2006.',
              ),
            ),
          ),
        {
          description: 'Region the officer is responsible for: regency, district or village',
          examples: ['51.02.05'],
        },
      ),
      active: withMeta(z.optional(z.boolean()), {
        description: 'Defaults to true on POST; left unchanged by a PUT that omits it',
      }),
    }),
    { id: 'OfficerInput' },
  ))();
export type OfficerInput = z.output<typeof officerInputSchema>;

/** An officer as the API answers it. */
export const officerViewSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      regionCode: z.string(),
      active: z.boolean(),
      emailUndeliverable: withMeta(z.optional(z.object({ at: z.iso.datetime(), reason: z.string() })), {
        description:
          'Present when email to this address was refused for good (for example a rejected or non-existent mailbox): notifications skip the officer until a PUT changes the email',
      }),
    }),
    { id: 'Officer' },
  ))();
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
