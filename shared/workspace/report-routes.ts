import { confirmPhotoUpload, requestPhotoUpload } from '../activity-reports/photo-uploads.js';
import { REPORT_LIMITS } from '../activity-reports/report.js';
import {
  type ActivityReportDeps,
  createReport,
  deleteReport,
  getReport,
  listReports,
} from '../activity-reports/reports.js';
import { photoUploadRequestSchema, reportInputSchema } from '../activity-reports/schemas.js';
import { todayInIndonesia } from '../platform/clock.js';
import {
  DomainError,
  type FieldError,
  ForbiddenError,
  IdempotencyKeyReuseError,
  ValidationError,
} from '../platform/errors.js';
import { errorStatuses } from '../platform/http/error-handler.js';
import { readJsonBody } from '../platform/http/json-body.js';
import { json } from '../platform/http/responses.js';
import { logger } from '../platform/logger.js';
import { describeIssues } from '../platform/validation/messages.js';
import { CsrfRejectedError, isSameOriginPost } from '../platform/web/csrf.js';
import type { FormObject } from '../platform/web/form-data.js';
import { mapFieldErrors } from '../platform/web/form-errors.js';
import type { PageContext } from '../platform/web/page-context.js';
import { redirectResponse } from '../platform/web/response.js';
import type { FormState } from './pages.js';
import { fill, reportMessages } from './report-messages.js';
import {
  DeleteReportPage,
  REPORT_FORM_FIELDS,
  ReportFormPage,
  ReportListPage,
  ReportPage,
  reportFieldLabel,
  reportPaths,
} from './report-pages.js';
import { isGenuineWorkspacePost, readWorkspaceSession } from './session.js';
import {
  type Handler,
  readWorkspacePost,
  requireWorkspaceSession,
  type WorkspacePageDeps,
  type WorkspaceRequest,
  workspaceHtml,
} from './workspace-pages.js';

/** What the report pages need: the workspace's session and the activity report use cases. */
export interface WorkspaceReportDeps
  extends Pick<WorkspacePageDeps, 'formSecret' | 'clock' | 'registrationReader' | 'uploadOrigin'> {
  readonly reports: ActivityReportDeps;
}

const stringField = (form: FormObject, name: string): string => {
  const value = form[name];
  return typeof value === 'string' ? value : '';
};

const statusOf = (error: DomainError): number =>
  errorStatuses.find(([kind]) => error instanceof kind)?.[1] ?? 400;

/** A report id from the path; the use cases answer 404 for anything that is not one of this KIM's. */
const reportIdOf = (request: WorkspaceRequest): string => request.event.pathParameters?.reportId ?? '';

// ---------------------------------------------------------------------------------------------
// The list

const listPage = (deps: WorkspaceReportDeps) => async (request: WorkspaceRequest) => {
  const cursor = request.page.query.cursor;
  const paged = cursor !== undefined && cursor !== '';
  const result = await listReports(deps.reports, {
    registrationId: request.registration.id,
    cursor: paged ? cursor : undefined,
  });
  return workspaceHtml(
    request.event,
    ReportListPage({
      page: request.page,
      signedIn: request.signedIn,
      reports: result,
      nextCursor: result.nextCursor,
      paged,
      deleted: request.page.query.dihapus === '1',
    }),
  );
};

// ---------------------------------------------------------------------------------------------
// A new report

/** The form's values as the page shows them again. */
const formValues = (form: FormObject): Record<string, string> =>
  Object.fromEntries(REPORT_FORM_FIELDS.map((name) => [name, stringField(form, name)]));

/**
 * The body the API would be sent, from the form: the number of participants as a number when it
 * is one (else as typed, for the schema to refuse), the links one a line (blank lines are not
 * links). Nothing else is changed: the schema judges the rest exactly as the API's.
 */
const reportBody = (values: Record<string, string>) => {
  const participants = values.participants?.trim() ?? '';
  return {
    date: values.date ?? '',
    type: values.type ?? '',
    title: values.title ?? '',
    description: values.description ?? '',
    participants: /^\d{1,9}$/.test(participants) ? Number(participants) : participants,
    links: (values.links ?? '')
      .split(/\r\n|\r|\n/)
      .map((line) => line.trim())
      .filter((line) => line !== ''),
  };
};

/** Errors on `links[3]` name the line: the form has one textarea for all links. */
const placeErrors = (errors: readonly FieldError[]): FieldError[] =>
  errors.map((error) => {
    const line = /^links\[(\d+)\]/.exec(error.field);
    if (!line) return error;
    const n = Number(line[1]) + 1;
    return {
      field: 'links',
      message: `${fill(reportMessages.form.linkNumber.id, { n })} ${error.message}`,
      messageEn: `${fill(reportMessages.form.linkNumber.en, { n })} ${error.messageEn}`,
    };
  });

