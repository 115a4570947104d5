import type { Clock } from '../platform/clock.js';
import { todayInIndonesia } from '../platform/clock.js';
import {
  ConflictError,
  IDEMPOTENCY_KEY_PATTERN,
  IdempotencyKeyReuseError,
  NotFoundError,
  ValidationError,
} from '../platform/errors.js';
import { isUlid } from '../platform/ids.js';
import { describeIssues } from '../platform/validation/messages.js';
import { assertEditToken, sha256Hex } from '../registrations/edit-token.js';
import type { RegistrationQueryRepository } from '../registrations/ports.js';
import { hashBody } from '../registrations/submit-registration.js';
import type { PhotoFiles, ReportKeyRecord, ReportRecords } from './ports.js';
import { type ActivityReport, photoObjectKey, REPORT_LIMITS } from './report.js';
import { reportInputSchema } from './schemas.js';

export { listReports, readReportPhoto } from './read-reports.js';

/** The ports of the report use cases. */
export interface ActivityReportDeps {
  readonly records: ReportRecords;
  readonly files: PhotoFiles;
  readonly clock: Clock;
  readonly newId: () => string;
}

const registrationNotFound = () =>
  new NotFoundError('Pendaftaran KIM tidak ditemukan.', 'No KIM registration with that id exists.');
export const reportNotFound = () =>
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
