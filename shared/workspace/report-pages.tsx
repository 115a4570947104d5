import {
  type ActivityReport,
  REPORT_LIMITS,
  REPORT_TYPE_LABELS,
  REPORT_TYPES,
} from '../activity-reports/report.js';
import { CSRF_FIELD } from '../platform/web/csrf.js';
import { errorId, fieldId } from '../platform/web/form-errors.js';
import { ErrorSummary, Select, TextInput } from '../platform/web/form-fields.js';
import { formatDate, formatNumber } from '../platform/web/format.js';
import type { Text } from '../platform/web/language.js';
import type { PageContext } from '../platform/web/page-context.js';
import type { Registration } from '../registrations/registration.js';
import { messages, text } from './messages.js';
import type { FormState } from './pages.js';
import { fill, reportMessages as m } from './report-messages.js';
import { uploadScript } from './upload-script.js';
import { type SignedInKim, WorkspaceLayout } from './workspace-layout.js';

/** The paths of the report pages, under the workspace's `/kelola/`. */
export const reportPaths = {
  list: '/kelola/laporan',
  page: (cursor: string) => `/kelola/laporan?cursor=${encodeURIComponent(cursor)}`,
  create: '/kelola/laporan/baru',
  report: (reportId: string) => `/kelola/laporan/${encodeURIComponent(reportId)}`,
  photo: (reportId: string) => `/kelola/laporan/${encodeURIComponent(reportId)}/foto`,
  photoAnnounce: (reportId: string) => `/kelola/laporan/${encodeURIComponent(reportId)}/foto/unggahan`,
  remove: (reportId: string) => `/kelola/laporan/${encodeURIComponent(reportId)}/hapus`,
  publicPhoto: (kimId: string, reportId: string, photoId: string) =>
    `/kim/${encodeURIComponent(kimId)}/laporan/${encodeURIComponent(reportId)}/foto/${encodeURIComponent(photoId)}`,
} as const;

/** The navigation section of the report pages (see `WORKSPACE_NAV`). */
export const REPORTS_SECTION = 'laporan';

const typeLabel = (report: Pick<ActivityReport, 'type'>, lang: PageContext['lang']) =>
  REPORT_TYPE_LABELS[report.type][lang];