const formState = (
  values: Record<string, string>,
  errors: readonly FieldError[],
  lang: PageContext['lang'],
): FormState => {
  const mapped = mapFieldErrors(placeErrors(errors), {
    anchors: REPORT_FORM_FIELDS,
    lang,
    label: (field) => reportFieldLabel(field, lang),
  });
  return { values, errors: mapped.byField, summary: mapped.summary };
};

const formPage = (request: WorkspaceRequest, form: FormState, idempotencyKey: string, status = 200) =>
  workspaceHtml(
    request.event,
    ReportFormPage({ page: request.page, signedIn: request.signedIn, form, idempotencyKey }),
    { status },
  );

/**
 * POST `/kelola/laporan/baru`: keeps the report through the same use case as the API, with the
 * form's idempotency key, so a double submit answers the report first made. A refusal shows the
 * form again with each error beside its field (and the same key: nothing was kept under it).
 */
const submitReport = (deps: WorkspaceReportDeps) => async (request: WorkspaceRequest) => {
  const form = readWorkspacePost(deps, request);
  const { lang } = request.page;
  const values = formValues(form);
  const idempotencyKey = stringField(form, 'idempotencyKey');
  const body = reportBody(values);
  const missing: FieldError[] =
    body.participants === ''
      ? [
          {
            field: 'participants',
            message: reportMessages.form.participantsMissing.id,
            messageEn: reportMessages.form.participantsMissing.en,
          },
        ]
      : [];
  try {
    if (missing.length > 0) {
      // Judged by the API's schema all the same, so every other field's error shows at once.
      const others = reportInputSchema(todayInIndonesia(deps.reports.clock.now())).safeParse({
        ...body,
        participants: 0,
      });
      throw new ValidationError([...missing, ...(others.success ? [] : describeIssues(others.error.issues))]);
    }
    const { created, report } = await createReport(deps.reports, {
      registrationId: request.registration.id,
      body,
      idempotencyKey,
    });
    logger.info(created ? 'Activity report kept' : 'Activity report submitted again', {
      reportId: report.reportId,
      from: 'workspace',
    });
    return redirectResponse(request.event, `${reportPaths.report(report.reportId)}?baru=1`, { status: 303 });
  } catch (error) {
    if (error instanceof ValidationError) {
      return formPage(request, formState(values, error.errors, lang), idempotencyKey, 400);
    }
    if (error instanceof IdempotencyKeyReuseError) {
      // The same form sent before with other content (edited after going back): a fresh key,
      // and the KIM decides.
      const message = { field: '(form)', ...pairOf(reportMessages.form.keyReused) };
      return formPage(request, formState(values, [message], lang), deps.reports.newId(), 422);
    }
    if (!(error instanceof DomainError) || error instanceof ForbiddenError) throw error;
    return formPage(
      request,
      formState(values, [{ field: '(form)', message: error.message, messageEn: error.messageEn }], lang),
      deps.reports.newId(),
      statusOf(error),
    );
  }
};

const pairOf = (entry: { readonly id: string; readonly en: string }) => ({
  message: entry.id,
  messageEn: entry.en,
});

// ---------------------------------------------------------------------------------------------
// One report, its photos

const reportPage = async (
  deps: WorkspaceReportDeps,
  request: WorkspaceRequest,
  options: { fileError?: { id: string; en: string }; status?: number } = {},
) => {
  const report = await getReport(deps.reports, {
    registrationId: request.registration.id,
    reportId: reportIdOf(request),
  });
  const { lang, query } = request.page;
  const fileError = options.fileError?.[lang];
  const notice = query.baru === '1' ? 'created' : query.foto === 'baru' ? 'photo' : undefined;
  return workspaceHtml(
    request.event,
    ReportPage({
      page: request.page,
      signedIn: request.signedIn,
      registration: request.registration,
      report,
      notice: options.fileError ? undefined : notice,
      fileError,
      summary:
        fileError === undefined
          ? []
          : [{ href: '#f-file', text: `${reportMessages.report.photoFile[lang]}: ${fileError}` }],
    }),
    { status: options.status ?? 200, connectSources: [deps.uploadOrigin] },
  );
};

/**
 * POST `/kelola/laporan/{reportId}/foto`: with a photo id (the script PUT the file), checks the
 * bytes and keeps the stripped photo; without one, says why the announcement could not be made,
 * beside the file input; with no script at all, that uploading needs it.
 */
