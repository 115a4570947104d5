import { isUlid } from '../platform/ids.js';
import type { PhotoFiles, ReportReader } from './ports.js';
import { type ActivityReport, photoObjectKey, REPORT_LIMITS, type ReportPhoto } from './report.js';

/**
 * The reads of activity reports that pages make (the public profile, the console): apart from the
 * write path, so those functions bundle neither the API's schemas nor the photo stripper.
 */

/** What the reads need: the report records and the stored photos. */
export interface ReportReadDeps {
  readonly records: ReportReader;
  readonly files: Pick<PhotoFiles, 'read'>;
}

/** Reports per page of a listing. */
export const REPORTS_PER_PAGE = 20;

/** The reports of a registration, newest first, with their exact count. */
export const listReports = async (
  deps: Pick<ReportReadDeps, 'records'>,
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

/** A stored photo of a report, for the public page: its bytes and type, or undefined. */
export const readReportPhoto = async (
  deps: ReportReadDeps,
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
