import type { Child } from 'hono/jsx';
import type { AutomaticEntryReport } from '../awards/manage-rounds.js';
import type { AuditAction } from '../awards/model.js';
import { ENTRY_MODES, MISSING_SCORE_RULES, type RoundStatus, TIE_BREAK_RULES } from '../awards/round.js';
import type { EntryView, JurorView, RankingView, RoundView } from '../awards/view-schemas.js';
import { CSRF_FIELD } from '../platform/web/csrf.js';
import type { FormErrors } from '../platform/web/form-errors.js';
import { ErrorSummary, Select, TextInput } from '../platform/web/form-fields.js';
import type { Language, Text } from '../platform/web/language.js';
import type { PageContext } from '../platform/web/page-context.js';
import type { Actor } from '../registrations/history.js';
import { awardMessages as m } from './award-messages.js';
import { ConsoleLayout, type SignedIn } from './console-layout.js';
import { DataTable } from './data-table.js';
import { formatDateTime } from './format.js';
import { messages, text } from './messages.js';
import { consolePaths } from './sign-in.js';

/** Where the award pages are; every form posts to the page it is on or to an action of its round. */
export const awardPaths = {
  list: consolePaths.awards,
  round: (id: string) => `/konsol/penghargaan/${encodeURIComponent(id)}`,
  jurors: (id: string) => `/konsol/penghargaan/${encodeURIComponent(id)}/juri`,
  automatic: (id: string) => `/konsol/penghargaan/${encodeURIComponent(id)}/peserta-otomatis`,
  conflicts: (id: string) => `/konsol/penghargaan/${encodeURIComponent(id)}/konflik`,
  entry: (id: string, entryId: string) =>
    `/konsol/penghargaan/${encodeURIComponent(id)}/peserta/${encodeURIComponent(entryId)}`,
  ranking: (id: string) => `/konsol/penghargaan/${encodeURIComponent(id)}/peringkat`,
  publish: (id: string) => `/konsol/penghargaan/${encodeURIComponent(id)}/umumkan`,
  audit: (id: string) => `/konsol/penghargaan/${encodeURIComponent(id)}/audit`,
} as const;

/** Rows of the round form's rubric: a rubric of more criteria is made through the API. */
export const CRITERION_ROWS = 8;

/** A form that came back refused: what was typed (by field path) and the errors. */
export interface FormState {
  readonly values: Readonly<Record<string, string>>;
  readonly errors: FormErrors;
}

const Csrf = ({ token }: { token: string }) => <input type="hidden" name={CSRF_FIELD} value={token} />;

const Notice = ({ children }: { children?: Child }) => (
  <p class="notice" role="status" data-testid="notice">
    {children}
  </p>
);

interface Shell {
  readonly page: PageContext;
  readonly signedIn: SignedIn;
}

const useText = (lang: Language) => {
  const t = text(lang);
  return { t, prefix: t(messages.detail.errorPrefix), summaryTitle: t(messages.detail.errorSummary) };
};

const Summary = ({ form, title }: { form: FormState | undefined; title: string }) =>
  form === undefined ? null : <ErrorSummary title={title} entries={form.errors.summary} />;

const StatusTag = ({ status, lang }: { status: RoundStatus; lang: Language }) => (
  <span class={status === 'PUBLISHED' ? 'tag verified' : 'tag'}>{m.statuses[status][lang]}</span>
);

const windowText = (window: { opensAt: string; closesAt: string }, lang: Language) =>
  `${formatDateTime(window.opensAt, lang)} – ${formatDateTime(window.closesAt, lang)}`;

// ---------------------------------------------------------------------------------------------
// The list of rounds, and the admin's form creating one.

export interface AwardsPageProps extends Shell {
  readonly rounds: readonly RoundView[];
  readonly more: boolean;
  readonly isAdmin: boolean;
  readonly form?: FormState | undefined;
}

const field = (
  form: FormState | undefined,
  prefix: string,
  name: string,
  label: string,
  extra: { hint?: string; type?: 'text' | 'date'; inputmode?: 'numeric'; size?: number } = {},
) => (
  <TextInput
    name={name}
    label={label}
    value={form?.values[name] ?? ''}
    error={form?.errors.byField.get(name)}
    errorPrefix={prefix}
    hint={extra.hint}
    type={extra.type}
    inputmode={extra.inputmode}
    size={extra.size}
    autocomplete="off"
  />
);

