import { createHash } from 'node:crypto';
import { sniffType } from '../documents/file-check.js';
import type { Clock } from '../platform/clock.js';
import { todayInIndonesia } from '../platform/clock.js';
import {
  ConflictError,
  IDEMPOTENCY_KEY_PATTERN,
  IdempotencyKeyReuseError,
  NotFoundError,
  UnprocessableContentError,
  ValidationError,
} from '../platform/errors.js';
import { isUlid } from '../platform/ids.js';
import { describeIssues } from '../platform/validation/messages.js';
import { assertEditToken, sha256Hex } from '../registrations/edit-token.js';
import type { RegistrationQueryRepository } from '../registrations/ports.js';
import { hashBody } from '../registrations/submit-registration.js';
import {
  type ActivityReport,
  PHOTO_EXTENSIONS,
  PHOTO_UPLOAD_URL_SECONDS,
  type PhotoUpload,
  pendingPhotoKey,
  photoObjectKey,
  photoUploadRequestSchema,
  REPORT_LIMITS,
  type ReportPhoto,
  reportInputSchema,
} from './activity-report.js';
import type { PhotoFiles, ReportKeyRecord, ReportRecords } from './ports.js';
import { stripMetadata } from './strip-metadata.js';

/** The ports of the report use cases. */
export interface ActivityReportDeps {
  readonly records: ReportRecords;
  readonly files: PhotoFiles;
  readonly clock: Clock;
  readonly newId: () => string;
}

/** Reports per page of a listing. */
export const REPORTS_PER_PAGE = 20;

const registrationNotFound = () =>
  new NotFoundError('Pendaftaran KIM tidak ditemukan.', 'No KIM registration with that id exists.');
const reportNotFound = () =>
  new NotFoundError('Laporan kegiatan tidak ditemukan.', 'No activity report with that id exists.');

/**
 * The id of the registration an edit token opens: 404 for an unknown id, 403 for a missing or
 * wrong token (as for the SK documents). The API calls this before the use cases below; a
 * workspace page passes the id its session already authorised.
 */
export const authoriseByEditToken = async (
  registrations: Pick<RegistrationQueryRepository, 'get'>,
  id: string,
  editToken: string | undefined,
): Promise<string> => {
  const registration = isUlid(id) ? await registrations.get(id, { consistent: true }) : undefined;
  if (!registration) throw registrationNotFound();
  assertEditToken(editToken, registration.editTokenHash);
  return registration.id;
};

const idempotencyKeyError = () =>
  new ValidationError([
    {
      field: 'Idempotency-Key',
      message: 'Header Idempotency-Key harus 1–255 karakter ASCII yang terlihat.',
      messageEn: 'The Idempotency-Key header must be 1–255 visible ASCII characters.',
    },
  ]);

const replayOrRefuse = async (
  deps: ActivityReportDeps,
  registrationId: string,
  record: ReportKeyRecord,
  bodyHash: string,
): Promise<{ created: false; report: ActivityReport }> => {
  if (record.bodyHash !== bodyHash) throw new IdempotencyKeyReuseError();
  const report = await deps.records.get(registrationId, record.reportId);
  if (!report) {
    throw new ConflictError(
      'Laporan dengan Idempotency-Key ini sudah dibuat lalu dihapus.',
      'The report made with this Idempotency-Key was made and has since been deleted.',
      { reportId: record.reportId },
    );
  }
  return { created: false, report };
};

/**
 * Keeps a new activity report of an authorised registration. With an Idempotency-Key, a retry of
 * the same body answers the report first made (created: false); the same key with another body is
 * refused. The count of the KIM's reports moves in the same transaction as the report.
 */
