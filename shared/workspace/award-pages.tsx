import { type SelfEntryRound, STATEMENT_LENGTH } from '../awards/self-entry.js';
import type { EntryView } from '../awards/view-schemas.js';
import { CSRF_FIELD } from '../platform/web/csrf.js';
import { errorId, fieldId } from '../platform/web/form-errors.js';
import { ErrorSummary } from '../platform/web/form-fields.js';
import { formatDate } from '../platform/web/format.js';
import type { Language } from '../platform/web/language.js';
import type { PageContext } from '../platform/web/page-context.js';
import { awardMessages as m } from './award-messages.js';
import { messages, text } from './messages.js';
import type { FormState } from './pages.js';
import { fill } from './report-messages.js';
import { type SignedInKim, WorkspaceLayout } from './workspace-layout.js';

/** The paths of the award pages, under the workspace's `/kelola/`. */
export const workspaceAwardPaths = {
  list: '/kelola/penghargaan',
  entered: (roundId: string) => `/kelola/penghargaan?terdaftar=${encodeURIComponent(roundId)}`,
  round: (roundId: string) => `/kelola/penghargaan/${encodeURIComponent(roundId)}`,
} as const;

/** The navigation section of the award pages (see `WORKSPACE_NAV`). */
export const AWARDS_SECTION = 'penghargaan';

/** The one field of the entry form. */
export const STATEMENT_FIELD = 'statement';

/** An ineligibility reason as the use case gives it. */
export interface ReasonText {
  readonly message: string;
  readonly messageEn: string;
}

const statusOf = (entry: EntryView | undefined) =>
  entry === undefined
    ? m.statuses.none
    : !entry.eligible
      ? m.statuses.ineligible
      : entry.source === 'SELF'
        ? m.statuses.self
        : m.statuses.admin;

const windowText = (round: SelfEntryRound['round'], lang: Language) =>
  `${formatDate(round.entryWindow.opensAt, lang)} – ${formatDate(round.entryWindow.closesAt, lang)}`;

const periodText = (round: SelfEntryRound['round'], lang: Language) =>
  `${formatDate(round.activityPeriod.start, lang)} – ${formatDate(round.activityPeriod.end, lang)}`;

/** `/kelola/penghargaan`: the rounds the KIM may enter now, each with its entry status. */
export const AwardListPage = (props: {
  readonly page: PageContext;
  readonly signedIn: SignedInKim;
  readonly rounds: readonly SelfEntryRound[];
  readonly enteredRound?: string | undefined;
}) => {
  const { page } = props;
  const t = text(page.lang);
  const entered = props.rounds.find((item) => item.round.id === props.enteredRound && item.entry);
  return (
    <WorkspaceLayout page={page} title={t(m.list.title)} section={AWARDS_SECTION} signedIn={props.signedIn}>
      <h1>{t(m.list.title)}</h1>
      {entered ? (
        <p class="notice" role="status" data-testid="award-entered">
          {`${t(m.list.entered)} ${entered.round.name}`}
        </p>
      ) : null}
      <p class="lead">{t(m.list.lead)}</p>
      {props.rounds.length === 0 ? (
        <p class="notice">{t(m.list.none)}</p>
      ) : (
        <ul data-testid="award-rounds">
          {props.rounds.map(({ round, entry }) => (
            <li data-round={round.id}>
              <h2>{round.name}</h2>
              <dl>
                <dt>{t(m.list.period)}</dt>
                <dd>{periodText(round, page.lang)}</dd>
                <dt>{t(m.list.entryWindow)}</dt>
                <dd>{windowText(round, page.lang)}</dd>
                <dt>{t(m.list.status)}</dt>
                <dd data-testid="entry-status">{t(statusOf(entry))}</dd>
              </dl>
              {entry === undefined ? (
                <p>
                  <a href={workspaceAwardPaths.round(round.id)}>{`${t(m.list.enter)}: ${round.name}`}</a>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </WorkspaceLayout>
  );
};

/**
 * `/kelola/penghargaan/{roundId}`: the entry form of one round (a statement), or, once entered,
 * the entry's status and statement. A refusal shows the statement's error beside it, or the
 * reasons the KIM is not eligible.
 */
export const AwardEntryPage = (props: {
  readonly page: PageContext;
  readonly signedIn: SignedInKim;
  readonly item: SelfEntryRound;
  readonly form: FormState;
  readonly ineligible?: readonly ReasonText[] | undefined;
}) => {
  const { page, form, item } = props;
  const t = text(page.lang);
  const error = form.errors.get(STATEMENT_FIELD);
  const id = fieldId(STATEMENT_FIELD);
  const hintId = `${id}-hint`;
  return (
    <WorkspaceLayout page={page} title={t(m.form.title)} section={AWARDS_SECTION} signedIn={props.signedIn}>
      <p>
        <a href={workspaceAwardPaths.list}>{t(m.form.back)}</a>
      </p>
      <ErrorSummary title={t(messages.errorSummary)} entries={form.summary} />
      <h1>{`${t(m.form.title)}: ${item.round.name}`}</h1>
      <dl>
        <dt>{t(m.list.period)}</dt>
        <dd>{periodText(item.round, page.lang)}</dd>
        <dt>{t(m.list.entryWindow)}</dt>
        <dd>{windowText(item.round, page.lang)}</dd>
        <dt>{t(m.list.status)}</dt>
        <dd data-testid="entry-status">{t(statusOf(item.entry))}</dd>
      </dl>
      {props.ineligible ? (
        <div class="error-summary" role="alert" data-testid="ineligible">
          <h2>{t(m.form.ineligibleTitle)}</h2>
          <p>{t(m.form.ineligibleLead)}</p>
          <ul>
            {props.ineligible.map((reason) => (
              <li>{page.lang === 'en' ? reason.messageEn : reason.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {item.entry === undefined ? (
        <form
          method="post"
          action={workspaceAwardPaths.round(item.round.id)}
          novalidate
          data-testid="entry-form"
        >
          <input type="hidden" name={CSRF_FIELD} value={props.signedIn.csrfToken} />
          <p class="lead">{t(m.form.lead)}</p>
          <div class={error ? 'field has-error' : 'field'}>
            <label for={id}>{t(m.form.statement)}</label>
            <p class="hint" id={hintId}>
              {fill(t(m.form.statementHint), STATEMENT_LENGTH)}
            </p>
            {error ? (
              <p class="field-error" id={errorId(STATEMENT_FIELD)}>
                <span class="visually-hidden">{`${t(messages.errorPrefix)} `}</span>
                {error}
              </p>
            ) : null}
            <textarea
              id={id}
              name={STATEMENT_FIELD}
              rows={6}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={[hintId, error ? errorId(STATEMENT_FIELD) : undefined]
                .filter(Boolean)
                .join(' ')}
            >
              {form.values[STATEMENT_FIELD] ?? ''}
            </textarea>
          </div>
          <button type="submit" class="button">
            {t(m.form.submit)}
          </button>
        </form>
      ) : item.entry.statement === undefined ? null : (
        <>
          <h2>{t(m.form.yourStatement)}</h2>
          <p data-testid="entry-statement">{item.entry.statement}</p>
        </>
      )}
    </WorkspaceLayout>
  );
};
