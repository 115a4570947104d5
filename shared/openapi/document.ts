import * as z from 'zod/mini';
// Imported by name: `z.core.$ZodType` would bundle the whole core namespace, every locale included.
import { $ZodType } from 'zod/v4/core';
import { REPORT_LIMITS } from '../activity-reports/report.js';
import {
  activityReportListSchema,
  activityReportViewSchema,
  photoUploadRequestSchema,
  reportInputSchema,
  reportPhotoTicketSchema,
} from '../activity-reports/schemas.js';
import { ADMIN_API_SCOPES } from '../auth/access-policy.js';
import { sendDigestsNowSchema, sendDigestsResultSchema } from '../digests/send-schemas.js';
import { officerInputSchema, officerViewSchema } from '../directory/officer.js';
import { digestSubscriberInputSchema, digestSubscriberViewSchema } from '../directory/subscriber.js';
import {
  MAX_SK_DOCUMENT_BYTES,
  skDocumentLinkSchema,
  skDocumentViewSchema,
  skUploadRequestSchema,
  skUploadTicketSchema,
} from '../documents/sk-document.js';
import {
  duplicateErrorResponseSchema,
  errorResponseSchema,
  regionResponseSchema,
  validationErrorResponseSchema,
} from '../platform/http/schemas.js';
import { withMeta } from '../platform/validation/meta.js';
import { PAGE_LIMIT, pageSchema, registrationSummarySchema } from '../registrations/admin-queries.js';
import { historyEntryViewSchema } from '../registrations/history.js';
import {
  profilePatchDocSchema,
  profileUpdatedSchema,
  REVIEWED_CHANGES,
  registrationProfileSchema,
} from '../registrations/profile.js';
import { REASON_LENGTH, reasonBodySchema } from '../registrations/review-registration.js';
import {
  MEMBER_COUNT,
  REGISTRATION_STATUSES,
  registrationAdminViewSchema,
  registrationCreatedSchema,
  registrationInputDocSchema,
  registrationStatusViewSchema,
} from '../registrations/schema.js';
import {
  coverageViewSchema,
  MISSING_PAGE_LIMIT,
  missingVillagesPageSchema,
} from '../village-coverage/coverage-reader.js';
import { rebuildCoverageInputSchema, rebuildReportSchema } from '../village-coverage/rebuild-request.js';
import { signInRequestAcceptedSchema, signInRequestSchema } from '../workspace/sign-in-request.js';
import { awardPaths } from './award-paths.js';

const editTokenHeader = {
  name: 'X-Edit-Token',
  in: 'header',
  required: true,
  description: 'The editToken of the 201 answer to POST /registrations',
  schema: { type: 'string' },
};

const content = (schema: z.ZodMiniType) => ({ 'application/json': { schema } });
const response = (description: string, schema: z.ZodMiniType) => ({ description, content: content(schema) });

const errors = {
  '400': response(
    'Invalid fields, one entry per bad field (the first 20; moreErrors counts the rest), or a body that is not JSON in UTF-8 / isian tidak valid',
    validationErrorResponseSchema,
  ),
  '404': response('Not found / tidak ditemukan', errorResponseSchema),
  '409': response('Duplicate: same village and SK number / sudah terdaftar', duplicateErrorResponseSchema),
  '413': response('Body over 64 KB / terlalu besar', errorResponseSchema),
  '415': response(
    'Body not declared as JSON, or in a charset other than UTF-8 / bukan JSON atau bukan UTF-8',
    errorResponseSchema,
  ),
  '422': response('Idempotency-Key reused with another body', errorResponseSchema),
  '500': response('Internal error, with a request id', errorResponseSchema),
};

const adminErrors = {
  '401': response('No valid token / token tidak ada atau tidak valid', errorResponseSchema),
  '403': response(
    'Not allowed: wrong role, or outside your region / tidak berwenang atau di luar wilayah Anda',
    errorResponseSchema,
  ),
};

const transitionConflict = response(
  'The status forbids this action, or another officer changed it first; currentStatus names the status now / status tidak mengizinkan',
  withMeta(z.extend(errorResponseSchema, { currentStatus: z.enum(REGISTRATION_STATUSES) }), {
    id: 'StatusConflictResponse',
  }),
);

