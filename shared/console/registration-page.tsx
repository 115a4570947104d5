import type { Child } from 'hono/jsx';
import { type ActivityReport, REPORT_TYPE_LABELS } from '../activity-reports/report.js';
import type { SkDocument } from '../documents/sk-document.js';
import type { TermStatus } from '../documents/term-expiry.js';
import { CSRF_FIELD } from '../platform/web/csrf.js';
import { errorId, type FormErrors, fieldId } from '../platform/web/form-errors.js';
import { ErrorSummary, Select } from '../platform/web/form-fields.js';
import { formatDate } from '../platform/web/format.js';
import type { PageContext } from '../platform/web/page-context.js';
import * as registrationLabels from '../public-pages/messages.js';
import type { HistoryEntryView } from '../registrations/history.js';
import type { RegistrationSummary } from '../registrations/ports.js';
import type { ChangedField } from '../registrations/profile.js';
import type { RegistrationAdminView } from '../registrations/registration.js';
import type { ReviewAction } from '../registrations/review-registration.js';
import { ConsoleLayout, type SignedIn } from './console-layout.js';
import { formatDateTime } from './format.js';
import { messages, text } from './messages.js';
import { consolePaths } from './sign-in.js';

/** A reason form posted with an error: which one, what was typed, and where the errors go. */
export interface ReasonFormState {
  readonly action: Exclude<ReviewAction, 'VERIFY'>;
  readonly reason: string;
  readonly commonReason: string;
  readonly errors: FormErrors;
}

export interface RegistrationPageProps {
  readonly page: PageContext;
  readonly signedIn: SignedIn;
  readonly registration: RegistrationAdminView;
  readonly history: readonly HistoryEntryView[];
  readonly sameVillage: readonly RegistrationSummary[];
  /** The versions of its SK document, newest first. */
  readonly skDocuments: readonly SkDocument[];
  /** Its activity reports: how many, and the latest few. */
  readonly reports: { readonly items: readonly ActivityReport[]; readonly count: number };
  /** The current term (the newest SK version's); undefined when there is none or it is not read. */
  readonly term?: TermStatus | undefined;
  /** The action just done (after its redirect). */
  readonly done?: ReviewAction | undefined;
  /** Another officer changed the registration before this one's action: what it is now. */
  readonly changed?: boolean;
  readonly form?: ReasonFormState | undefined;
}

/** Where each review action posts. */
export const actionPath = (id: string, action: ReviewAction) =>
  `${consolePaths.registration(id)}/${{ VERIFY: 'verifikasi', REJECT: 'tolak', DEACTIVATE: 'nonaktifkan' }[action]}`;

const Fact = ({ term, children }: { term: string; children?: Child }) => (
  <div>
    <dt>{term}</dt>
    <dd>{children}</dd>
  </div>
);

const ReasonForm = (props: {
  readonly page: PageContext;
  readonly id: string;
  readonly version: number;
  readonly csrfToken: string;
  readonly action: Exclude<ReviewAction, 'VERIFY'>;
  readonly state: ReasonFormState | undefined;
}) => {
  const t = text(props.page.lang);
  const prefix = props.action === 'REJECT' ? 'reject' : 'deactivate';
  const state = props.state?.action === props.action ? props.state : undefined;
  const reasonError = state?.errors.byField.get('reason');
  const reasonId = `${prefix}-${fieldId('reason')}`;
  return (
    <form method="post" action={actionPath(props.id, props.action)} novalidate>
      <h3>{t(props.action === 'REJECT' ? messages.detail.rejectTitle : messages.detail.deactivateTitle)}</h3>
      {state ? <ErrorSummary title={t(messages.detail.errorSummary)} entries={state.errors.summary} /> : null}
      <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
      <input type="hidden" name="version" value={String(props.version)} />
      {props.action === 'REJECT' ? (
        <Select
          name="commonReason"
          label={t(messages.detail.commonReason)}
          value={state?.commonReason ?? ''}
          placeholder={t(messages.detail.chooseReason)}
          options={messages.reasons.map((reason, index) => ({ value: String(index), label: t(reason) }))}
          errorPrefix={t(messages.detail.errorPrefix)}
        />
      ) : null}
      <div class={reasonError ? 'field has-error' : 'field'}>
        <label for={reasonId}>{t(messages.detail.reason)}</label>
        <p class="hint" id={`${reasonId}-hint`}>
          {t(messages.detail.reasonHint)}
        </p>
        {reasonError ? (
          <p class="field-error" id={`${prefix}-${errorId('reason')}`}>
            <span class="visually-hidden">{`${t(messages.detail.errorPrefix)} `}</span>
            {reasonError}
          </p>
        ) : null}
        <textarea
          id={reasonId}
          name="reason"
          rows={4}
          maxlength={1000}
          aria-invalid={reasonError ? 'true' : undefined}
          aria-describedby={`${reasonId}-hint${reasonError ? ` ${prefix}-${errorId('reason')}` : ''}`}
        >
          {state?.reason ?? ''}
        </textarea>
      </div>
      <button type="submit">
        {t(props.action === 'REJECT' ? messages.detail.reject : messages.detail.deactivate)}
      </button>
    </form>
  );
};

