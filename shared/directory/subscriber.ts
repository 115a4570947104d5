import * as z from 'zod/mini';
import { isRegionCode, levelOf } from '../platform/region-codes.js';
import { bilingual } from '../platform/validation/messages.js';
import { withMeta } from '../platform/validation/meta.js';
import type { RegionDirectoryRepository } from './region-directory-ports.js';

/** Someone who receives the coverage digest of one region. The email is personal data: never logged. */
export interface DigestSubscriber {
  readonly id: string;
  /** Trimmed and lower-cased: the uniqueness key within a region. */
  readonly email: string;
  /** The region whose digest they receive: a district or any level above. */
  readonly regionCode: string;
  readonly createdAt: string;
}

/** Storage of the digest subscribers: a region directory whose entries are added and removed, never edited. */
export type DigestSubscriberRepository = RegionDirectoryRepository<DigestSubscriber>;

/** Body of POST /admin/digest-subscribers. */
export const digestSubscriberInputSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.strictObject({
      email: withMeta(
        z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.email().check(z.maxLength(254))),
        {
          description: 'Compared trimmed and lower-cased; unique within a region',
        },
      ),
      regionCode: withMeta(
        z.string().check(
          z.refine(
            isRegionCode,
            bilingual(
              'Kode wilayah harus berformat Kemendagri, contoh 51.02 atau 51.02.05.',
              'Region code must be a Kemendagri code such as 51.02 or 51.02.05.',
            ),
          ),
          z.refine(
            (code: string) => !isRegionCode(code) || levelOf(code) !== 'village',
            bilingual(
              'Ringkasan dibuat per kecamatan atau wilayah di atasnya, bukan per desa.',
              'Digests cover a district or a larger region, not a single village.',
            ),
          ),
        ),
        {
          description: 'Region whose digest is sent: district, regency, province or ID (the country)',
          examples: ['51.02'],
        },
      ),
    }),
    { id: 'DigestSubscriberInput' },
  ))();
export type DigestSubscriberInput = z.output<typeof digestSubscriberInputSchema>;

/** A subscriber as the API answers it. */
export const digestSubscriberViewSchema = /* @__PURE__ */ (() =>
  withMeta(z.object({ id: z.string(), email: z.string(), regionCode: z.string(), createdAt: z.string() }), {
    id: 'DigestSubscriber',
  }))();
export type DigestSubscriberView = z.infer<typeof digestSubscriberViewSchema>;

export const toSubscriberView = (subscriber: DigestSubscriber): DigestSubscriberView => ({
  id: subscriber.id,
  email: subscriber.email,
  regionCode: subscriber.regionCode,
  createdAt: subscriber.createdAt,
});