const officerConflict = response(
  'Another officer of the region has this email (existingId), or the officer changed meanwhile',
  withMeta(z.extend(errorResponseSchema, { existingId: z.optional(z.string()) }), {
    id: 'OfficerConflictResponse',
  }),
);

/** Security requirement of an admin operation: a bearer access token with `scope`. */
const adminSecurity = (scope: string) => [{ adminToken: [scope] }];

const queryParameter = (name: string, description: string, schema: Record<string, unknown>) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});

const pagingParameters = [
  queryParameter('cursor', 'nextCursor of the previous page', { type: 'string' }),
  queryParameter('limit', `Page size, ${PAGE_LIMIT.min}–${PAGE_LIMIT.max}`, {
    type: 'integer',
    minimum: PAGE_LIMIT.min,
    maximum: PAGE_LIMIT.max,
    default: PAGE_LIMIT.default,
  }),
];

const pathParameter = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});

const registrationInput = withMeta(registrationInputDocSchema, {
  id: 'RegistrationInput',
  description: `KIM registration. memberCount ${MEMBER_COUNT.min}–${MEMBER_COUNT.max}; SK date not in the future; officers include KETUA, SEKRETARIS and BENDAHARA exactly once; phone numbers are normalised to +62 form.`,
});
const statusView = withMeta(registrationStatusViewSchema, { id: 'RegistrationStatus' });
const adminView = withMeta(registrationAdminViewSchema, { id: 'RegistrationDetails' });
const created = withMeta(registrationCreatedSchema, { id: 'RegistrationCreated' });

/** Swaps zod schemas inside a plain object tree for their JSON Schema, collecting named ones. */
const materialise = (value: unknown, defs: Record<string, unknown>): unknown => {
  if (value instanceof $ZodType) {
    const schema = z.toJSONSchema(value, {
      io: 'input',
      target: 'draft-2020-12',
      unrepresentable: 'any',
    }) as Record<string, unknown> & { $defs?: Record<string, unknown> };
    const { $defs, $schema: _schema, ...rest } = schema;
    Object.assign(defs, $defs ?? {});
    return rest;
  }
  if (Array.isArray(value)) return value.map((item) => materialise(item, defs));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, materialise(item, defs)]));
  }
  return value;
};