/** The field paths of the round form, in page order (where its errors go). */
export const ROUND_FORM_FIELDS: readonly string[] = [
  'name',
  'regionCode',
  'activityPeriod.start',
  'activityPeriod.end',
  'activityPeriod',
  'entryWindow.opensAt',
  'entryWindow.closesAt',
  'entryWindow',
  'judgingWindow.opensAt',
  'judgingWindow.closesAt',
  'judgingWindow',
  'eligibility.verified',
  'eligibility.termNotExpired',
  'eligibility.minActivityReports',
  'eligibility.minMonthsSinceFormation',
  'eligibility',
  'entryMode',
  'missingScoreRule',
  ...TIE_BREAK_RULES.map((_, index) => `tieBreak[${index}]`),
  'tieBreak',
  ...Array.from({ length: CRITERION_ROWS }, (_, index) => [
    `criteria[${index}].id`,
    `criteria[${index}].name`,
    `criteria[${index}].weight`,
  ]).flat(),
  'criteria',
];

const Checkbox = ({
  form,
  name,
  label,
  prefix,
}: {
  form: FormState | undefined;
  name: string;
  label: string;
  prefix: string;
}) => {
  const error = form?.errors.byField.get(name);
  const id = `f-${name.replaceAll('.', '-')}`;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">{`${prefix} `}</span>
          {error}
        </p>
      ) : null}
      <div class="checkbox">
        <input
          type="checkbox"
          id={id}
          name={name}
          value="ya"
          checked={form?.values[name] === 'ya'}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <label for={id}>{label}</label>
      </div>
    </div>
  );
};

const GroupError = ({
  form,
  name,
  prefix,
}: {
  form: FormState | undefined;
  name: string;
  prefix: string;
}) => {
  const error = form?.errors.byField.get(name);
  return error ? (
    <p class="field-error" id={`f-${name}`} tabindex={-1}>
      <span class="visually-hidden">{`${prefix} `}</span>
      {error}
    </p>
  ) : null;
};

const RoundForm = ({ page, signedIn, form }: Shell & { form: FormState | undefined }) => {
  const { t, prefix, summaryTitle } = useText(page.lang);
  const choice = (
    name: string,
    label: string,
    options: ReadonlyArray<{ value: string; label: string }>,
    placeholder?: string,
  ) => (
    <Select
      name={name}
      label={label}
      value={form?.values[name] ?? ''}
      options={options}
      placeholder={placeholder}
      error={form?.errors.byField.get(name)}
      errorPrefix={prefix}
    />
  );
  return (
    <form method="post" action={awardPaths.list} novalidate data-testid="round-form">
      <h2 id="new-round">{t(m.newRound)}</h2>
      <Summary form={form} title={summaryTitle} />
      <Csrf token={signedIn.csrfToken} />
      {field(form, prefix, 'name', t(m.name))}
      {field(form, prefix, 'regionCode', t(m.region), { hint: t(m.regionHint), size: 16 })}
      <fieldset class="row">
        <legend>{t(m.activityPeriod)}</legend>
        <GroupError form={form} name="activityPeriod" prefix={prefix} />
        {field(form, prefix, 'activityPeriod.start', t(m.start), { type: 'date' })}
        {field(form, prefix, 'activityPeriod.end', t(m.end), { type: 'date' })}
      </fieldset>
      {(['entryWindow', 'judgingWindow'] as const).map((window) => (
        <fieldset class="row">
          <legend>{t(m[window])}</legend>
          <GroupError form={form} name={window} prefix={prefix} />
          {field(form, prefix, `${window}.opensAt`, t(m.opensAt), { hint: t(m.instantHint), size: 28 })}
          {field(form, prefix, `${window}.closesAt`, t(m.closesAt), { hint: t(m.instantHint), size: 28 })}
        </fieldset>
      ))}
      <fieldset class="row">
        <legend>{t(m.eligibility)}</legend>
        <GroupError form={form} name="eligibility" prefix={prefix} />
        <Checkbox form={form} name="eligibility.verified" label={t(m.verified)} prefix={prefix} />
        <Checkbox form={form} name="eligibility.termNotExpired" label={t(m.termNotExpired)} prefix={prefix} />
        {field(form, prefix, 'eligibility.minActivityReports', t(m.minActivityReports), {
          hint: t(m.optionalNumber),
          inputmode: 'numeric',
          size: 6,
        })}
        {field(form, prefix, 'eligibility.minMonthsSinceFormation', t(m.minMonths), {
          hint: t(m.optionalNumber),
          inputmode: 'numeric',
          size: 6,
        })}
      </fieldset>
      {choice(
        'entryMode',
        t(m.entryMode),
        ENTRY_MODES.map((mode) => ({ value: mode, label: t(m.entryModes[mode]) })),
      )}
      {choice(
        'missingScoreRule',
        t(m.missingScoreRule),
        MISSING_SCORE_RULES.map((rule) => ({ value: rule, label: t(m.missingScoreRules[rule]) })),
      )}
      <fieldset class="row">
        <legend>{t(m.tieBreak)}</legend>
        <GroupError form={form} name="tieBreak" prefix={prefix} />
        {TIE_BREAK_RULES.map((_, index) =>
          choice(
            `tieBreak[${index}]`,
            `${t(m.tieBreakRule)}${index + 1}`,
            TIE_BREAK_RULES.map((rule) => ({ value: rule, label: t(m.tieBreakRules[rule]) })),
            t(m.tieBreakNone),
          ),
        )}
      </fieldset>
      <fieldset class="row">
        <legend>{t(m.criteria)}</legend>
        <p class="hint">{t(m.criteriaHint)}</p>
        <GroupError form={form} name="criteria" prefix={prefix} />
        {Array.from({ length: CRITERION_ROWS }, (_, index) => (
          <fieldset class="row">
            <legend>{`${t(m.criterion)} ${index + 1}`}</legend>
            <div class="filter-row">
              {field(form, prefix, `criteria[${index}].id`, t(m.criterionId), { size: 16 })}
              {field(form, prefix, `criteria[${index}].name`, t(m.criterionName), { size: 30 })}
              {field(form, prefix, `criteria[${index}].weight`, t(m.weight), {
                inputmode: 'numeric',
                size: 4,
              })}
            </div>
          </fieldset>
        ))}
      </fieldset>
      <button type="submit">{t(m.create)}</button>
    </form>
  );
};