export const createReport = async (
  deps: ActivityReportDeps,
  request: {
    readonly registrationId: string;
    readonly body: unknown;
    readonly idempotencyKey?: string | undefined;
  },
): Promise<{ created: boolean; report: ActivityReport }> => {
  const { registrationId, idempotencyKey } = request;
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
    throw idempotencyKeyError();
  }
  const bodyHash = hashBody(request.body);
  const keyHash = idempotencyKey === undefined ? undefined : sha256Hex(idempotencyKey);
  if (keyHash !== undefined) {
    const record = await deps.records.getKeyRecord(registrationId, keyHash);
    if (record) return replayOrRefuse(deps, registrationId, record, bodyHash);
  }
  const now = deps.clock.now();
  const parsed = reportInputSchema(todayInIndonesia(now)).safeParse(request.body);
  if (!parsed.success) throw new ValidationError(describeIssues(parsed.error.issues));
  const report: ActivityReport = {
    ...parsed.data,
    registrationId,
    reportId: deps.newId(),
    createdAt: now.toISOString(),
    photos: [],
  };
  const key = keyHash === undefined ? undefined : { keyHash, bodyHash, reportId: report.reportId };
  const outcome = await deps.records.create(report, key);
  switch (outcome.kind) {
    case 'created':
      return { created: true, report };
    case 'key-taken':
      return replayOrRefuse(deps, registrationId, outcome.record, bodyHash);
    case 'limit-reached':
      throw new ConflictError(
        `KIM ini sudah menyimpan ${REPORT_LIMITS.reportsPerKim} laporan kegiatan, batas terbanyak. Hapus laporan lama terlebih dahulu.`,
        `This KIM already keeps ${REPORT_LIMITS.reportsPerKim} activity reports, the most allowed. Delete an old report first.`,
      );
  }
};

/** The reports of a registration, newest first, with their exact count. */
export const listReports = async (
  deps: Pick<ActivityReportDeps, 'records'>,
  request: { readonly registrationId: string; readonly cursor?: string | undefined; readonly limit?: number },
): Promise<{ items: ActivityReport[]; count: number; nextCursor?: string }> => {
  const [page, count] = await Promise.all([
    deps.records.list(request.registrationId, {
      limit: request.limit ?? REPORTS_PER_PAGE,
      cursor: request.cursor,
    }),
    deps.records.count(request.registrationId),
  ]);
  return { ...page, count };
};

/** One report of an authorised registration. */
export const getReport = async (
  deps: Pick<ActivityReportDeps, 'records'>,
  request: { readonly registrationId: string; readonly reportId: string },
): Promise<ActivityReport> => {
  const report = isUlid(request.reportId)
    ? await deps.records.get(request.registrationId, request.reportId)
    : undefined;
  if (!report) throw reportNotFound();
  return report;
};

/**
 * Deletes a report with its photos: the stored photos first, then the report and one off the
 * count, in one transaction that holds only if no photo was confirmed meanwhile (then again).
 */
export const deleteReport = async (
  deps: ActivityReportDeps,
  request: { readonly registrationId: string; readonly reportId: string },
): Promise<void> => {
  for (let attempt = 0; attempt < 3; attempt++) {
    const report = await getReport(deps, request);
    for (const photo of report.photos) {
      await deps.files.remove(photoObjectKey(report.registrationId, report.reportId, photo));
    }
    const outcome = await deps.records.remove(report);
    if (outcome === 'gone') throw reportNotFound();
    if (outcome === 'removed') return;
  }
  throw new ConflictError(
    'Laporan ini sedang diubah. Coba lagi.',
    'This report is being changed right now. Try again.',
  );
};

