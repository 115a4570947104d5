import type { CurrentTerm, TermPlacement } from './current-term.js';
import type { SkDocument, SkUpload } from './sk-document.js';

/** The object store of the documents (S3 on AWS, the S3 of fauxqs locally). */
export interface DocumentFiles {
  /** A URL that lets its holder PUT exactly one object of this type and length, for a while. */
  uploadUrl(
    key: string,
    options: {
      readonly contentType: string;
      readonly contentLength: number;
      readonly expiresInSeconds: number;
    },
  ): Promise<string>;
  /**
   * The object's size and, when it is at most `maxBytes`, its bytes; undefined when there is no
   * such object. A larger object is answered by its size alone.
   */
  read(key: string, maxBytes: number): Promise<{ size: number; bytes?: Uint8Array } | undefined>;
  copy(fromKey: string, toKey: string): Promise<void>;
  remove(key: string): Promise<void>;
  /** A URL that lets its holder GET the object for a while, named `fileName` when saved. */
  downloadUrl(
    key: string,
    options: { readonly fileName: string; readonly contentType: string; readonly expiresInSeconds: number },
  ): Promise<string>;
}

/** The records of uploads and of the SK versions they became. */
export interface DocumentRecords {
  putUpload(upload: SkUpload): Promise<void>;
  getUpload(registrationId: string, uploadId: string): Promise<SkUpload | undefined>;
  /**
   * Marks a PENDING upload ACCEPTED and keeps `document` as a version, in one transaction. Answers
   * false when the upload was no longer PENDING (a concurrent confirmation won): nothing is written.
   * In the same transaction the registration's current term becomes the document's, unless a newer
   * version (a later versionId) is already current.
   */
  accept(upload: SkUpload, document: SkDocument, placement: TermPlacement): Promise<boolean>;
  /** Marks a PENDING upload REFUSED with its reason; false when it was no longer PENDING. */
  refuse(upload: SkUpload, refusal: NonNullable<SkUpload['refusal']>): Promise<boolean>;
  getVersion(registrationId: string, versionId: string): Promise<SkDocument | undefined>;
  /** Every SK version of a registration, newest first. */
  listVersions(registrationId: string): Promise<SkDocument[]>;
}

/** The current terms of the registrations (see {@link CurrentTerm}), by registration and by end date. */
export interface TermIndex {
  get(registrationId: string): Promise<CurrentTerm | undefined>;
  /**
   * The current terms of a regency whose last day lies in [`from`, `before`) (an open side when
   * undefined), earliest end first. Eventually consistent: a term replaced a moment ago may still
   * answer its old end, so a reader that acts on one checks it with {@link get}.
   */
  listByEnd(
    regencyCode: string,
    range: { readonly from?: string; readonly before?: string },
  ): Promise<CurrentTerm[]>;
}