/** The OpenAPI 3.1 document of the public API, generated from the same zod schemas it validates with. */
export const buildOpenApiDocument = () => {
  const defs: Record<string, unknown> = {};
  const paths = materialise(
    {
      '/registrations': {
        post: {
          operationId: 'createRegistration',
          summary: 'Register a newly formed KIM / daftarkan KIM baru',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'Repeat a request safely: same key and body return the original answer for 24 h.',
              schema: { type: 'string', minLength: 1, maxLength: 255 },
            },
          ],
          requestBody: { required: true, content: content(registrationInput) },
          description:
            'The editToken of the 201 answer also authorises the SK upload right away: POST /registrations/{id}/documents/sk with X-Edit-Token, PUT the file, confirm. No review has to happen first.',
          responses: {
            '201': response(
              'Registered / terdaftar; keep editToken to correct a rejection and to upload the SK',
              created,
            ),
            ...errors,
          },
        },
      },
      '/registrations/{id}': {
        get: {
          operationId: 'getRegistration',
          summary: 'Public status of a registration (no personal data)',
          parameters: [pathParameter('id', 'Registration id (ULID)')],
          responses: { '200': response('Status', statusView), '404': errors['404'] },
        },
        put: {
          operationId: 'resubmitRegistration',
          summary: 'Correct a REJECTED registration / perbaiki pendaftaran yang ditolak',
          description:
            'The whole body again, validated exactly as POST. Authorised by the edit token of the 201 answer. The registration goes back to SUBMITTED.',
          parameters: [
            pathParameter('id', 'Registration id (ULID)'),
            {
              name: 'X-Edit-Token',
              in: 'header',
              required: true,
              description: 'The editToken of the 201 answer to POST /registrations',
              schema: { type: 'string' },
            },
          ],
          requestBody: { required: true, content: content(registrationInput) },
          responses: {
            '200': response('Resubmitted, SUBMITTED again / diajukan ulang', statusView),
            '400': errors['400'],
            '403': response(
              'Missing or wrong edit token / token edit tidak ada atau salah',
              errorResponseSchema,
            ),
            '404': errors['404'],
            '409': response(
              'Not REJECTED (currentStatus), changed meanwhile, or a duplicate of another registration (existingId)',
              withMeta(
                z.extend(errorResponseSchema, {
                  currentStatus: z.optional(z.enum(REGISTRATION_STATUSES)),
                  existingId: z.optional(z.string()),
                }),
                { id: 'ResubmitConflictResponse' },
              ),
            ),
            '413': errors['413'],
            '415': errors['415'],
            '500': errors['500'],
          },
        },
      },
      '/registrations/{id}/profile': {
        get: {
          operationId: 'getRegistrationProfile',
          summary: 'Your KIM profile, with its version / profil KIM Anda',
          description:
            'The fields a profile update may change, the status and the version a PATCH must name. Personal data (the board) is shown to the edit token holder only.',
          parameters: [pathParameter('id', 'Registration id (ULID)'), editTokenHeader],
          responses: {
            '200': response(
              'The profile',
              withMeta(registrationProfileSchema, { id: 'RegistrationProfile' }),
            ),
            '403': response('Missing or wrong edit token', errorResponseSchema),
            '404': errors['404'],
            '500': errors['500'],
          },
        },
        patch: {
          operationId: 'updateRegistrationProfile',
          summary: 'Update your KIM profile / perbarui profil KIM',
          description: `Allowed while SUBMITTED or VERIFIED. Each field named replaces the stored one whole (arrays and sk included); fields left out stay; contact cannot be changed here. The registration as it would become is validated exactly as POST. version must be the stored version. A change of ${REVIEWED_CHANGES.join(', ')} (the SK number compared as the duplicate check does) sends a VERIFIED registration back to SUBMITTED for a new review; other changes keep the status. A change of village or SK number moves the duplicate claim. An update that changes nothing writes nothing and answers changedFields: [].`,
          parameters: [pathParameter('id', 'Registration id (ULID)'), editTokenHeader],
          requestBody: {
            required: true,
            content: content(withMeta(profilePatchDocSchema, { id: 'RegistrationProfilePatch' })),
          },
          responses: {
            '200': response(
              'Updated (or nothing to change) / diperbarui',
              withMeta(profileUpdatedSchema, { id: 'RegistrationProfileUpdated' }),
            ),
            '400': errors['400'],
            '403': response('Missing or wrong edit token', errorResponseSchema),
            '404': errors['404'],
            '409': response(
              "Status not SUBMITTED or VERIFIED (currentStatus), version no longer current (currentStatus, currentVersion), changed meanwhile, or the SK number is another registration's in that village (existingId)",
              withMeta(
                z.extend(errorResponseSchema, {
                  currentStatus: z.optional(z.enum(REGISTRATION_STATUSES)),
                  currentVersion: z.optional(z.string()),
                  existingId: z.optional(z.string()),
                }),
                { id: 'ProfileConflictResponse' },
              ),
            ),
            '413': errors['413'],
            '415': errors['415'],
            '500': errors['500'],
          },
        },
      },
      '/registrations/{id}/documents/sk': {
        post: {
          operationId: 'requestSkUpload',
          summary: 'Announce an SK document and get an upload URL / unggah SK',
          description: `PDF, JPEG or PNG, at most ${MAX_SK_DOCUMENT_BYTES / 1024 / 1024} MB, with the term of office it belongs to. PUT the file to uploadUrl, then confirm: nothing is kept before its bytes are checked. Works right after POST /registrations with the editToken of its answer, in any status.`,
          parameters: [pathParameter('id', 'Registration id (ULID)'), editTokenHeader],
          requestBody: { required: true, content: content(skUploadRequestSchema) },
          responses: {
            '201': response('Upload URL, valid for 10 minutes', skUploadTicketSchema),
            '400': errors['400'],
            '403': response('Missing or wrong edit token', errorResponseSchema),
            '404': errors['404'],
            '500': errors['500'],
          },
        },
        get: {
          operationId: 'listOwnSkDocuments',
          summary: 'The SK versions of your registration, newest first',
          parameters: [pathParameter('id', 'Registration id (ULID)'), editTokenHeader],
          responses: {
            '200': response('SK versions', z.object({ items: z.array(skDocumentViewSchema) })),
            '403': response('Missing or wrong edit token', errorResponseSchema),
            '404': errors['404'],
            '500': errors['500'],
          },
        },
      },
      '/registrations/{id}/documents/sk/{uploadId}/confirm': {
        post: {
          operationId: 'confirmSkUpload',
          summary: 'Check the uploaded bytes and keep them as a new SK version / konfirmasi unggahan',
          description:
            'The type is judged by the bytes (a PDF must also be structurally sound), never by name or declared type. A refused file is deleted; confirming again answers the same outcome.',
          parameters: [
            pathParameter('id', 'Registration id (ULID)'),
            pathParameter('uploadId', 'The uploadId of the upload URL'),
            editTokenHeader,
          ],
          responses: {
            '201': response('Kept as a new version', skDocumentViewSchema),
            '200': response('Already kept (a repeated confirmation)', skDocumentViewSchema),
            '403': response('Missing or wrong edit token', errorResponseSchema),
            '404': errors['404'],
            '409': response('Nothing was uploaded to the URL yet', errorResponseSchema),
            '422': response(
              'The bytes are not what was announced: why, in both languages',
              errorResponseSchema,
            ),
            '500': errors['500'],
          },
        },
      },
      '/workspace/sign-in-requests': {
        post: {
          operationId: 'requestWorkspaceSignIn',
          summary: 'Email one-time sign-in links to the KIM workspace / minta tautan masuk ruang kelola',
          description:
            'For each registration whose contact email is this address (compared trimmed and lower-cased), one link that opens only that registration’s workspace (/kelola), valid for 15 minutes, once; all in one email. The answer is the same whether or not the address is known, and when the address asked too often (5 per 15 minutes) no email is sent but the answer stays the same. A client (source IP) may ask 30 times per 15 minutes; beyond that, 429 with Retry-After.',
          requestBody: { required: true, content: content(signInRequestSchema) },
          responses: {
            '202': response(
              'Accepted: if the address is known, the email is on its way',
              signInRequestAcceptedSchema,
            ),
            '400': errors['400'],
            '413': errors['413'],
            '415': errors['415'],
            '429': response(
              'This client asked too often: retryAfterSeconds, and the Retry-After header',
              withMeta(z.extend(errorResponseSchema, { retryAfterSeconds: z.number() }), {
                id: 'TooManyRequestsResponse',
              }),
            ),
            '500': errors['500'],
          },
        },
      },
      '/registrations/{id}/reports': {
        post: {
          operationId: 'createActivityReport',
          summary: 'Report an activity of your KIM / laporkan kegiatan',
          description: `Date (not in the future, not before ${REPORT_LIMITS.earliestDate}), type, title, description, participants (0–${REPORT_LIMITS.participants}) and up to ${REPORT_LIMITS.links} http(s) links. Photos are added afterwards. A KIM keeps at most ${REPORT_LIMITS.reportsPerKim} reports.`,
          parameters: [
            pathParameter('id', 'Registration id (ULID)'),
            editTokenHeader,
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description:
                'Repeat a request safely: same key and body return the original report (200) for 24 h.',
              schema: { type: 'string', minLength: 1, maxLength: 255 },
            },
          ],
          // The date's bounds depend on the day of the request; they are described above.
          requestBody: { required: true, content: content(reportInputSchema('9999-12-31')) },
          responses: {
            '201': response('Kept / tersimpan', activityReportViewSchema),
            '200': response('Already kept with this Idempotency-Key (a retry)', activityReportViewSchema),
            '400': errors['400'],
            '403': response('Missing or wrong edit token', errorResponseSchema),
            '404': errors['404'],
            '409': response(
              'The KIM keeps the most reports allowed, or the keyed report was deleted',
              errorResponseSchema,
            ),
            '413': errors['413'],
            '415': errors['415'],
            '422': errors['422'],
            '500': errors['500'],
          },
        },
        get: {
          operationId: 'listActivityReports',
          summary: 'The activity reports of your KIM, newest first, with their count',
          parameters: [
            pathParameter('id', 'Registration id (ULID)'),
            editTokenHeader,
            queryParameter('cursor', 'nextCursor of the previous page', { type: 'string' }),
          ],
          responses: {
            '200': response('Reports, 20 a page', activityReportListSchema),
            '400': errors['400'],
            '403': response('Missing or wrong edit token', errorResponseSchema),
            '404': errors['404'],
            '500': errors['500'],
          },
        },
      },
      '/registrations/{id}/reports/{reportId}': {
        get: {
          operationId: 'getActivityReport',
          summary: 'One activity report of your KIM',
          parameters: [
            pathParameter('id', 'Registration id (ULID)'),
            pathParameter('reportId', 'Report id (ULID)'),
            editTokenHeader,
          ],
          responses: {
            '200': response('The report', activityReportViewSchema),
            '403': response('Missing or wrong edit token', errorResponseSchema),
            '404': errors['404'],
            '500': errors['500'],
          },
        },
        delete: {
          operationId: 'deleteActivityReport',
          summary: 'Delete an activity report with its photos / hapus laporan',
          parameters: [
            pathParameter('id', 'Registration id (ULID)'),
            pathParameter('reportId', 'Report id (ULID)'),
            editTokenHeader,
          ],
          responses: {
            '204': { description: 'Deleted, photos included' },
            '403': response('Missing or wrong edit token', errorResponseSchema),
            '404': errors['404'],
            '409': response('A photo was being confirmed at the same time: try again', errorResponseSchema),
            '500': errors['500'],
          },
        },
      },
      '/registrations/{id}/reports/{reportId}/photos': {
        post: {
          operationId: 'requestReportPhotoUpload',
          summary: 'Announce a photo of a report and get an upload URL / unggah foto',
          description: `JPEG or PNG, at most ${REPORT_LIMITS.photoBytes / 1024 / 1024} MB, up to ${REPORT_LIMITS.photos} per report. PUT the file to uploadUrl, then confirm: the bytes are checked and their metadata (EXIF, GPS, XMP, comments) removed before anything is kept.`,
          parameters: [
            pathParameter('id', 'Registration id (ULID)'),
            pathParameter('reportId', 'Report id (ULID)'),
            editTokenHeader,
          ],
          requestBody: { required: true, content: content(photoUploadRequestSchema) },
          responses: {
            '201': response('Upload URL, valid for 10 minutes', reportPhotoTicketSchema),
            '400': errors['400'],
            '403': response('Missing or wrong edit token', errorResponseSchema),
            '404': errors['404'],
            '409': response('The report already has its five photos', errorResponseSchema),
            '500': errors['500'],
          },
        },
      },
      '/registrations/{id}/reports/{reportId}/photos/{photoId}/confirm': {
        post: {
          operationId: 'confirmReportPhotoUpload',
          summary: 'Check the uploaded photo, strip its metadata and keep it / konfirmasi foto',
          description:
            'The type is judged by the bytes; the JPEG segments or PNG chunks are walked and checked, and EXIF, XMP, other APPn, comments and text or time chunks are removed (EXIF orientation too). A refused photo is deleted; confirming again answers the same outcome.',
          parameters: [
            pathParameter('id', 'Registration id (ULID)'),
            pathParameter('reportId', 'Report id (ULID)'),
            pathParameter('photoId', 'The photoId of the upload URL'),
            editTokenHeader,
          ],
          responses: {
            '201': response('Kept: the report with its photos', activityReportViewSchema),
            '200': response('Already kept (a repeated confirmation)', activityReportViewSchema),
            '403': response('Missing or wrong edit token', errorResponseSchema),
            '404': errors['404'],
            '409': response('Nothing was uploaded to the URL yet', errorResponseSchema),
            '422': response(
              'Not the JPEG or PNG announced, malformed, or a sixth photo: why, in both languages',
              errorResponseSchema,
            ),
            '500': errors['500'],
          },
        },
      },
      '/admin/registrations/{id}/documents/sk': {
        get: {
          operationId: 'listSkDocumentsForReview',
          summary: 'The SK versions of a registration in your region, newest first',
          security: adminSecurity(ADMIN_API_SCOPES.review),
          parameters: [pathParameter('id', 'Registration id (ULID)')],
          responses: {
            '200': response('SK versions', z.object({ items: z.array(skDocumentViewSchema) })),
            ...adminErrors,
            '404': errors['404'],
            '500': errors['500'],
          },
        },
      },
      '/admin/registrations/{id}/documents/sk/{versionId}': {
        get: {
          operationId: 'getSkDocumentLink',
          summary: 'A short-lived link to one SK version / tautan dokumen SK',
          security: adminSecurity(ADMIN_API_SCOPES.review),
          parameters: [
            pathParameter('id', 'Registration id (ULID)'),
            pathParameter('versionId', 'The versionId of the SK version'),
          ],
          responses: {
            '200': response('A presigned link, valid for 5 minutes', skDocumentLinkSchema),
            ...adminErrors,
            '404': errors['404'],
            '500': errors['500'],
          },
        },
      },
      '/admin/registrations': {
        get: {
          operationId: 'listAdminRegistrations',
          summary: 'Registrations in your region, newest first / pendaftaran di wilayah Anda',
          security: adminSecurity(ADMIN_API_SCOPES.review),
          parameters: [
            queryParameter('region', 'A region inside yours (any level); default: yours', { type: 'string' }),
            queryParameter('status', 'Only this status', {
              type: 'string',
              enum: [...REGISTRATION_STATUSES],
            }),
            ...pagingParameters,
          ],
          responses: {
            '200': response(
              'A page of registrations',
              pageSchema(registrationSummarySchema, 'RegistrationPage'),
            ),
            '400': errors['400'],
            ...adminErrors,
            '500': errors['500'],
          },
        },
      },
      '/admin/registrations/{id}': {
        get: {
          operationId: 'getAdminRegistration',
          summary: 'The whole registration, personal data included',
          security: adminSecurity(ADMIN_API_SCOPES.review),
          parameters: [pathParameter('id', 'Registration id (ULID)')],
          responses: {
            '200': response('The registration', adminView),
            ...adminErrors,
            '404': errors['404'],
            '500': errors['500'],
          },
        },
      },
      '/admin/registrations/{id}/history': {
        get: {
          operationId: 'getRegistrationHistory',
          summary: 'Audit trail of a registration, oldest first / riwayat perubahan',
          security: adminSecurity(ADMIN_API_SCOPES.review),
          parameters: [pathParameter('id', 'Registration id (ULID)')],
          responses: {
            '200': response('Who did what, when and why', z.array(historyEntryViewSchema)),
            ...adminErrors,
            '404': errors['404'],
            '500': errors['500'],
          },
        },
      },
      ...Object.fromEntries(
        (
          [
            [
              'verify',
              'Verify a SUBMITTED registration / verifikasi',
              'SUBMITTED → VERIFIED. No body (or {}).',
              false,
            ],
            [
              'reject',
              'Reject a SUBMITTED registration with a reason / tolak',
              `SUBMITTED → REJECTED. reason: ${REASON_LENGTH.min}–${REASON_LENGTH.max} visible characters, one line.`,
              true,
            ],
            [
              'deactivate',
              'Deactivate a VERIFIED registration with a reason / nonaktifkan',
              `VERIFIED → DEACTIVATED. reason: ${REASON_LENGTH.min}–${REASON_LENGTH.max} visible characters, one line.`,
              true,
            ],
          ] as const
        ).map(([action, summary, description, needsReason]) => [
          `/admin/registrations/{id}/${action}`,
          {
            post: {
              operationId: `${action}Registration`,
              summary,
              description,
              security: adminSecurity(ADMIN_API_SCOPES.review),
              parameters: [pathParameter('id', 'Registration id (ULID)')],
              ...(needsReason ? { requestBody: { required: true, content: content(reasonBodySchema) } } : {}),
              responses: {
                '200': response('The registration after the change', adminView),
                '400': errors['400'],
                ...adminErrors,
                '404': errors['404'],
                '409': transitionConflict,
                '415': errors['415'],
                '500': errors['500'],
              },
            },
          },
        ]),
      ),
      '/admin/officers': {
        get: {
          operationId: 'listOfficers',
          summary: 'PPID officers of a region and every region inside it, by region code (admin only)',
          security: adminSecurity(ADMIN_API_SCOPES.directory),
          parameters: [
            queryParameter('region', 'Region code; default: the deployment scope', { type: 'string' }),
            ...pagingParameters,
          ],
          responses: {
            '200': response('A page of officers', pageSchema(officerViewSchema, 'OfficerPage')),
            '400': errors['400'],
            ...adminErrors,
            '500': errors['500'],
          },
        },
        post: {
          operationId: 'createOfficer',
          summary: 'Add a PPID officer (admin only)',
          security: adminSecurity(ADMIN_API_SCOPES.directory),
          requestBody: { required: true, content: content(officerInputSchema) },
          responses: {
            '201': response('Added / ditambahkan', officerViewSchema),
            '400': errors['400'],
            ...adminErrors,
            '409': officerConflict,
            '413': errors['413'],
            '415': errors['415'],
            '500': errors['500'],
          },
        },
      },
      '/admin/officers/{id}': {
        put: {
          operationId: 'updateOfficer',
          summary: 'Change a PPID officer (admin only)',
          security: adminSecurity(ADMIN_API_SCOPES.directory),
          parameters: [pathParameter('id', 'Officer id (ULID)')],
          requestBody: { required: true, content: content(officerInputSchema) },
          responses: {
            '200': response('Changed / diubah', officerViewSchema),
            '400': errors['400'],
            ...adminErrors,
            '404': errors['404'],
            '409': officerConflict,
            '413': errors['413'],
            '415': errors['415'],
            '500': errors['500'],
          },
        },
        delete: {
          operationId: 'deleteOfficer',
          summary: 'Remove a PPID officer (admin only)',
          security: adminSecurity(ADMIN_API_SCOPES.directory),
          parameters: [pathParameter('id', 'Officer id (ULID)')],
          responses: {
            '204': { description: 'Removed / dihapus' },
            ...adminErrors,
            '404': errors['404'],
            '409': officerConflict,
            '500': errors['500'],
          },
        },
      },
      '/admin/coverage/rebuild': {
        post: {
          operationId: 'rebuildCoverage',
          summary:
            'Recount the coverage counters of a region (default: the whole scope) from the registrations, repair and report the drift (admin only)',
          security: adminSecurity(ADMIN_API_SCOPES.directory),
          requestBody: { required: false, content: content(rebuildCoverageInputSchema) },
          responses: {
            '200': response(
              'The drift found and repaired / selisih yang ditemukan dan diperbaiki',
              rebuildReportSchema,
            ),
            '400': errors['400'],
            ...adminErrors,
            '413': errors['413'],
            '415': errors['415'],
            '500': errors['500'],
          },
        },
      },
      // ---- Coverage digests: subscribers and send-now (admin only) ----
      '/admin/digest-subscribers': {
        get: {
          operationId: 'listDigestSubscribers',
          summary: 'Digest subscribers of a region and every region inside it, by region code (admin only)',
          security: adminSecurity(ADMIN_API_SCOPES.directory),
          parameters: [
            queryParameter('region', 'Region code; default: the deployment scope', { type: 'string' }),
            ...pagingParameters,
          ],
          responses: {
            '200': response(
              'A page of subscribers',
              pageSchema(digestSubscriberViewSchema, 'DigestSubscriberPage'),
            ),
            '400': errors['400'],
            ...adminErrors,
            '500': errors['500'],
          },
        },
        post: {
          operationId: 'createDigestSubscriber',
          summary: 'Send the coverage digest of a region to an email address (admin only)',
          security: adminSecurity(ADMIN_API_SCOPES.directory),
          requestBody: { required: true, content: content(digestSubscriberInputSchema) },
          responses: {
            '201': response('Added / ditambahkan', digestSubscriberViewSchema),
            '400': errors['400'],
            ...adminErrors,
            '409': response(
              'The region already sends its digest to this address (existingId) / sudah terdaftar',
              withMeta(z.extend(errorResponseSchema, { existingId: z.string() }), {
                id: 'DigestSubscriberConflictResponse',
              }),
            ),
            '413': errors['413'],
            '415': errors['415'],
            '500': errors['500'],
          },
        },
      },
      '/admin/digest-subscribers/{id}': {
        delete: {
          operationId: 'deleteDigestSubscriber',
          summary: 'Stop sending a digest to a subscriber (admin only)',
          security: adminSecurity(ADMIN_API_SCOPES.directory),
          parameters: [pathParameter('id', 'Subscriber id (ULID)')],
          responses: {
            '204': { description: 'Removed / dihapus' },
            ...adminErrors,
            '404': errors['404'],
            '500': errors['500'],
          },
        },
      },
      '/admin/digests/send': {
        post: {
          operationId: 'sendDigestsNow',
          summary: 'Send the coverage digests now: every subscriber, or those of one region (admin only)',
          security: adminSecurity(ADMIN_API_SCOPES.directory),
          requestBody: { required: false, content: content(sendDigestsNowSchema) },
          responses: {
            '200': response('What was sent, per region / yang terkirim per wilayah', sendDigestsResultSchema),
            '400': errors['400'],
            ...adminErrors,
            '413': errors['413'],
            '415': errors['415'],
            '500': errors['500'],
            '502': response(
              'Some emails failed; the counts say which regions / sebagian gagal dikirim',
              withMeta(z.merge(errorResponseSchema, sendDigestsResultSchema), {
                id: 'SendDigestsFailedResponse',
              }),
            ),
          },
        },
      },
      // ---- end of coverage digests ----
      '/regions/{code}': {
        get: {
          operationId: 'getRegion',
          summary: 'A region of the deployment scope with its children and village counts',
          parameters: [pathParameter('code', 'Kemendagri code, e.g. 51.02, or ID for the country')],
          responses: { '200': response('Region', regionResponseSchema), '404': errors['404'] },
        },
      },
      '/coverage/{code}': {
        get: {
          operationId: 'getCoverage',
          summary: 'KIM coverage of a region and of each of its children / cakupan KIM',
          description:
            'Villages with a VERIFIED KIM (covered), with only SUBMITTED ones (pendingOnly), and KIM per status, for the region and each direct child. Counters trail reviews by seconds.',
          parameters: [
            pathParameter('code', 'Kemendagri code of any level, e.g. 51.02, or ID for the country'),
          ],
          responses: {
            '200': response('Coverage', coverageViewSchema),
            '400': response(
              'Malformed region code / kode wilayah tidak valid',
              validationErrorResponseSchema,
            ),
            '404': errors['404'],
            '500': errors['500'],
          },
        },
      },
      '/coverage/{code}/missing': {
        get: {
          operationId: 'listMissingVillages',
          summary: 'Villages of a region without a VERIFIED KIM / desa tanpa KIM terverifikasi',
          description:
            'In code order, a page at a time. A page may hold fewer than limit villages (even none) while nextCursor is not null: it stops after a bounded number of districts.',
          parameters: [
            pathParameter('code', 'Kemendagri code of any level, e.g. 51.02, or ID for the country'),
            queryParameter('cursor', 'nextCursor of the previous page', { type: 'string' }),
            queryParameter('limit', `Page size, ${MISSING_PAGE_LIMIT.min}–${MISSING_PAGE_LIMIT.max}`, {
              type: 'integer',
              minimum: MISSING_PAGE_LIMIT.min,
              maximum: MISSING_PAGE_LIMIT.max,
              default: MISSING_PAGE_LIMIT.default,
            }),
          ],
          responses: {
            '200': response('A page of villages', missingVillagesPageSchema),
            '400': errors['400'],
            '404': errors['404'],
            '500': errors['500'],
          },
        },
      },
      ...awardPaths,
      '/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'This document',
          responses: { '200': { description: 'OpenAPI 3.1 document' } },
        },
      },
    },
    defs,
  );
  // Named schemas are referenced as #/$defs/X by zod; OpenAPI keeps them under components.
  const rewritten = JSON.parse(
    JSON.stringify({ paths, defs }).replaceAll('"#/$defs/', '"#/components/schemas/'),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'kim-registry API',
      version: '1.0.0',
      description:
        'Registry of KIM (Kelompok Informasi Masyarakat) and their village coverage. Error messages are Indonesian (`message`) and English (`messageEn`).',
      license: { name: 'Region master data: ODbL (idn-area-data)' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths: rewritten.paths,
    components: {
      schemas: rewritten.defs,
      securitySchemes: {
        adminToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: `Cognito access token (locally: npm run token). Scopes: ${ADMIN_API_SCOPES.review} (admin, ppid), ${ADMIN_API_SCOPES.directory} (admin), ${ADMIN_API_SCOPES.awards} (admin, ppid: jurors act only on the rounds they are assigned to).`,
        },
      },
    },
  };
};
