import * as z from 'zod/mini';
import { bilingual } from '../platform/validation/messages.js';
import { withMeta } from '../platform/validation/meta.js';
import { skNumberSchema } from '../registrations/schema.js';
import { DOCUMENT_TYPES, type DocumentType } from './file-check.js';

/** The largest SK document accepted: a scanned decree of a few pages. */
export const MAX_SK_DOCUMENT_BYTES = 5 * 1024 * 1024;

/** How long a presigned upload or download URL stays valid. */
export const UPLOAD_URL_SECONDS = 10 * 60;
export const DOWNLOAD_URL_SECONDS = 5 * 60;

/** File extensions of the stored objects, by type. */
export const EXTENSIONS: Readonly<Record<DocumentType, string>> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

const isoDate = /* @__PURE__ */ (() => z.iso.date({ abort: true }))();

/** The term of office (masa bakti) an SK appoints its board for. */
export const termSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      start: withMeta(isoDate, { description: 'First day of the term', examples: ['2025-06-02'] }),
      end: withMeta(isoDate, { description: 'Last day of the term', examples: ['2028-06-01'] }),
    })
    .check(
      z.refine((term) => term.end > term.start, {
        ...bilingual(
          'Akhir masa bakti harus sesudah awalnya.',
          'The end of the term must come after its start.',
        ),
        path: ['end'],
      }),
    ))();

/** POST /registrations/{id}/documents/sk: what the KIM is about to upload. */
export const skUploadRequestSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.strictObject({
      contentType: withMeta(z.enum(DOCUMENT_TYPES), {
        description: 'PDF, JPEG or PNG, checked by its bytes',
      }),
      size: withMeta(
        z.number().check(
          z.int(),
          z.gte(1),
          z.refine(
            (size: number) => size <= MAX_SK_DOCUMENT_BYTES,
            bilingual('Berkas SK paling besar 5 MB.', 'An SK file may be at most 5 MB.'),
          ),
        ),
        { description: 'Exact size in bytes; the upload URL is signed for it' },
      ),
      term: termSchema,
      sk: z.strictObject({ number: skNumberSchema, date: isoDate }),
    }),
    { id: 'SkUploadRequest' },
  ))();

export type SkUploadRequest = z.infer<typeof skUploadRequestSchema>;

/** An upload announced but not yet checked (PENDING), or its outcome. */
export interface SkUpload {
  readonly registrationId: string;
  readonly uploadId: string;
  readonly status: 'PENDING' | 'ACCEPTED' | 'REFUSED';
  readonly contentType: DocumentType;
  readonly size: number;
  readonly term: SkUploadRequest['term'];
  readonly sk: SkUploadRequest['sk'];
  readonly createdAt: string;
  /** Why the bytes were refused (REFUSED only), in Indonesian and English. */
  readonly refusal?: { readonly message: string; readonly messageEn: string };
}

/** A checked SK document: one version of the registration's SK, kept with its term. */
export interface SkDocument {
  readonly registrationId: string;
  /** The id of the upload it came from: a ULID, so versions sort by time. */
  readonly versionId: string;
  readonly contentType: DocumentType;
  readonly size: number;
  /** SHA-256 of the bytes, hex. */
  readonly sha256: string;
  readonly term: SkUploadRequest['term'];
  readonly sk: SkUploadRequest['sk'];
  readonly uploadedAt: string;
}

/** Where a pending upload waits (expired by the bucket's lifecycle rule if never confirmed). */
export const pendingObjectKey = (registrationId: string, uploadId: string): string =>
  `pending/${registrationId}/${uploadId}`;

/** Where a checked SK version is kept. */
export const documentObjectKey = (
  document: Pick<SkDocument, 'registrationId' | 'versionId' | 'contentType'>,
) => `documents/${document.registrationId}/sk/${document.versionId}.${EXTENSIONS[document.contentType]}`;

/** An SK version as the API answers it (documented in the OpenAPI document). */
export const skDocumentViewSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.object({
      registrationId: z.string(),
      versionId: withMeta(z.string(), {
        description: 'The upload id it came from (ULID): versions sort by time',
      }),
      contentType: withMeta(z.enum(DOCUMENT_TYPES), { description: 'The type its bytes were found to be' }),
      size: z.number().check(z.int()),
      sha256: withMeta(z.string(), { description: 'SHA-256 of the bytes, hex' }),
      term: termSchema,
      sk: z.object({ number: z.string(), date: z.string() }),
      uploadedAt: z.string(),
    }),
    { id: 'SkDocument' },
  ))();

/** The answer to an announced upload (documented in the OpenAPI document). */
export const skUploadTicketSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.object({
      uploadId: z.string(),
      uploadUrl: withMeta(z.string(), {
        description: 'PUT the file here, with exactly the headers below and the announced length',
      }),
      headers: z.record(z.string(), z.string()),
      expiresAt: z.string(),
    }),
    { id: 'SkUploadTicket' },
  ))();

/** An officer's link to one version (documented in the OpenAPI document). */
export const skDocumentLinkSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.object({
      url: withMeta(z.string(), { description: 'A presigned GET, valid for a few minutes' }),
      expiresAt: z.string(),
      document: skDocumentViewSchema,
    }),
    { id: 'SkDocumentLink' },
  ))();
