import type { ActivityReport, PhotoUpload, ReportPhoto } from './report.js';

/** The idempotency record of a report's creation: the hashes only, never the raw key. */
export interface ReportKeyRecord {
  readonly keyHash: string;
  readonly bodyHash: string;
  readonly reportId: string;
}

export type CreateReportOutcome =
  | { readonly kind: 'created' }
  /** The KIM keeps {@link REPORT_LIMITS.reportsPerKim} reports already: nothing was written. */
  | { readonly kind: 'limit-reached' }
  /** The Idempotency-Key was used before (this record): nothing was written. */
  | { readonly kind: 'key-taken'; readonly record: ReportKeyRecord };

export type AddPhotoOutcome =
  | 'added'
  | 'already-added'
  | 'report-gone'
  | 'report-full'
  | 'upload-not-pending';

/** The reads of activity reports: one, a page of them, and their exact count. */
export interface ReportReader {
  get(registrationId: string, reportId: string): Promise<ActivityReport | undefined>;
  /** Reports of a registration, newest first, a page at a time (the cursor is opaque). */
  list(
    registrationId: string,
    page: { readonly limit: number; readonly cursor?: string | undefined },
  ): Promise<{ items: ActivityReport[]; nextCursor?: string }>;
  /** How many reports the registration keeps (exact). */
  count(registrationId: string): Promise<number>;
}

/** The records of activity reports, their exact count and their photo uploads. */
export interface ReportRecords extends ReportReader {
  /**
   * Keeps a new report, adds one to the KIM's count and, with a key, records the key, all in one
   * transaction: however often a request is retried, one report and one count result.
   */
  create(report: ActivityReport, key: ReportKeyRecord | undefined): Promise<CreateReportOutcome>;
  getKeyRecord(registrationId: string, keyHash: string): Promise<ReportKeyRecord | undefined>;
  /**
   * Removes a report and subtracts one from the count, in one transaction, provided the report
   * still has `photoCount` photos (a photo confirmed meanwhile makes it answer 'changed').
   */
  remove(report: ActivityReport): Promise<'removed' | 'gone' | 'changed'>;
  putUpload(upload: PhotoUpload): Promise<void>;
  getUpload(registrationId: string, photoId: string): Promise<PhotoUpload | undefined>;
  /**
   * Marks a PENDING upload ACCEPTED and appends `photo` to its report, in one transaction, as long
   * as the report exists and holds fewer than the most photos a report may have.
   */
  addPhoto(upload: PhotoUpload, photo: ReportPhoto, maxPhotos: number): Promise<AddPhotoOutcome>;
  /** Marks a PENDING upload REFUSED with its reason; false when it was no longer PENDING. */
  refuse(upload: PhotoUpload, refusal: NonNullable<PhotoUpload['refusal']>): Promise<boolean>;
}

/** The object store of the photos (S3 on AWS, the S3 of fauxqs locally). */
export interface PhotoFiles {
  /** A URL that lets its holder PUT exactly one object of this type and length, for a while. */
  uploadUrl(
    key: string,
    options: {
      readonly contentType: string;
      readonly contentLength: number;
      readonly expiresInSeconds: number;
    },
  ): Promise<string>;
  /** The object's size and, when it is at most `maxBytes`, its bytes; undefined when there is none. */
  read(key: string, maxBytes: number): Promise<{ size: number; bytes?: Uint8Array } | undefined>;
  write(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  remove(key: string): Promise<void>;
}