/** The rounds the caller sees (an admin: all of the scope; a juror: theirs), and the admin's round form. */
export const AwardsPage = ({ page, signedIn, rounds, more, isAdmin, form }: AwardsPageProps) => {
  const { t } = useText(page.lang);
  return (
    <ConsoleLayout page={page} title={t(m.title)} section="awards" signedIn={signedIn}>
      <h1>{t(m.title)}</h1>
      <p class="lead">{t(m.intro)}</p>
      <p>
        {`${t(m.yourId)}: `}
        <code data-testid="my-sub">{signedIn.principal.subject}</code>
      </p>
      {rounds.length === 0 ? (
        <p>{t(isAdmin ? m.noRounds : m.noJurorRounds)}</p>
      ) : (
        <DataTable testid="rounds" columns={[t(m.round), t(m.region), t(m.judgingWindow), t(m.status)]}>
          {rounds.map((round) => (
            <tr data-id={round.id}>
              <td>
                <a href={awardPaths.round(round.id)}>{round.name}</a>
              </td>
              <td>{round.regionCode}</td>
              <td>{windowText(round.judgingWindow, page.lang)}</td>
              <td>
                <StatusTag status={round.status} lang={page.lang} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {more ? <p class="muted">{t(m.more)}</p> : null}
      {isAdmin ? <RoundForm page={page} signedIn={signedIn} form={form} /> : null}
    </ConsoleLayout>
  );
};

// ---------------------------------------------------------------------------------------------
// One round: its rubric, jurors, entries, and the actions of the caller.

export interface RoundPageProps extends Shell {
  readonly round: RoundView & { readonly jurors: readonly JurorView[] };
  readonly entries: readonly EntryView[];
  readonly isAdmin: boolean;
  /** The caller is a juror of the round. */
  readonly isJuror: boolean;
  readonly notice?: string | undefined;
  /** Why the last action was refused, when it has no field to stand beside. */
  readonly problem?: string | undefined;
  readonly jurorForm?: FormState | undefined;
  readonly conflictForm?: FormState | undefined;
  readonly report?: AutomaticEntryReport | undefined;
}

const criterionName = (round: RoundView, criterionId: string) =>
  round.criteria.find((criterion) => criterion.id === criterionId)?.name ?? criterionId;

const ScoresCell = ({ entry, round }: { entry: EntryView; round: RoundView }) =>
  entry.scores.length === 0 ? null : (
    <ul class="card-list">
      {entry.scores.map((score) => (
        <li>{`${score.jurorUsername} · ${criterionName(round, score.criterionId)}: ${score.score}`}</li>
      ))}
    </ul>
  );

export const RoundPage = (props: RoundPageProps) => {
  const { page, signedIn, round, entries, isAdmin, isJuror } = props;
  const { t, prefix, summaryTitle } = useText(page.lang);
  const me = round.jurors.find((juror) => juror.sub === signedIn.principal.subject);
  return (
    <ConsoleLayout page={page} title={round.name} section="awards" signedIn={signedIn}>
      <p>
        <a href={awardPaths.list}>{t(m.title)}</a>
      </p>
      <h1>{round.name}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {props.problem ? (
        <div class="error-summary" role="alert" data-testid="problem">
          <p>{props.problem}</p>
        </div>
      ) : null}
      <dl class="summary-list">
        <div>
          <dt>{t(m.status)}</dt>
          <dd data-testid="round-status">
            <StatusTag status={round.status} lang={page.lang} />
          </dd>
        </div>
        <div>
          <dt>{t(m.region)}</dt>
          <dd>{round.regionCode}</dd>
        </div>
        <div>
          <dt>{t(m.period)}</dt>
          <dd>{`${round.activityPeriod.start} – ${round.activityPeriod.end}`}</dd>
        </div>
        <div>
          <dt>{t(m.entryWindow)}</dt>
          <dd>{windowText(round.entryWindow, page.lang)}</dd>
        </div>
        <div>
          <dt>{t(m.judgingWindow)}</dt>
          <dd>{windowText(round.judgingWindow, page.lang)}</dd>
        </div>
        <div>
          <dt>{t(m.missingScoreRule)}</dt>
          <dd>{t(m.missingScoreRules[round.missingScoreRule])}</dd>
        </div>
        <div>
          <dt>{t(m.tieBreak)}</dt>
          <dd>{round.tieBreak.map((rule) => t(m.tieBreakRules[rule])).join('; ') || t(m.none)}</dd>
        </div>
      </dl>
      <h2>{t(m.rubric)}</h2>
      <DataTable testid="rubric" columns={[t(m.criterion), { label: t(m.weight), numeric: true }]}>
        {round.criteria.map((criterion) => (
          <tr>
            <td>{criterion.name}</td>
            <td class="num">{criterion.weight}</td>
          </tr>
        ))}
      </DataTable>
      {isAdmin ? (
        <p class="actions">
          <a href={awardPaths.ranking(round.id)}>{t(m.ranking)}</a>
          <a href={awardPaths.audit(round.id)}>{t(m.audit)}</a>
        </p>
      ) : null}

      {isAdmin ? (
        <section aria-labelledby="jurors">
          <h2 id="jurors">{t(m.jurors)}</h2>
          {round.jurors.length === 0 ? (
            <p>{t(m.noJurors)}</p>
          ) : (
            <DataTable testid="jurors" columns={[t(m.jurorUsername), t(m.jurorSub), t(m.conflicts)]}>
              {round.jurors.map((juror) => (
                <tr>
                  <td>{juror.username}</td>
                  <td>
                    <code>{juror.sub}</code>
                  </td>
                  <td>{juror.conflictVillages.join(', ') || t(m.none)}</td>
                </tr>
              ))}
            </DataTable>
          )}
          {round.status === 'OPEN' ? (
            <form method="post" action={awardPaths.jurors(round.id)} class="filter" novalidate>
              <fieldset>
                <legend>{t(m.assign)}</legend>
                <Summary form={props.jurorForm} title={summaryTitle} />
                <Csrf token={signedIn.csrfToken} />
                <div class="filter-row">
                  {field(props.jurorForm, prefix, 'sub', t(m.jurorSub), { size: 36 })}
                  {field(props.jurorForm, prefix, 'username', t(m.jurorUsername), { size: 20 })}
                  <button type="submit">{t(m.assign)}</button>
                </div>
              </fieldset>
            </form>
          ) : null}
        </section>
      ) : null}

      {isJuror && me !== undefined ? (
        <section aria-labelledby="conflicts">
          <h2 id="conflicts">{t(m.conflicts)}</h2>
          <p data-testid="my-conflicts">{`${t(m.yourConflicts)}: ${me.conflictVillages.join(', ') || t(m.none)}`}</p>
          {round.status === 'OPEN' ? (
            <form method="post" action={awardPaths.conflicts(round.id)} class="filter" novalidate>
              <fieldset>
                <legend>{t(m.declare)}</legend>
                <Summary form={props.conflictForm} title={summaryTitle} />
                <Csrf token={signedIn.csrfToken} />
                <div class="filter-row">
                  {field(props.conflictForm, prefix, 'villageCodes', t(m.villageCodes), {
                    hint: t(m.villageCodesHint),
                    size: 40,
                  })}
                  <button type="submit">{t(m.declare)}</button>
                </div>
              </fieldset>
            </form>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="entries">
        <h2 id="entries">{t(m.entries)}</h2>
        {isJuror ? <p class="muted">{t(m.hiddenUntilClosed)}</p> : null}
        {isAdmin && round.status === 'OPEN' ? (
          <form method="post" action={awardPaths.automatic(round.id)} class="filter">
            <Csrf token={signedIn.csrfToken} />
            <p>{t(m.automaticIntro)}</p>
            <button type="submit">{t(m.automatic)}</button>
          </form>
        ) : null}
        {props.report ? (
          <div class="notice" role="status" data-testid="automatic-report">
            <h3>{t(m.automaticDone)}</h3>
            <ul>
              <li>{`${t(m.entered)}: ${props.report.entered}`}</li>
              <li>{`${t(m.alreadyEntered)}: ${props.report.alreadyEntered}`}</li>
              <li>{`${t(m.eligibleCount)}: ${props.report.eligible}`}</li>
              <li>{`${t(m.ineligibleCount)}: ${props.report.ineligible.length}`}</li>
            </ul>
          </div>
        ) : null}
        {entries.length === 0 ? (
          <p>{t(m.noEntries)}</p>
        ) : (
          <DataTable
            testid="entries"
            columns={[t(m.entries), t(m.village), t(m.status), t(isJuror ? m.yourScores : m.allScores)]}
          >
            {entries.map((entry) => (
              <tr data-id={entry.id}>
                <td>
                  {isJuror && entry.eligible && !entry.conflictOfInterest ? (
                    <a href={awardPaths.entry(round.id, entry.id)}>{entry.name}</a>
                  ) : (
                    entry.name
                  )}
                </td>
                <td>{`${entry.villageName} (${entry.villageCode})`}</td>
                <td>
                  {entry.eligible ? (
                    t(m.eligible)
                  ) : (
                    <>
                      {t(m.ineligible)}
                      <ul>
                        {entry.ineligibleReasons.map((reason) => (
                          <li>{page.lang === 'en' ? reason.messageEn : reason.message}</li>
                        ))}
                      </ul>
                    </>
                  )}
                </td>
                <td>
                  {entry.conflictOfInterest ? (
                    t(m.conflict)
                  ) : entry.scores.length === 0 ? (
                    entry.eligible ? (
                      t(m.notScored)
                    ) : null
                  ) : (
                    <ScoresCell entry={entry} round={round} />
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </ConsoleLayout>
  );
};

// ---------------------------------------------------------------------------------------------
// A juror's scoring form of one entry.

export interface ScorePageProps extends Shell {
  readonly round: RoundView;
  readonly entry: EntryView;
  readonly form?: FormState | undefined;
  readonly notice?: string | undefined;
}

/** The field paths of the scoring form, in page order. */
export const scoreFormFields = (round: RoundView): string[] => [
  ...round.criteria.flatMap((_, index) => [`scores[${index}].score`, `scores[${index}].note`]),
  'scores',
];

/**
 * The automatic indicator of a criterion, when the round names one: read-only, as measured when
 * the entry was recorded (the entry view's `indicators`), shown beside the criterion's score.
 */
const IndicatorNote = ({
  entry,
  criterionId,
  lang,
}: {
  entry: EntryView;
  criterionId: string;
  lang: Language;
}) => {
  const indicator = entry.indicators.find((item) => item.criterionId === criterionId);
  if (indicator === undefined) return null;
  return (
    <p class="hint" data-indicator={indicator.indicator}>
      <strong>{`${text(lang)(m.indicator)}: `}</strong>
      {lang === 'en' ? indicator.textEn : indicator.text}
    </p>
  );
};

export const ScorePage = ({ page, signedIn, round, entry, form, notice }: ScorePageProps) => {
  const { t, prefix, summaryTitle } = useText(page.lang);
  const mine = new Map(
    entry.scores
      .filter((score) => score.jurorSub === signedIn.principal.subject)
      .map((score) => [score.criterionId, score] as const),
  );
  const shownValue = (index: number, criterionId: string, part: 'score' | 'note') =>
    form?.values[`scores[${index}].${part}`] ??
    (part === 'score' ? String(mine.get(criterionId)?.score ?? '') : (mine.get(criterionId)?.note ?? ''));
  return (
    <ConsoleLayout
      page={page}
      title={`${t(m.scoreTitle)}: ${entry.name}`}
      section="awards"
      signedIn={signedIn}
    >
      <p>
        <a href={awardPaths.round(round.id)}>{`${t(m.back)}: ${round.name}`}</a>
      </p>
      <h1>{`${t(m.scoreTitle)}: ${entry.name}`}</h1>
      <p>{`${entry.villageName} (${entry.villageCode})`}</p>
      {notice ? <Notice>{notice}</Notice> : null}
      <p>{t(m.scoreIntro)}</p>
      <form method="post" action={awardPaths.entry(round.id, entry.id)} novalidate data-testid="score-form">
        <Summary form={form} title={summaryTitle} />
        <GroupError form={form} name="scores" prefix={prefix} />
        <Csrf token={signedIn.csrfToken} />
        {round.criteria.map((criterion, index) => {
          const noteName = `scores[${index}].note`;
          const noteError = form?.errors.byField.get(noteName);
          const noteId = `f-scores-${index}-note`;
          return (
            <fieldset class="row" data-criterion={criterion.id}>
              <legend>{`${criterion.name} (${t(m.weight).toLowerCase()} ${criterion.weight})`}</legend>
              <input type="hidden" name={`scores[${index}].criterionId`} value={criterion.id} />
              <IndicatorNote entry={entry} criterionId={criterion.id} lang={page.lang} />
              <TextInput
                name={`scores[${index}].score`}
                label={`${t(m.score)} (0–100)`}
                value={shownValue(index, criterion.id, 'score')}
                error={form?.errors.byField.get(`scores[${index}].score`)}
                errorPrefix={prefix}
                inputmode="numeric"
                size={4}
                autocomplete="off"
              />
              <div class={noteError ? 'field has-error' : 'field'}>
                <label for={noteId}>{t(m.note)}</label>
                {noteError ? (
                  <p class="field-error" id={`${noteId}-error`}>
                    <span class="visually-hidden">{`${prefix} `}</span>
                    {noteError}
                  </p>
                ) : null}
                <textarea
                  id={noteId}
                  name={noteName}
                  rows={3}
                  aria-invalid={noteError ? 'true' : undefined}
                  aria-describedby={noteError ? `${noteId}-error` : undefined}
                >
                  {shownValue(index, criterion.id, 'note')}
                </textarea>
              </div>
            </fieldset>
          );
        })}
        <button type="submit">{t(m.save)}</button>
      </form>
    </ConsoleLayout>
  );
};

// ---------------------------------------------------------------------------------------------
// The ranking (preview or published), the publication's confirmation, the audit trail.

export interface RankingPageProps extends Shell {
  readonly round: RoundView;
  readonly ranking: RankingView;
  readonly published: boolean;
  /** Entry id → the KIM's name. */
  readonly names: ReadonlyMap<string, string>;
  readonly notice?: string | undefined;
  /** Show the confirmation step of the publication instead of the link to it. */
  readonly confirming?: boolean;
}

const ruleText = (rule: string | null, lang: Language) =>
  rule === null
    ? m.tieShared[lang]
    : `${m.tieBrokenBy[lang]} ${(m.tieBreakRules as Record<string, Text>)[rule]?.[lang] ?? rule}`;

export const RankingPage = (props: RankingPageProps) => {
  const { page, signedIn, round, ranking, published, names } = props;
  const { t } = useText(page.lang);
  const heading = t(published ? m.publishedRanking : m.preview);
  return (
    <ConsoleLayout page={page} title={`${heading}: ${round.name}`} section="awards" signedIn={signedIn}>
      <p>
        <a href={awardPaths.round(round.id)}>{`${t(m.back)}: ${round.name}`}</a>
      </p>
      <h1>{heading}</h1>
      <p class="lead">{round.name}</p>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <p>{`${t(m.missingScoreRule)}: ${t(m.missingScoreRules[ranking.missingScoreRule])}`}</p>
      <p>
        {`${t(m.tieBreak)}: ${ranking.tieBreak.map((rule) => t(m.tieBreakRules[rule])).join('; ') || t(m.none)}`}
      </p>
      <DataTable
        testid="ranking"
        columns={[
          { label: t(m.rank), numeric: true },
          t(m.entries),
          ...round.criteria.map((criterion) => ({
            label: `${criterion.name} (${criterion.weight})`,
            numeric: true as const,
          })),
          { label: t(m.total), numeric: true },
          t(m.standing),
        ]}
      >
        {ranking.entries.map((entry) => (
          <tr data-id={entry.entryId}>
            <td class="num">{entry.rank ?? '–'}</td>
            <td>{names.get(entry.entryId) ?? entry.entryId}</td>
            {round.criteria.map((criterion) => {
              const scored = entry.criteria.find((item) => item.criterionId === criterion.id);
              return <td class="num">{scored?.mean?.value ?? '–'}</td>;
            })}
            <td class="num">{entry.total?.value ?? '–'}</td>
            <td>
              {t(m.standings[entry.standing])}
              {entry.missing.length > 0 ? ` (${entry.missing.length} ${t(m.missing)})` : ''}
              {entry.tie
                ? `; ${t(m.tieWith)} ${names.get(entry.tie.withEntryId) ?? entry.tie.withEntryId}, ${ruleText(entry.tie.brokenBy, page.lang)}`
                : ''}
            </td>
          </tr>
        ))}
      </DataTable>
      {published || round.status !== 'OPEN' ? null : props.confirming ? (
        <form
          method="post"
          action={awardPaths.publish(round.id)}
          class="warning"
          data-testid="confirm-publish"
        >
          <h2>{t(m.confirmTitle)}</h2>
          <p>{t(m.confirmText)}</p>
          <Csrf token={signedIn.csrfToken} />
          <div class="actions">
            <button type="submit">{t(m.confirm)}</button>
            <a href={awardPaths.ranking(round.id)}>{t(m.cancel)}</a>
          </div>
        </form>
      ) : (
        <p class="actions">
          <a href={awardPaths.publish(round.id)}>{t(m.publish)}</a>
        </p>
      )}
    </ConsoleLayout>
  );
};

export interface AuditPageProps extends Shell {
  readonly round: RoundView;
  readonly items: ReadonlyArray<{
    readonly at: string;
    readonly actor: Actor;
    readonly action: AuditAction;
    readonly entryId?: string | undefined;
    readonly jurorSub?: string | undefined;
    readonly details: Readonly<Record<string, unknown>>;
  }>;
}

/** The details of an audit line as stored (ids, codes and scores only), in a readable line. */
const detailsText = (item: AuditPageProps['items'][number]) =>
  [
    item.entryId === undefined ? undefined : `entryId=${item.entryId}`,
    item.jurorSub === undefined ? undefined : `jurorSub=${item.jurorSub}`,
    ...Object.entries(item.details).map(([key, value]) => `${key}=${JSON.stringify(value)}`),
  ]
    .filter((part) => part !== undefined)
    .join('; ');

export const AuditPage = ({ page, signedIn, round, items }: AuditPageProps) => {
  const { t } = useText(page.lang);
  return (
    <ConsoleLayout page={page} title={`${t(m.audit)}: ${round.name}`} section="awards" signedIn={signedIn}>
      <p>
        <a href={awardPaths.round(round.id)}>{`${t(m.back)}: ${round.name}`}</a>
      </p>
      <h1>{t(m.audit)}</h1>
      <p class="lead">{round.name}</p>
      {items.length === 0 ? (
        <p>{t(m.noAudit)}</p>
      ) : (
        <DataTable testid="audit" columns={[t(m.when), t(m.who), t(m.what), t(m.detail)]}>
          {items.map((item) => (
            <tr>
              <td>{formatDateTime(item.at, page.lang)}</td>
              <td>{'username' in item.actor ? item.actor.username : item.actor.role}</td>
              <td>{t(m.actions[item.action])}</td>
              <td>
                <code>{detailsText(item)}</code>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </ConsoleLayout>
  );
};