/** Where a version of the SK opens: the console answers with a short-lived link to it. */
export const skDocumentPath = (id: string, versionId: string) =>
  `${consolePaths.registration(id)}/sk/${encodeURIComponent(versionId)}`;

const kilobytes = (bytes: number, lang: PageContext['lang']) =>
  `${new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 0 }).format(Math.max(1, bytes / 1024))} KB`;

/** How many activity reports the KIM keeps, and its latest few: what it has been doing. */
const Reports = (props: {
  readonly page: PageContext;
  readonly reports: RegistrationPageProps['reports'];
}) => {
  const { lang } = props.page;
  const labels = messages.reports;
  return (
    <>
      <h2>{labels.title[lang]}</h2>
      <p data-testid="report-count">
        {labels.count[lang](
          new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB').format(props.reports.count),
        )}
      </p>
      {props.reports.items.length === 0 ? null : (
        <>
          <p>{labels.latest[lang]}</p>
          <ul data-testid="latest-reports">
            {props.reports.items.map((report) => (
              <li>
                {`${formatDate(report.date, lang)} · ${REPORT_TYPE_LABELS[report.type][lang]} · `}
                {report.title}
                {report.photos.length === 0 ? '' : ` (${labels.photos[lang](report.photos.length)})`}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
};

/** The SK versions, newest first, each with its term and a link that opens it: the decree in view. */
const SkDocuments = (props: {
  readonly page: PageContext;
  readonly registrationId: string;
  readonly documents: readonly SkDocument[];
}) => {
  const t = text(props.page.lang);
  const labels = messages.documents;
  return (
    <>
      <h2>{t(labels.title)}</h2>
      {props.documents.length === 0 ? (
        <p data-testid="sk-documents-none">{t(labels.none)}</p>
      ) : (
        <div class="table-wrap">
          <table data-testid="sk-documents">
            <thead>
              <tr>
                <th scope="col">{t(labels.term)}</th>
                <th scope="col">{t(labels.sk)}</th>
                <th scope="col">{t(labels.file)}</th>
                <th scope="col">{t(labels.uploaded)}</th>
              </tr>
            </thead>
            <tbody>
              {props.documents.map((document, index) => (
                <tr>
                  <td>
                    {formatDate(document.term.start, props.page.lang)} –{' '}
                    {formatDate(document.term.end, props.page.lang)}
                    {index === 0 ? ` (${t(labels.current)})` : ''}
                  </td>
                  <td>
                    {document.sk.number}, {formatDate(document.sk.date, props.page.lang)}
                  </td>
                  <td>
                    <a
                      href={skDocumentPath(props.registrationId, document.versionId)}
                      target="_blank"
                      rel="noopener"
                    >
                      {t(labels.open)} {labels.types[document.contentType]}
                    </a>{' '}
                    ({kilobytes(document.size, props.page.lang)})
                  </td>
                  <td>{formatDateTime(document.uploadedAt, props.page.lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
};

/** One registration, every field (personal data included), its history, its village's others, and its actions. */
export const RegistrationPage = (props: RegistrationPageProps) => {
  const { page, registration: r, signedIn } = props;
  const t = text(page.lang);
  const latest = props.history[props.history.length - 1];
  return (
    <ConsoleLayout
      page={page}
      title={`${t(messages.detail.title)}: ${r.name}`}
      section="queue"
      signedIn={signedIn}
    >
      <p class="no-print">
        <a href={consolePaths.queue}>{t(messages.detail.back)}</a>
      </p>
      <h1>{r.name}</h1>
      {props.done ? (
        <p class="notice" role="status" data-testid="done">
          {t(messages.detail.done[props.done])}
        </p>
      ) : null}
      {props.changed ? (
        <div class="warning" role="alert" data-testid="changed">
          <h2>{t(messages.detail.changedTitle)}</h2>
          <p>{t(messages.detail.changedBody)}</p>
          <p>
            {`${t(messages.detail.status)}: `}
            <strong>{t(messages.statuses[r.status])}</strong>
            {latest
              ? ` — ${t(messages.detail.changedBy)}: ${t(messages.actions[latest.action])}, ${formatDateTime(latest.at, page.lang)}${'username' in latest.actor ? `, ${latest.actor.username}` : ''}`
              : ''}
          </p>
        </div>
      ) : null}
      <h2>{t(messages.detail.facts)}</h2>
      <dl class="summary-list">
        <Fact term={t(messages.detail.id)}>
          <code>{r.id}</code>
        </Fact>
        <Fact term={t(messages.detail.status)}>
          <span class={`tag ${r.status.toLowerCase()}`} data-testid="status">
            {t(messages.statuses[r.status])}
          </span>
        </Fact>
        <Fact term={t(messages.detail.village)}>{`${r.villageName} (${r.villageCode})`}</Fact>
        <Fact term={t(messages.detail.skNumber)}>{r.sk.number}</Fact>
        <Fact term={t(messages.detail.skDate)}>{formatDate(r.sk.date, page.lang)}</Fact>
        <Fact term={t(messages.detail.term)}>
          {props.term === undefined ? (
            t(messages.detail.noTerm)
          ) : (
            <span data-testid="term">
              {formatDate(props.term.start, page.lang)} – {formatDate(props.term.end, page.lang)}
              {props.term.expired ? (
                <span class="tag expired" data-testid="sk-expired">
                  {t(messages.expired)}
                </span>
              ) : null}
            </span>
          )}
        </Fact>
        <Fact term={t(messages.detail.memberCount)}>{String(r.memberCount)}</Fact>
        <Fact term={t(messages.detail.focusAreas)}>
          {r.focusAreas.map((area) => t(registrationLabels.focusAreas[area])).join(', ')}
        </Fact>
        <Fact term={t(messages.detail.media)}>
          {r.media.length === 0 ? (
            '—'
          ) : (
            <ul>
              {r.media.map((item) => (
                <li>
                  {`${t(registrationLabels.mediaTypes[item.type])}: `}
                  <a href={item.url} rel="noopener noreferrer nofollow">
                    {item.url}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </Fact>
        <Fact term={t(messages.detail.contact)}>{`${r.contact.email}, ${r.contact.phone}`}</Fact>
        <Fact term={t(messages.detail.submitted)}>{formatDate(r.submittedAt, page.lang)}</Fact>
        {r.rejectionReason ? (
          <Fact term={t(messages.detail.rejectionReason)}>{r.rejectionReason}</Fact>
        ) : null}
        {r.deactivationReason ? (
          <Fact term={t(messages.detail.deactivationReason)}>{r.deactivationReason}</Fact>
        ) : null}
      </dl>
      <h2>{t(messages.detail.officers)}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(messages.detail.officerRole)}</th>
              <th scope="col">{t(messages.detail.officerName)}</th>
              <th scope="col">{t(messages.detail.officerPhone)}</th>
            </tr>
          </thead>
          <tbody>
            {r.officers.map((officer) => (
              <tr>
                <td>{t(registrationLabels.officerRoles[officer.role])}</td>
                <td>{officer.name}</td>
                <td>{officer.phone}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <SkDocuments page={page} registrationId={r.id} documents={props.skDocuments} />
      <Reports page={page} reports={props.reports} />
      <h2>{t(messages.detail.actionsTitle)}</h2>
      {r.status === 'SUBMITTED' || r.status === 'VERIFIED' ? (
        <div class="console-actions">
          {r.status === 'SUBMITTED' ? (
            <>
              <form method="post" action={actionPath(r.id, 'VERIFY')}>
                <h3>{t(messages.detail.verify)}</h3>
                <input type="hidden" name={CSRF_FIELD} value={signedIn.csrfToken} />
                <input type="hidden" name="version" value={String(r.version)} />
                <button type="submit">{t(messages.detail.verify)}</button>
              </form>
              <ReasonForm
                page={page}
                id={r.id}
                version={r.version}
                csrfToken={signedIn.csrfToken}
                action="REJECT"
                state={props.form}
              />
            </>
          ) : (
            <ReasonForm
              page={page}
              id={r.id}
              version={r.version}
              csrfToken={signedIn.csrfToken}
              action="DEACTIVATE"
              state={props.form}
            />
          )}
        </div>
      ) : (
        <p>{t(messages.detail.noAction)}</p>
      )}
      <h2>{t(messages.detail.history)}</h2>
      <div class="table-wrap">
        <table data-testid="history">
          <thead>
            <tr>
              <th scope="col">{t(messages.detail.when)}</th>
              <th scope="col">{t(messages.detail.what)}</th>
              <th scope="col">{t(messages.detail.who)}</th>
              <th scope="col">{t(messages.detail.why)}</th>
            </tr>
          </thead>
          <tbody>
            {props.history.map((entry) => (
              <tr>
                <td>{formatDateTime(entry.at, page.lang)}</td>
                <td>{t(messages.actions[entry.action])}</td>
                <td>
                  {'username' in entry.actor
                    ? `${entry.actor.username} (${t(messages.roles[entry.actor.role])})`
                    : t(messages.detail.public)}
                </td>
                <td>
                  {entry.reason ??
                    (entry.changedFields === undefined
                      ? '—'
                      : `${t(messages.detail.changedFields)}: ${entry.changedFields
                          .map((field) =>
                            field in messages.profileFields
                              ? t(messages.profileFields[field as ChangedField])
                              : field,
                          )
                          .join(', ')}`)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t(messages.detail.sameVillage)}</h2>
      {props.sameVillage.length === 0 ? (
        <p>{t(messages.detail.noneInVillage)}</p>
      ) : (
        <ul data-testid="same-village">
          {props.sameVillage.map((other) => (
            <li>
              <a href={consolePaths.registration(other.id)}>{other.name}</a>{' '}
              <span class={`tag ${other.status.toLowerCase()}`}>{t(messages.statuses[other.status])}</span>
            </li>
          ))}
        </ul>
      )}
    </ConsoleLayout>
  );
};