/** `/kelola/laporan`: the KIM's reports, newest first, their count, and paging. */
export const ReportListPage = (props: {
  readonly page: PageContext;
  readonly signedIn: SignedInKim;
  readonly reports: { readonly items: readonly ActivityReport[]; readonly count: number };
  readonly nextCursor: string | undefined;
  readonly paged: boolean;
  readonly deleted: boolean;
}) => {
  const { page, reports } = props;
  const t = text(page.lang);
  return (
    <WorkspaceLayout page={page} title={t(m.list.title)} section={REPORTS_SECTION} signedIn={props.signedIn}>
      <h1>{t(m.list.title)}</h1>
      {props.deleted ? (
        <p class="notice" role="status" data-testid="report-deleted">
          {t(m.list.deleted)}
        </p>
      ) : null}
      <p class="lead">{t(m.list.lead)}</p>
      <p>
        <a class="button" href={reportPaths.create}>
          {t(m.list.create)}
        </a>
      </p>
      <p>
        {`${t(m.list.count)}: `}
        <strong data-testid="report-count">{formatNumber(reports.count, page.lang)}</strong>
      </p>
      {reports.items.length === 0 ? (
        <p class="notice">{t(m.list.none)}</p>
      ) : (
        // Focusable, so that a keyboard can scroll it sideways on a narrow screen.
        <section class="table-wrap" aria-label={t(m.list.title)} tabindex={0}>
          <table data-testid="report-list">
            <thead>
              <tr>
                <th scope="col">{t(m.list.date)}</th>
                <th scope="col">{t(m.list.reportTitle)}</th>
                <th scope="col">{t(m.list.type)}</th>
                <th scope="col">{t(m.list.photos)}</th>
              </tr>
            </thead>
            <tbody>
              {reports.items.map((report) => (
                <tr>
                  <td>{formatDate(report.date, page.lang)}</td>
                  <td>
                    <a href={reportPaths.report(report.reportId)}>{report.title}</a>
                  </td>
                  <td>{typeLabel(report, page.lang)}</td>
                  <td>{formatNumber(report.photos.length, page.lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {props.nextCursor === undefined && !props.paged ? null : (
        <nav class="pager" aria-label={t(m.list.title)}>
          {props.paged ? <a href={reportPaths.list}>{t(m.list.first)}</a> : null}
          {props.nextCursor === undefined ? null : (
            <a href={reportPaths.page(props.nextCursor)} rel="next" data-testid="next-page">
              {t(m.list.next)}
            </a>
          )}
        </nav>
      )}
    </WorkspaceLayout>
  );
};

/** The fields of the report form, in page order: the error anchors. */
export const REPORT_FORM_FIELDS = ['date', 'type', 'title', 'description', 'participants', 'links'] as const;
type ReportField = (typeof REPORT_FORM_FIELDS)[number];

const labels: Readonly<Record<ReportField, Text>> = {
  date: m.form.date,
  type: m.form.type,
  title: m.form.reportTitle,
  description: m.form.description,
  participants: m.form.participants,
  links: m.form.links,
};

/** The label of a field of the report form. */
export const reportFieldLabel = (field: string, lang: PageContext['lang']): string =>
  labels[field as ReportField]?.[lang] ?? field;

/** A labelled multi-line input in the GOV.UK error pattern (the shared fields have no textarea). */
const TextArea = (props: {
  readonly name: string;
  readonly label: string;
  readonly hint: string;
  readonly value: string;
  readonly error: string | undefined;
  readonly errorPrefix: string;
  readonly rows: number;
}) => (
  <div class={props.error ? 'field has-error' : 'field'}>
    <label for={fieldId(props.name)}>{props.label}</label>
    <p class="hint" id={`${fieldId(props.name)}-hint`}>
      {props.hint}
    </p>
    {props.error ? (
      <p class="field-error" id={errorId(props.name)}>
        <span class="visually-hidden">{`${props.errorPrefix} `}</span>
        {props.error}
      </p>
    ) : null}
    <textarea
      id={fieldId(props.name)}
      name={props.name}
      rows={props.rows}
      aria-invalid={props.error ? 'true' : undefined}
      aria-describedby={[`${fieldId(props.name)}-hint`, props.error ? errorId(props.name) : undefined]
        .filter(Boolean)
        .join(' ')}
    >
      {props.value}
    </textarea>
  </div>
);

/**
 * `/kelola/laporan/baru`: a new report. The hidden idempotency key is minted with the page, so a
 * double submit (or a retried post) keeps one report.
 */
export const ReportFormPage = (props: {
  readonly page: PageContext;
  readonly signedIn: SignedInKim;
  readonly form: FormState;
  readonly idempotencyKey: string;
}) => {
  const { page, form } = props;
  const t = text(page.lang);
  const common = (name: ReportField) => ({
    name,
    label: t(labels[name]),
    error: form.errors.get(name),
    errorPrefix: t(messages.errorPrefix),
    value: form.values[name] ?? '',
  });
  return (
    <WorkspaceLayout page={page} title={t(m.form.title)} section={REPORTS_SECTION} signedIn={props.signedIn}>
      <ErrorSummary title={t(messages.errorSummary)} entries={form.summary} />
      <h1>{t(m.form.title)}</h1>
      <p class="lead">{t(m.form.lead)}</p>
      <form method="post" action={reportPaths.create} novalidate data-testid="report-form">
        <input type="hidden" name={CSRF_FIELD} value={props.signedIn.csrfToken} />
        <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
        <TextInput {...common('date')} type="date" hint={t(m.form.dateHint)} />
        <Select
          {...common('type')}
          placeholder={t(m.form.typeChoose)}
          options={REPORT_TYPES.map((type) => ({ value: type, label: REPORT_TYPE_LABELS[type][page.lang] }))}
        />
        <TextInput {...common('title')} hint={t(m.form.reportTitleHint)} />
        <TextArea {...common('description')} hint={t(m.form.descriptionHint)} rows={6} />
        <TextInput
          {...common('participants')}
          hint={t(m.form.participantsHint)}
          inputmode="numeric"
          size={6}
        />
        <TextArea {...common('links')} hint={t(m.form.linksHint)} rows={4} />
        <button type="submit" class="button">
          {t(m.form.submit)}
        </button>
      </form>
    </WorkspaceLayout>
  );
};

/** Only http(s) URLs become links; the schema already refuses others, this keeps a bad one inert. */
const safeHref = (url: string): string | undefined => {
  const parsed = URL.parse(url);
  return parsed && (parsed.protocol === 'https:' || parsed.protocol === 'http:') ? parsed.href : undefined;
};

/**
 * `/kelola/laporan/{reportId}`: one report, its photos, the form that adds one (the upload
 * script announces it, PUTs it to the presigned URL and posts the form with the photo's id; a
 * refusal shows beside the file input), and the way to delete it.
 */
export const ReportPage = (props: {
  readonly page: PageContext;
  readonly signedIn: SignedInKim;
  readonly registration: Pick<Registration, 'id' | 'status'>;
  readonly report: ActivityReport;
  readonly notice: 'created' | 'photo' | undefined;
  readonly fileError: string | undefined;
  readonly summary: FormState['summary'];
}) => {
  const { page, report } = props;
  const t = text(page.lang);
  const full = report.photos.length >= REPORT_LIMITS.photos;
  const describedBy = [`${fieldId('file')}-hint`, props.fileError ? errorId('file') : undefined]
    .filter(Boolean)
    .join(' ');
  return (
    <WorkspaceLayout
      page={page}
      title={report.title}
      section={REPORTS_SECTION}
      signedIn={props.signedIn}
      scripts={full ? [] : [uploadScript]}
    >
      <ErrorSummary title={t(messages.errorSummary)} entries={props.summary} />
      {props.notice === undefined ? null : (
        <p class="notice" role="status" data-testid="report-notice">
          {t(props.notice === 'created' ? m.report.created : m.report.photoAdded)}
        </p>
      )}
      <h1>{report.title}</h1>
      <dl class="summary-list">
        <div>
          <dt>{t(m.form.date)}</dt>
          <dd>{formatDate(report.date, page.lang)}</dd>
        </div>
        <div>
          <dt>{t(m.form.type)}</dt>
          <dd>{typeLabel(report, page.lang)}</dd>
        </div>
        <div>
          <dt>{t(m.report.participants)}</dt>
          <dd>{formatNumber(report.participants, page.lang)}</dd>
        </div>
        <div>
          <dt>{t(m.report.createdAt)}</dt>
          <dd>{formatDate(report.createdAt, page.lang)}</dd>
        </div>
        <div>
          <dt>{t(m.report.links)}</dt>
          <dd>
            {report.links.length === 0 ? (
              t(m.report.noLinks)
            ) : (
              <ul>
                {report.links.map((link) => {
                  const href = safeHref(link);
                  return <li>{href ? <a href={href}>{link}</a> : link}</li>;
                })}
              </ul>
            )}
          </dd>
        </div>
      </dl>
      <div data-testid="report-description">
        {report.description.split('\n').map((line) => (line.trim() === '' ? null : <p>{line}</p>))}
      </div>
      <h2>{t(m.report.photosHeading)}</h2>
      <p data-testid="photo-count">{fill(t(m.report.photosCount), { n: report.photos.length })}</p>
      {report.photos.length === 0 ? null : props.registration.status === 'VERIFIED' ? (
        <p>
          {report.photos.map((photo, index) => (
            <img
              src={reportPaths.publicPhoto(props.registration.id, report.reportId, photo.photoId)}
              alt={fill(t(m.report.photoAlt), { n: index + 1, title: report.title })}
              width="160"
              loading="lazy"
            />
          ))}
        </p>
      ) : (
        <p class="muted">{t(m.report.photosPublicOnly)}</p>
      )}
      {full ? (
        <p class="notice" data-testid="photos-full">
          {t(m.report.photosFull)}
        </p>
      ) : (
        <>
          <p class="warning" id="photo-needs-script" data-needs-script data-testid="needs-script">
            {t(m.report.needsScript)}
          </p>
          <form
            method="post"
            action={reportPaths.photo(report.reportId)}
            novalidate
            data-photo-upload
            data-announce={reportPaths.photoAnnounce(report.reportId)}
            data-uploading={t(messages.sk.uploading)}
          >
            <input type="hidden" name={CSRF_FIELD} value={props.signedIn.csrfToken} />
            <input type="hidden" name="photoId" value="" />
            <input type="hidden" name="contentType" value="" />
            <input type="hidden" name="size" value="" />
            <input type="hidden" name="script" value="" />
            <input type="hidden" name="transfer" value="" />
            <div class={props.fileError ? 'field has-error' : 'field'}>
              <label for={fieldId('file')}>{t(m.report.photoFile)}</label>
              <p class="hint" id={`${fieldId('file')}-hint`}>
                {t(m.report.photoHint)}
              </p>
              {props.fileError ? (
                <p class="field-error" id={errorId('file')} data-testid="file-error">
                  <span class="visually-hidden">{`${t(messages.errorPrefix)} `}</span>
                  {props.fileError}
                </p>
              ) : null}
              {/* No name: the file never goes in the form post, only to the presigned URL. */}
              <input
                id={fieldId('file')}
                type="file"
                accept="image/jpeg,image/png,.jpg,.jpeg,.png"
                aria-invalid={props.fileError ? 'true' : undefined}
                aria-describedby={describedBy}
              />
            </div>
            <button type="submit" class="button">
              {t(m.report.photoSubmit)}
            </button>
          </form>
        </>
      )}
      <div class="actions">
        <a href={reportPaths.list}>{t(m.report.back)}</a>
        <a href={reportPaths.remove(report.reportId)} data-testid="delete-report">
          {t(m.report.delete)}
        </a>
      </div>
    </WorkspaceLayout>
  );
};

/** `/kelola/laporan/{reportId}/hapus`: the confirmation step before a report is deleted. */
export const DeleteReportPage = (props: {
  readonly page: PageContext;
  readonly signedIn: SignedInKim;
  readonly report: ActivityReport;
}) => {
  const { page, report } = props;
  const t = text(page.lang);
  return (
    <WorkspaceLayout
      page={page}
      title={t(m.remove.title)}
      section={REPORTS_SECTION}
      signedIn={props.signedIn}
    >
      <h1>{t(m.remove.title)}</h1>
      <p class="lead">
        <strong>{report.title}</strong>
        {` (${formatDate(report.date, page.lang)})`}
      </p>
      <p class="warning">{t(m.remove.lead)}</p>
      <form method="post" action={reportPaths.remove(report.reportId)} class="actions">
        <input type="hidden" name={CSRF_FIELD} value={props.signedIn.csrfToken} />
        <button type="submit" class="button" data-testid="confirm-delete">
          {t(m.remove.confirm)}
        </button>
        <a href={reportPaths.report(report.reportId)}>{t(m.remove.cancel)}</a>
      </form>
    </WorkspaceLayout>
  );
};
