import { createHash } from 'node:crypto';
import { mayAccess, type Principal } from '../auth/principal.js';
import type { Clock } from '../platform/clock.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnprocessableContentError,
  ValidationError,
} from '../platform/errors.js';
import { isUlid } from '../platform/ids.js';
import { describeIssues } from '../platform/validation/messages.js';
import { assertEditToken } from '../registrations/edit-token.js';
import type { RegistrationQueryRepository } from '../registrations/ports.js';
import type { Registration } from '../registrations/registration.js';
import { checkPdfStructure, sniffType } from './file-check.js';
import type { DocumentFiles, DocumentRecords } from './ports.js';
import {
  DOWNLOAD_URL_SECONDS,
  documentObjectKey,
  EXTENSIONS,
  MAX_SK_DOCUMENT_BYTES,
  pendingObjectKey,
  type SkDocument,
  type SkUpload,
  skUploadRequestSchema,
  UPLOAD_URL_SECONDS,
} from './sk-document.js';

export interface SkDocumentDeps {
  readonly registrations: Pick<RegistrationQueryRepository, 'get'>;
  readonly records: DocumentRecords;
  readonly files: DocumentFiles;
  readonly clock: Clock;
  readonly newId: () => string;
}

const registrationNotFound = () =>
  new NotFoundError('Pendaftaran KIM tidak ditemukan.', 'No KIM registration with that id exists.');

/**
 * What proves that a caller may manage a registration's documents: its edit token (the API's
 * X-Edit-Token), or a workspace session that was opened for that registration (the workspace's
 * sealed cookie, checked by its pages before they call in here).
 */
export type OwnerProof =
  | { readonly editToken: string | undefined }
  | { readonly workspaceSession: { readonly registrationId: string } };

/**
 * The registration the proof opens: 404 for an unknown id, 403 for a missing or wrong token or a
 * session of another registration (as for PUT /registrations/{id}: a capability, not a login).
 */
const ownRegistration = async (
  deps: SkDocumentDeps,
  id: string,
  proof: OwnerProof,
): Promise<Registration> => {
  const registration = isUlid(id) ? await deps.registrations.get(id, { consistent: true }) : undefined;
  if (!registration) throw registrationNotFound();
  if ('workspaceSession' in proof) {
    if (proof.workspaceSession.registrationId !== registration.id) {
      throw new ForbiddenError(
        'Sesi ruang kelola ini dibuka untuk KIM lain.',
        'This workspace session was opened for another KIM.',
      );
    }
    return registration;
  }
  assertEditToken(proof.editToken, registration.editTokenHash);
  return registration;
};

