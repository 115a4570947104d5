import * as z from 'zod/mini';
import { bilingual } from '../platform/validation/messages.js';
import { withMeta } from '../platform/validation/meta.js';
import { plainText } from '../platform/validation/text.js';
import { httpUrlSchema } from '../registrations/schema.js';
import { PHOTO_TYPES, REPORT_LIMITS, REPORT_TYPES, type ReportInput } from './report.js';

/** A control character other than the line feed and the tab (the Cc category, read per character). */
const hasControlButNewlineOrTab = (value: string): boolean => /\p{Cc}/u.test(value.replace(/[\n\t]/g, ''));
const LAYOUT_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/u;

/**
 * A description: several lines of text. Line ends are sent as they are (CR LF from a form become
 * LF); other control characters and text-direction controls are refused.
 */
const descriptionSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.string().check(
      z.overwrite((value: string) => value.replace(/\r\n?/g, '\n').trim()),
      z.minLength(1, bilingual('Uraian kegiatan wajib diisi.', 'The description is required.')),
      z.maxLength(REPORT_LIMITS.descriptionLength),
      z.refine(
        (value: string) => !hasControlButNewlineOrTab(value) && !LAYOUT_CONTROLS.test(value),
        bilingual(
          'Uraian tidak boleh berisi karakter kontrol atau pengatur arah teks.',
          'The description must not contain control or text-direction characters.',
        ),
      ),
    ),
    { description: 'What happened, in a few lines', maxLength: REPORT_LIMITS.descriptionLength },
  ))();

const isoDate = /* @__PURE__ */ (() => z.iso.date({ abort: true }))();

/**
 * The schemas of the activity report API (zod): what is accepted, and what is answered.
 */

/**
 * POST /registrations/{id}/reports: one activity. `today` is the date in Indonesia: an activity
 * cannot be reported before it happens.
 */
export const reportInputSchema = (today: string) =>
  withMeta(
    z.strictObject({
      date: withMeta(
        isoDate.check(
          z.refine(
            (date: string) => date <= today,
            bilingual(
              'Tanggal kegiatan tidak boleh di masa depan.',
              'The activity date cannot be in the future.',
            ),
          ),
          z.refine(
            (date: string) => date >= REPORT_LIMITS.earliestDate,
            bilingual(
              `Tanggal kegiatan tidak boleh sebelum ${REPORT_LIMITS.earliestDate}.`,
              `The activity date cannot be before ${REPORT_LIMITS.earliestDate}.`,
            ),
          ),
        ),
        {
          description: 'The day of the activity: not in the future, not before 2008',
          examples: ['2026-11-20'],
        },
      ),
      type: withMeta(z.enum(REPORT_TYPES), { description: 'Kind of activity' }),
      title: plainText(3, REPORT_LIMITS.titleLength),
      description: descriptionSchema,
      participants: withMeta(z.number().check(z.int(), z.gte(0), z.lte(REPORT_LIMITS.participants)), {
        description: 'How many people took part',
      }),
      links: z._default(
        z.array(httpUrlSchema).check(
          z.maxLength(REPORT_LIMITS.links),
          z.refine(
            (links: readonly string[]) => new Set(links).size === links.length,
            bilingual('Tautan tidak boleh berulang.', 'Links must not repeat.'),
          ),
        ),
        [],
      ),
    }),
    { id: 'ActivityReportInput' },
  ) satisfies z.ZodMiniType<ReportInput, unknown>;

/** POST /registrations/{id}/reports/{reportId}/photos: what the KIM is about to upload. */
export const photoUploadRequestSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.strictObject({
      contentType: withMeta(z.enum(PHOTO_TYPES), { description: 'JPEG or PNG, checked by its bytes' }),
      size: withMeta(
        z.number().check(
          z.int(),
          z.gte(1),
          z.refine(
            (size: number) => size <= REPORT_LIMITS.photoBytes,
            bilingual('Foto paling besar 2 MB.', 'A photo may be at most 2 MB.'),
          ),
        ),
        { description: 'Exact size in bytes; the upload URL is signed for it' },
      ),
    }),
    { id: 'ReportPhotoUploadRequest' },
  ))();

const photoViewSchema = /* @__PURE__ */ (() =>
  z.object({
    photoId: z.string(),
    contentType: z.enum(PHOTO_TYPES),
    size: z.number().check(z.int()),
    sha256: withMeta(z.string(), { description: 'SHA-256 of the stored (stripped) bytes, hex' }),
  }))();

/** A report as the API answers it (documented in the OpenAPI document). */
export const activityReportViewSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.object({
      registrationId: z.string(),
      reportId: withMeta(z.string(), { description: 'ULID: reports sort by when they were made' }),
      date: z.string(),
      type: z.enum(REPORT_TYPES),
      title: z.string(),
      description: z.string(),
      participants: z.number().check(z.int()),
      links: z.array(z.string()),
      createdAt: z.string(),
      photos: withMeta(z.array(photoViewSchema), { description: 'Confirmed photos, metadata stripped' }),
    }),
    { id: 'ActivityReport' },
  ))();

export const activityReportListSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.object({
      items: z.array(activityReportViewSchema),
      count: withMeta(z.number().check(z.int()), { description: 'Reports the KIM keeps in all' }),
      nextCursor: z.optional(withMeta(z.string(), { description: 'Pass as ?cursor= for the next page' })),
    }),
    { id: 'ActivityReportList' },
  ))();

export const reportPhotoTicketSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.object({
      photoId: z.string(),
      uploadUrl: withMeta(z.string(), {
        description: 'PUT the photo here, with exactly the headers below and the announced length',
      }),
      headers: z.record(z.string(), z.string()),
      expiresAt: z.string(),
    }),
    { id: 'ReportPhotoUploadTicket' },
  ))();
