/**
 * What an activity report (laporan kegiatan) is: its kinds, bounds, records and object keys. No
 * zod here: the pages that show reports read this without the API's schemas.
 */

/** Kinds of activity a KIM reports (stable codes; labels in Indonesian and English). */
export const REPORT_TYPES = [
  'PENYEBARAN_INFORMASI',
  'PELATIHAN_LITERASI',
  'PRODUKSI_KONTEN',
  'KEMITRAAN_PPID',
  'MUSYAWARAH_RAPAT',
  'LAINNYA',
] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export const REPORT_TYPE_LABELS: Readonly<Record<ReportType, { readonly id: string; readonly en: string }>> =
  {
    PENYEBARAN_INFORMASI: { id: 'Penyebaran informasi', en: 'Spreading information' },
    PELATIHAN_LITERASI: { id: 'Pelatihan/literasi', en: 'Training/literacy' },
    PRODUKSI_KONTEN: { id: 'Produksi konten', en: 'Content production' },
    KEMITRAAN_PPID: { id: 'Kemitraan dengan PPID', en: 'Partnership with the PPID' },
    MUSYAWARAH_RAPAT: { id: 'Musyawarah/rapat', en: 'Deliberation/meeting' },
    LAINNYA: { id: 'Lainnya', en: 'Other' },
  };

/** Bounds of a report. */
export const REPORT_LIMITS = {
  titleLength: 150,
  descriptionLength: 4000,
  participants: 10_000,
  links: 10,
  /** Photos per report. */
  photos: 5,
  /** Bytes per photo. */
  photoBytes: 2 * 1024 * 1024,
  /** Reports one KIM may keep: twenty years of weekly reports, and a bound on what a token can write. */
  reportsPerKim: 1000,
  /**
   * The earliest activity date: the year of the public information law (UU 14/2008) that KIM
   * serve; an earlier date is a typing error.
   */
  earliestDate: '2008-01-01',
} as const;

/** How long a presigned photo upload URL stays valid, and an unconfirmed upload is remembered. */
export const PHOTO_UPLOAD_URL_SECONDS = 10 * 60;

export const PHOTO_TYPES = ['image/jpeg', 'image/png'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];
export const PHOTO_EXTENSIONS: Readonly<Record<PhotoType, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

/** What a KIM reports of one activity (as validated by `reportInputSchema`). */
export interface ReportInput {
  readonly date: string;
  readonly type: ReportType;
  readonly title: string;
  readonly description: string;
  readonly participants: number;
  readonly links: readonly string[];
}

/** A confirmed photo of a report: metadata stripped, kept under the report's prefix. */
export interface ReportPhoto {
  readonly photoId: string;
  readonly contentType: PhotoType;
  /** Bytes kept (after stripping). */
  readonly size: number;
  readonly sha256: string;
}

/** An activity report of a KIM. */
export interface ActivityReport extends ReportInput {
  readonly registrationId: string;
  /** A ULID: reports sort by when they were made. */
  readonly reportId: string;
  readonly createdAt: string;
  /** Confirmed photos, in the order they were confirmed (at most {@link REPORT_LIMITS.photos}). */
  readonly photos: readonly ReportPhoto[];
}

/** A photo announced but not yet checked (PENDING), or its outcome. */
export interface PhotoUpload {
  readonly registrationId: string;
  readonly reportId: string;
  readonly photoId: string;
  readonly status: 'PENDING' | 'ACCEPTED' | 'REFUSED';
  readonly contentType: PhotoType;
  readonly size: number;
  readonly createdAt: string;
  readonly refusal?: { readonly message: string; readonly messageEn: string };
}

/** Where a pending photo waits (the bucket's lifecycle rule expires it if never confirmed). */
export const pendingPhotoKey = (registrationId: string, photoId: string): string =>
  `pending/${registrationId}/${photoId}`;

/** Where a confirmed, stripped photo is kept. */
export const photoObjectKey = (
  registrationId: string,
  reportId: string,
  photo: Pick<ReportPhoto, 'photoId' | 'contentType'>,
) => `reports/${registrationId}/${reportId}/${photo.photoId}.${PHOTO_EXTENSIONS[photo.contentType]}`;