/** What the KIM sends its file with: a URL signed for this one object, type and length. */
export interface SkUploadTicket {
  readonly uploadId: string;
  readonly uploadUrl: string;
  /** The headers the PUT must carry (they are part of the signature). */
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

/**
 * Announces an SK document (type, exact size, the term and the SK it belongs to) and answers a
 * presigned PUT for one object. Nothing counts until {@link confirmSkUpload} has checked the bytes.
 */
export const requestSkUpload = async (
  deps: SkDocumentDeps,
  request: { readonly registrationId: string; readonly body: unknown } & OwnerProof,
): Promise<SkUploadTicket> => {
  const registration = await ownRegistration(deps, request.registrationId, request);
  const parsed = skUploadRequestSchema.safeParse(request.body);
  if (!parsed.success) throw new ValidationError(describeIssues(parsed.error.issues));
  const now = deps.clock.now();
  const upload: SkUpload = {
    registrationId: registration.id,
    uploadId: deps.newId(),
    status: 'PENDING',
    ...parsed.data,
    createdAt: now.toISOString(),
  };
  await deps.records.putUpload(upload);
  const uploadUrl = await deps.files.uploadUrl(pendingObjectKey(upload.registrationId, upload.uploadId), {
    contentType: upload.contentType,
    contentLength: upload.size,
    expiresInSeconds: UPLOAD_URL_SECONDS,
  });
  return {
    uploadId: upload.uploadId,
    uploadUrl,
    headers: { 'content-type': upload.contentType },
    expiresAt: new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(),
  };
};

/** Why these bytes are not what was announced; undefined when they are. */
const refusalOf = (
  upload: SkUpload,
  object: { size: number; bytes?: Uint8Array },
): NonNullable<SkUpload['refusal']> | undefined => {
  if (object.size > MAX_SK_DOCUMENT_BYTES || object.bytes === undefined) {
    return {
      message: 'Berkas SK lebih besar dari 5 MB.',
      messageEn: 'The SK file is larger than 5 MB.',
    };
  }
  if (object.size !== upload.size) {
    return {
      message: `Ukuran berkas (${object.size} bita) tidak sama dengan yang diumumkan (${upload.size} bita).`,
      messageEn: `The file's size (${object.size} bytes) is not the size announced (${upload.size} bytes).`,
    };
  }
  const actual = sniffType(object.bytes);
  if (actual === undefined) {
    return {
      message: 'Isi berkas bukan PDF, JPEG, atau PNG.',
      messageEn: 'The file is not a PDF, JPEG or PNG by its content.',
    };
  }
  if (actual !== upload.contentType) {
    return {
      message: `Isi berkas adalah ${EXTENSIONS[actual].toUpperCase()}, bukan ${EXTENSIONS[upload.contentType].toUpperCase()} seperti yang diumumkan.`,
      messageEn: `The file is a ${EXTENSIONS[actual].toUpperCase()} by its content, not the ${EXTENSIONS[upload.contentType].toUpperCase()} announced.`,
    };
  }
  return actual === 'application/pdf' ? checkPdfStructure(object.bytes) : undefined;
};

const refusedError = (refusal: NonNullable<SkUpload['refusal']>, uploadId: string) =>
  new UnprocessableContentError(refusal.message, refusal.messageEn, { uploadId });

const pendingUpload = async (deps: SkDocumentDeps, registrationId: string, uploadId: string) => {
  const upload = isUlid(uploadId) ? await deps.records.getUpload(registrationId, uploadId) : undefined;
  if (!upload) {
    throw new NotFoundError(
      'Unggahan tidak ditemukan.',
      'No upload with that id exists for this registration.',
    );
  }
  return upload;
};

/**
 * Checks the uploaded bytes and, when they are what was announced, keeps them as a new SK
 * version (201); otherwise removes the object and answers 422 with the reason, now and on every
 * later confirmation. Confirming an accepted upload again answers the same version (200).
 */
export const confirmSkUpload = async (
  deps: SkDocumentDeps,
  request: { readonly registrationId: string; readonly uploadId: string } & OwnerProof,
): Promise<{ created: boolean; document: SkDocument }> => {
  const registration = await ownRegistration(deps, request.registrationId, request);
  const upload = await pendingUpload(deps, registration.id, request.uploadId);
  if (upload.status === 'REFUSED' && upload.refusal) throw refusedError(upload.refusal, upload.uploadId);
  if (upload.status === 'ACCEPTED') return { created: false, document: await acceptedVersion(deps, upload) };

  const pendingKey = pendingObjectKey(upload.registrationId, upload.uploadId);
  const object = await deps.files.read(pendingKey, MAX_SK_DOCUMENT_BYTES);
  if (!object) {
    throw new ConflictError(
      'Berkas belum diunggah ke alamat unggahan.',
      'The file has not been uploaded to the upload URL yet.',
      { uploadId: upload.uploadId },
    );
  }
  const refusal = refusalOf(upload, object);
  if (refusal || object.bytes === undefined) {
    const reason = refusal ?? {
      message: 'Berkas tidak dapat dibaca.',
      messageEn: 'The file cannot be read.',
    };
    await deps.files.remove(pendingKey);
    await deps.records.refuse(upload, reason);
    throw refusedError(reason, upload.uploadId);
  }
  const document: SkDocument = {
    registrationId: upload.registrationId,
    versionId: upload.uploadId,
    contentType: upload.contentType,
    size: object.size,
    sha256: createHash('sha256').update(object.bytes).digest('hex'),
    term: upload.term,
    sk: upload.sk,
    uploadedAt: deps.clock.now().toISOString(),
  };
  // Copied before it is recorded: a crash in between leaves a copy that the retried confirmation
  // writes again, never a version without its object.
  await deps.files.copy(pendingKey, documentObjectKey(document));
  const created = await deps.records.accept(upload, document, {
    villageCode: registration.villageCode,
    districtCode: registration.districtCode,
    regencyCode: registration.regencyCode,
  });
  await deps.files.remove(pendingKey);
  return created
    ? { created: true, document }
    : { created: false, document: await acceptedVersion(deps, upload) };
};

const acceptedVersion = async (deps: SkDocumentDeps, upload: SkUpload): Promise<SkDocument> => {
  const document = await deps.records.getVersion(upload.registrationId, upload.uploadId);
  if (!document) throw new Error(`Upload ${upload.uploadId} is ACCEPTED but has no version`);
  return document;
};

/** Every SK version of the KIM's own registration, newest first. */
export const listOwnSkDocuments = async (
  deps: SkDocumentDeps,
  request: { readonly registrationId: string } & OwnerProof,
): Promise<SkDocument[]> => {
  const registration = await ownRegistration(deps, request.registrationId, request);
  return deps.records.listVersions(registration.id);
};

/** The registration an officer may see (404, or 403 outside their region). */
const reviewable = async (deps: SkDocumentDeps, principal: Principal, id: string): Promise<Registration> => {
  const registration = isUlid(id) ? await deps.registrations.get(id) : undefined;
  if (!registration) throw registrationNotFound();
  if (!mayAccess(principal, registration.villageCode)) {
    throw new ForbiddenError(
      `Pendaftaran ini berada di luar wilayah Anda (${principal.regionCode}).`,
      `This registration lies outside your region (${principal.regionCode}).`,
    );
  }
  return registration;
};

/** The SK versions of a registration in the officer's region, newest first. */
export const listSkDocumentsForReview = async (
  deps: SkDocumentDeps,
  principal: Principal,
  registrationId: string,
): Promise<SkDocument[]> => deps.records.listVersions((await reviewable(deps, principal, registrationId)).id);

/** A short-lived link to one SK version, for an officer of the registration's region. */
export const skDocumentLinkForReview = async (
  deps: SkDocumentDeps,
  principal: Principal,
  request: { readonly registrationId: string; readonly versionId: string },
): Promise<{ url: string; expiresAt: string; document: SkDocument }> => {
  const registration = await reviewable(deps, principal, request.registrationId);
  const document = isUlid(request.versionId)
    ? await deps.records.getVersion(registration.id, request.versionId)
    : undefined;
  if (!document) {
    throw new NotFoundError('Versi SK tidak ditemukan.', 'No SK version with that id exists.');
  }
  const url = await deps.files.downloadUrl(documentObjectKey(document), {
    fileName: `sk-${registration.id}-${document.versionId}.${EXTENSIONS[document.contentType]}`,
    contentType: document.contentType,
    expiresInSeconds: DOWNLOAD_URL_SECONDS,
  });
  return {
    url,
    expiresAt: new Date(deps.clock.now().getTime() + DOWNLOAD_URL_SECONDS * 1000).toISOString(),
    document,
  };
};
