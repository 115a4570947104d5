import { createHash } from 'node:crypto';
import { sniffType } from '../documents/file-check.js';
import {
  ConflictError,
  NotFoundError,
  UnprocessableContentError,
  ValidationError,
} from '../platform/errors.js';
import { isUlid } from '../platform/ids.js';
import { describeIssues } from '../platform/validation/messages.js';
import {
  type ActivityReport,
  PHOTO_EXTENSIONS,
  PHOTO_UPLOAD_URL_SECONDS,
  type PhotoUpload,
  pendingPhotoKey,
  photoObjectKey,
  REPORT_LIMITS,
  type ReportPhoto,
} from './report.js';
import { type ActivityReportDeps, getReport, reportNotFound } from './reports.js';
import { photoUploadRequestSchema } from './schemas.js';
import { stripMetadata } from './strip-metadata.js';

/**
 * The photos of activity reports: announced, uploaded by presigned PUT, then checked by their
 * bytes and stripped of their metadata before they are kept (the report use cases are in
 * reports.ts).
 */

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