const submitPhoto = (deps: WorkspaceReportDeps) => async (request: WorkspaceRequest) => {
  const form = readWorkspacePost(deps, request);
  const ids = { registrationId: request.registration.id, reportId: reportIdOf(request) };
  const photoId = stringField(form, 'photoId');
  if (photoId !== '') {
    try {
      const { created, report } = await confirmPhotoUpload(deps.reports, { ...ids, photoId });
      logger.info(created ? 'Report photo kept' : 'Report photo confirmed again', {
        reportId: report.reportId,
        photoId,
        from: 'workspace',
      });
      return redirectResponse(request.event, `${reportPaths.report(report.reportId)}?foto=baru`, {
        status: 303,
      });
    } catch (error) {
      if (!(error instanceof DomainError) || error instanceof ForbiddenError) throw error;
      // A report that is gone answers 404 from reportPage itself; anything else shows by the file.
      const fileError = { id: error.message, en: error.messageEn };
      return reportPage(deps, request, { fileError, status: statusOf(error) });
    }
  }
  const report = await getReport(deps.reports, ids);
  const refuse = (message: { id: string; en: string }, status = 400) =>
    reportPage(deps, request, { fileError: message, status });
  if (stringField(form, 'script') !== '1') return refuse(reportMessages.report.needsScript);
  if (stringField(form, 'transfer') === 'failed') return refuse(reportMessages.report.uploadFailed);
  const size = stringField(form, 'size');
  if (size === '') return refuse(reportMessages.report.photoMissing);
  if (report.photos.length >= REPORT_LIMITS.photos) return refuse(reportMessages.report.photosFull, 409);
  // Judged by the announcement's own schema, so the message is the one the API would answer.
  const parsed = photoUploadRequestSchema.safeParse({
    contentType: stringField(form, 'contentType'),
    size: /^\d{1,12}$/.test(size) ? Number(size) : size,
  });
  const [first] = parsed.success ? [] : describeIssues(parsed.error.issues);
  return refuse(first ? { id: first.message, en: first.messageEn } : reportMessages.report.uploadFailed);
};

/**
 * POST `/kelola/laporan/{reportId}/foto/unggahan`: the upload script's announcement, authorised by
 * the session and its CSRF token (header `X-CSRF-Token`); the same use case and answer as
 * POST /registrations/{id}/reports/{reportId}/photos, which the API offers with the edit token.
 */
const announcePhoto =
  (deps: WorkspaceReportDeps): Handler =>
  async (event) => {
    try {
      if (!isSameOriginPost(event)) throw new CsrfRejectedError('origin');
      const session = readWorkspaceSession(deps.formSecret, event, deps.clock.now());
      if (session === undefined) {
        throw new ForbiddenError(
          'Sesi ruang kelola sudah berakhir. Masuk lagi.',
          'The workspace session has ended. Sign in again.',
        );
      }
      if (!isGenuineWorkspacePost(deps.formSecret, event, session, event.headers['x-csrf-token'])) {
        throw new CsrfRejectedError('token');
      }
      const ticket = await requestPhotoUpload(deps.reports, {
        registrationId: session.registrationId,
        reportId: event.pathParameters?.reportId ?? '',
        body: readJsonBody(event),
      });
      logger.info('Report photo announced', { photoId: ticket.photoId, from: 'workspace' });
      return json(201, ticket);
    } catch (error) {
      if (error instanceof DomainError) {
        return json(statusOf(error), {
          message: error.message,
          messageEn: error.messageEn,
          ...error.details,
        });
      }
      throw error;
    }
  };

// ---------------------------------------------------------------------------------------------
// Deleting a report

const deletePage = (deps: WorkspaceReportDeps) => async (request: WorkspaceRequest) => {
  const report = await getReport(deps.reports, {
    registrationId: request.registration.id,
    reportId: reportIdOf(request),
  });
  return workspaceHtml(
    request.event,
    DeleteReportPage({ page: request.page, signedIn: request.signedIn, report }),
  );
};

const submitDelete = (deps: WorkspaceReportDeps) => async (request: WorkspaceRequest) => {
  readWorkspacePost(deps, request);
  const reportId = reportIdOf(request);
  await deleteReport(deps.reports, { registrationId: request.registration.id, reportId });
  logger.info('Activity report deleted', { reportId, from: 'workspace' });
  return redirectResponse(request.event, `${reportPaths.list}?dihapus=1`, { status: 303 });
};

/** The report pages' routes, by route key; the workspace function serves them with its own. */
export const reportRoutes = (deps: WorkspaceReportDeps): Readonly<Record<string, Handler>> => ({
  'GET /kelola/laporan': requireWorkspaceSession(deps, listPage(deps)),
  'GET /kelola/laporan/baru': requireWorkspaceSession(deps, (request) =>
    formPage(request, { values: {}, errors: new Map(), summary: [] }, deps.reports.newId()),
  ),
  'POST /kelola/laporan/baru': requireWorkspaceSession(deps, submitReport(deps)),
  'GET /kelola/laporan/{reportId}': requireWorkspaceSession(deps, (request) => reportPage(deps, request)),
  'POST /kelola/laporan/{reportId}/foto': requireWorkspaceSession(deps, submitPhoto(deps)),
  'POST /kelola/laporan/{reportId}/foto/unggahan': announcePhoto(deps),
  'GET /kelola/laporan/{reportId}/hapus': requireWorkspaceSession(deps, deletePage(deps)),
  'POST /kelola/laporan/{reportId}/hapus': requireWorkspaceSession(deps, submitDelete(deps)),
});