/** What the KIM sends a photo with: a URL signed for this one object, type and length. */
export interface PhotoUploadTicket {
  readonly photoId: string;
  readonly uploadUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

const reportFull = () =>
  new ConflictError(
    `Laporan ini sudah berisi ${REPORT_LIMITS.photos} foto, batas terbanyak.`,
    `This report already has ${REPORT_LIMITS.photos} photos, the most allowed.`,
  );

/**
 * Announces a photo of a report (type, exact size) and answers a presigned PUT under `pending/`.
 * A report that already has its five photos refuses at once; nothing counts until
 * {@link confirmPhotoUpload} has checked and stripped the bytes.
 */
export const requestPhotoUpload = async (
  deps: ActivityReportDeps,
  request: { readonly registrationId: string; readonly reportId: string; readonly body: unknown },
): Promise<PhotoUploadTicket> => {
  const report = await getReport(deps, request);
  const parsed = photoUploadRequestSchema.safeParse(request.body);
  if (!parsed.success) throw new ValidationError(describeIssues(parsed.error.issues));
  if (report.photos.length >= REPORT_LIMITS.photos) throw reportFull();
  const now = deps.clock.now();
  const upload: PhotoUpload = {
    registrationId: report.registrationId,
    reportId: report.reportId,
    photoId: deps.newId(),
    status: 'PENDING',
    ...parsed.data,
    createdAt: now.toISOString(),
  };
  await deps.records.putUpload(upload);
  const uploadUrl = await deps.files.uploadUrl(pendingPhotoKey(upload.registrationId, upload.photoId), {
    contentType: upload.contentType,
    contentLength: upload.size,
    expiresInSeconds: PHOTO_UPLOAD_URL_SECONDS,
  });
  return {
    photoId: upload.photoId,
    uploadUrl,
    headers: { 'content-type': upload.contentType },
    expiresAt: new Date(now.getTime() + PHOTO_UPLOAD_URL_SECONDS * 1000).toISOString(),
  };
};

type Refusal = NonNullable<PhotoUpload['refusal']>;

/** Why the uploaded bytes are not the photo announced; undefined when they are. */
const refusalOf = (
  upload: PhotoUpload,
  object: { size: number; bytes?: Uint8Array },
): Refusal | undefined => {
  if (object.size > REPORT_LIMITS.photoBytes || object.bytes === undefined) {
    return { message: 'Foto lebih besar dari 2 MB.', messageEn: 'The photo is larger than 2 MB.' };
  }
  if (object.size !== upload.size) {
    return {
      message: `Ukuran berkas (${object.size} bita) tidak sama dengan yang diumumkan (${upload.size} bita).`,
      messageEn: `The file's size (${object.size} bytes) is not the size announced (${upload.size} bytes).`,
    };
  }
  const actual = sniffType(object.bytes);
  if (actual !== 'image/jpeg' && actual !== 'image/png') {
    return {
      message: 'Isi berkas bukan foto JPEG atau PNG.',
      messageEn: 'The file is not a JPEG or PNG photo by its content.',
    };
  }
  if (actual !== upload.contentType) {
    const [is, announced] = [PHOTO_EXTENSIONS[actual], PHOTO_EXTENSIONS[upload.contentType]];
    return {
      message: `Isi berkas adalah ${is.toUpperCase()}, bukan ${announced.toUpperCase()} seperti yang diumumkan.`,
      messageEn: `The file is a ${is.toUpperCase()} by its content, not the ${announced.toUpperCase()} announced.`,
    };
  }
  return undefined;
};

const refusedError = (refusal: Refusal, photoId: string) =>
  new UnprocessableContentError(refusal.message, refusal.messageEn, { photoId });

/** Refuses an upload: its object goes, its record says why, and the answer is a 422. */
const refuse = async (deps: ActivityReportDeps, upload: PhotoUpload, refusal: Refusal): Promise<never> => {
  await deps.files.remove(pendingPhotoKey(upload.registrationId, upload.photoId));
  await deps.records.refuse(upload, refusal);
  throw refusedError(refusal, upload.photoId);
};

/**
 * Checks an uploaded photo by its bytes, strips its metadata (EXIF, GPS, XMP, comments, text
 * chunks) and keeps the stripped bytes under the report: 201 with the report. A file that is not
 * the JPEG or PNG announced, or is malformed, or would be a sixth photo, is removed and refused
 * with a 422 (now and on every later confirmation). Confirming again answers the report (200).
 */
export const confirmPhotoUpload = async (
  deps: ActivityReportDeps,
  request: { readonly registrationId: string; readonly reportId: string; readonly photoId: string },
): Promise<{ created: boolean; report: ActivityReport }> => {
  const upload = isUlid(request.photoId)
    ? await deps.records.getUpload(request.registrationId, request.photoId)
    : undefined;
  if (!upload || upload.reportId !== request.reportId) {
    throw new NotFoundError(
      'Unggahan foto tidak ditemukan.',
      'No photo upload with that id exists for this report.',
    );
  }
  if (upload.status === 'REFUSED' && upload.refusal) throw refusedError(upload.refusal, upload.photoId);
  if (upload.status === 'ACCEPTED') return { created: false, report: await getReport(deps, request) };

  const pendingKey = pendingPhotoKey(upload.registrationId, upload.photoId);
  const object = await deps.files.read(pendingKey, REPORT_LIMITS.photoBytes);
  if (!object) {
    throw new ConflictError(
      'Foto belum diunggah ke alamat unggahan.',
      'The photo has not been uploaded to the upload URL yet.',
      { photoId: upload.photoId },
    );
  }
  const refusal = refusalOf(upload, object);
  if (refusal || object.bytes === undefined) {
    return refuse(
      deps,
      upload,
      refusal ?? { message: 'Berkas tidak dapat dibaca.', messageEn: 'The file cannot be read.' },
    );
  }
  const stripped = stripMetadata(upload.contentType, object.bytes);
  if (!stripped.ok) return refuse(deps, upload, stripped.defect);

  const photo: ReportPhoto = {
    photoId: upload.photoId,
    contentType: upload.contentType,
    size: stripped.bytes.length,
    sha256: createHash('sha256').update(stripped.bytes).digest('hex'),
  };
  const storedKey = photoObjectKey(upload.registrationId, upload.reportId, photo);
  // Written before it is recorded: a crash in between leaves an object the retried confirmation
  // writes again, never a photo without its object.
  await deps.files.write(storedKey, stripped.bytes, photo.contentType);
  const outcome = await deps.records.addPhoto(upload, photo, REPORT_LIMITS.photos);
  switch (outcome) {
    case 'added':
      await deps.files.remove(pendingKey);
      return { created: true, report: await getReport(deps, request) };
    case 'already-added':
    case 'upload-not-pending': {
      // A concurrent confirmation decided first: answer what it decided.
      const now = await deps.records.getUpload(upload.registrationId, upload.photoId);
      if (now?.status === 'REFUSED' && now.refusal) throw refusedError(now.refusal, now.photoId);
      return { created: false, report: await getReport(deps, request) };
    }
    case 'report-full':
      await deps.files.remove(storedKey);
      return refuse(deps, upload, {
        message: `Laporan ini sudah berisi ${REPORT_LIMITS.photos} foto, batas terbanyak; foto ini tidak disimpan.`,
        messageEn: `This report already has ${REPORT_LIMITS.photos} photos, the most allowed; this photo was not kept.`,
      });
    case 'report-gone':
      await deps.files.remove(storedKey);
      await deps.files.remove(pendingKey);
      throw reportNotFound();
  }
};

/** A stored photo of a report, for the public page: its bytes and type, or undefined. */
export const readReportPhoto = async (
  deps: Pick<ActivityReportDeps, 'records' | 'files'>,
  request: { readonly registrationId: string; readonly reportId: string; readonly photoId: string },
): Promise<{ contentType: ReportPhoto['contentType']; bytes: Uint8Array } | undefined> => {
  if (!isUlid(request.reportId) || !isUlid(request.photoId)) return undefined;
  const report = await deps.records.get(request.registrationId, request.reportId);
  const photo = report?.photos.find((candidate) => candidate.photoId === request.photoId);
  if (!report || !photo) return undefined;
  const object = await deps.files.read(
    photoObjectKey(report.registrationId, report.reportId, photo),
    REPORT_LIMITS.photoBytes,
  );
  return object?.bytes ? { contentType: photo.contentType, bytes: object.bytes } : undefined;
};
