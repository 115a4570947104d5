import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Principal } from '../auth/principal.js';
import { conflictOfInterest, entryNotFound, NotYetSupportedError, notAJuror } from '../awards/errors.js';
import {
  declareConflicts,
  getRanking,
  listAudit,
  listEntries,
  publishResults,
  submitScores,
} from '../awards/judging.js';
import {
  assignJuror,
  createRound,
  enterAutomatically,
  getRound,
  listRounds,
} from '../awards/manage-rounds.js';
import type { AwardDeps } from '../awards/round-access.js';
import {
  ConflictError,
  type FieldError,
  UnprocessableContentError,
  ValidationError,
} from '../platform/errors.js';
import { logger } from '../platform/logger.js';
import type { FormObject, FormValue } from '../platform/web/form-data.js';
import { mapFieldErrors } from '../platform/web/form-errors.js';
import type { Language, Text } from '../platform/web/language.js';
import type { PageContext } from '../platform/web/page-context.js';
import { redirectResponse } from '../platform/web/response.js';
import { awardMessages as m } from './award-messages.js';
import {
  AuditPage,
  AwardsPage,
  awardPaths,
  type FormState,
  RankingPage,
  ROUND_FORM_FIELDS,
  RoundPage,
  type RoundPageProps,
  ScorePage,
  scoreFormFields,
} from './award-page.js';
import type { SignedIn } from './console-layout.js';
import { type Handler, html, readPost, type SessionHandler, signedIn } from './console-session.js';
import { text } from './messages.js';
import type { ConsoleSession, SignInDeps } from './sign-in.js';

/**
 * The console's award pages (`/konsol/penghargaan`): every read and write goes through the award
 * use cases the `/admin/awards` API calls, with the session's principal, so the access rules (an
 * admin on every round of the scope, a juror on the rounds they judge), the windows, the hidden
 * scores and the audit trail are the API's. A form's refusal comes back beside its inputs.
 */
export interface AwardPageDeps extends SignInDeps {
  readonly awards: AwardDeps;
}

// ---------------------------------------------------------------------------------------------
// From a form post to the API's body, and the API's field errors back to the form's fields.

/** Every text value of a posted form by its field path (`criteria[0].weight`), for showing it again. */
export const flattenForm = (value: FormValue, path = '', out: Record<string, string> = {}) => {
  if (typeof value === 'string') out[path] = value;
  else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) flattenForm(item, `${path}[${index}]`, out);
  } else
    for (const [key, item] of Object.entries(value)) flattenForm(item, path ? `${path}.${key}` : key, out);
  return out;
};

const str = (value: FormValue | undefined): string => (typeof value === 'string' ? value : '');
const obj = (value: FormValue | undefined): FormObject =>
  value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : {};
const list = (value: FormValue | undefined): FormValue[] => (Array.isArray(value) ? value : []);

/** A whole number as typed (spaces around it aside) becomes a number; anything else stays text, for the schema to refuse. */
const numberOr = (value: string): number | string =>
  /^\s*-?\d{1,9}\s*$/.test(value) ? Number(value) : value;

/** The fields of `object` with a non-blank value, as given. */
const present = (entries: ReadonlyArray<readonly [string, unknown]>) =>
  Object.fromEntries(entries.filter(([, value]) => value !== '' && value !== undefined));

/**
 * Blank rows of a list (a criterion row, a tie-break slot) are left out of the body; `rows` says
 * which form row each item of the body came from, so an error on `criteria[1]` lands on its row.
 */
interface Compacted<T> {
  readonly items: T[];
  readonly rows: number[];
}

const compact = <T>(rows: readonly T[], isBlank: (row: T) => boolean): Compacted<T> => {
  const kept = rows.map((row, index) => [row, index] as const).filter(([row]) => !isBlank(row));
  return { items: kept.map(([row]) => row), rows: kept.map(([, index]) => index) };
};

/** Renames `list[k]…` in each error to the form row the k-th item came from. */
const toRows = (errors: readonly FieldError[], name: string, rows: readonly number[]): FieldError[] =>
  errors.map((error) => {
    const match = new RegExp(`^${name}\\[(\\d+)\\](.*)$`).exec(error.field);
    if (match === null) return error;
    const row = rows[Number(match[1])];
    return row === undefined ? error : { ...error, field: `${name}[${row}]${match[2]}` };
  });

/** The round form as the body of POST /admin/awards/rounds, and how to place its errors. */
export const roundBodyOf = (form: FormObject) => {
  const period = obj(form.activityPeriod);
  const windowOf = (value: FormValue | undefined) =>
    present([
      ['opensAt', str(obj(value).opensAt).trim()],
      ['closesAt', str(obj(value).closesAt).trim()],
    ]);
  const eligibility = obj(form.eligibility);
  const tieBreak = compact(list(form.tieBreak).map(str), (rule) => rule === '');
  const criteria = compact(
    list(form.criteria).map((row) => ({
      id: str(obj(row).id).trim(),
      name: str(obj(row).name).trim(),
      weight: str(obj(row).weight).trim(),
    })),
    (row) => row.id === '' && row.name === '' && row.weight === '',
  );
  const body = present([
    ['name', str(form.name).trim()],
    ['regionCode', str(form.regionCode).trim()],
    [
      'activityPeriod',
      present([
        ['start', str(period.start).trim()],
        ['end', str(period.end).trim()],
      ]),
    ],
    ['entryWindow', windowOf(form.entryWindow)],
    ['judgingWindow', windowOf(form.judgingWindow)],
    [
      'eligibility',
      present([
        ['verified', str(eligibility.verified) === 'ya'],
        ['termNotExpired', str(eligibility.termNotExpired) === 'ya'],
        [
          'minActivityReports',
          str(eligibility.minActivityReports).trim() && numberOr(str(eligibility.minActivityReports)),
        ],
        [
          'minMonthsSinceFormation',
          str(eligibility.minMonthsSinceFormation).trim() &&
            numberOr(str(eligibility.minMonthsSinceFormation)),
        ],
      ]),
    ],
    ['entryMode', str(form.entryMode)],
    ['missingScoreRule', str(form.missingScoreRule)],
    ['tieBreak', tieBreak.items],
    [
      'criteria',
      criteria.items.map((row) =>
        present([
          ['id', row.id],
          ['name', row.name],
          ['weight', row.weight === '' ? '' : numberOr(row.weight)],
        ]),
      ),
    ],
  ]);
  const place = (errors: readonly FieldError[]) =>
    toRows(toRows(errors, 'criteria', criteria.rows), 'tieBreak', tieBreak.rows);
  return { body, place };
};

/** The scoring form as the body of PUT …/entries/{entryId}/scores: the criteria given a score or a note. */
export const scoresBodyOf = (form: FormObject) => {
  const rows = compact(
    list(form.scores).map((row) => ({
      criterionId: str(obj(row).criterionId),
      score: str(obj(row).score).trim(),
      note: str(obj(row).note).trim(),
    })),
    (row) => row.score === '' && row.note === '',
  );
  const body = {
    scores: rows.items.map((row) =>
      present([
        ['criterionId', row.criterionId],
        ['score', row.score === '' ? '' : numberOr(row.score)],
        ['note', row.note],
      ]),
    ),
  };
  return { body, place: (errors: readonly FieldError[]) => toRows(errors, 'scores', rows.rows) };
};

/** The conflict form as the body of POST …/conflicts: the codes typed, separated by spaces or commas. */
export const conflictsBodyOf = (form: FormObject) => ({
  villageCodes: str(form.villageCodes)
    .split(/[\s,]+/)
    .filter((code) => code !== ''),
});

/**
 * What a refused form shows: a field's errors beside it (400), a rule not yet supported beside its
 * field (422), a conflict with the round's state on top (409). Anything else is the error page's.
 */
const refusalOf = (error: unknown): { status: number; errors: readonly FieldError[] } | undefined => {
  if (error instanceof ValidationError) return { status: 400, errors: error.errors };
  if (error instanceof NotYetSupportedError) {
    return {
      status: 422,
      errors: error.parts.map((part) => ({
        field: part.field,
        message: `Belum didukung: ${part.id}.`,
        messageEn: `Not supported yet: ${part.en}.`,
      })),
    };
  }
  if (error instanceof ConflictError || error instanceof UnprocessableContentError) {
    const status = error instanceof ConflictError ? 409 : 422;
    return { status, errors: [{ field: '(form)', message: error.message, messageEn: error.messageEn }] };
  }
  return undefined;
};

const formState = (
  page: PageContext,
  posted: FormObject,
  errors: readonly FieldError[],
  anchors: readonly string[],
): FormState => ({
  values: flattenForm(posted),
  errors: mapFieldErrors(errors, { anchors, lang: page.lang, label: (field) => labelOf(field, page.lang) }),
});

const LABELS: Readonly<Record<string, Text>> = {
  name: m.name,
  regionCode: m.region,
  activityPeriod: m.activityPeriod,
  'activityPeriod.start': m.start,
  'activityPeriod.end': m.end,
  entryWindow: m.entryWindow,
  'entryWindow.opensAt': m.opensAt,
  'entryWindow.closesAt': m.closesAt,
  judgingWindow: m.judgingWindow,
  'judgingWindow.opensAt': m.opensAt,
  'judgingWindow.closesAt': m.closesAt,
  eligibility: m.eligibility,
  'eligibility.verified': m.verified,
  'eligibility.termNotExpired': m.termNotExpired,
  'eligibility.minActivityReports': m.minActivityReports,
  'eligibility.minMonthsSinceFormation': m.minMonths,
  entryMode: m.entryMode,
  missingScoreRule: m.missingScoreRule,
  tieBreak: m.tieBreak,
  criteria: m.criteria,
  id: m.criterionId,
  weight: m.weight,
  score: m.score,
  note: m.note,
  scores: m.score,
  sub: m.jurorSub,
  username: m.jurorUsername,
  villageCodes: m.villageCodes,
};

/** The label of a field in the error summary: `criteria[1].weight` is "Kriteria 2 – Bobot". */
export const labelOf = (field: string, lang: Language): string => {
  const row = /^(criteria|scores|tieBreak)\[(\d+)\](?:\.(\w+))?$/.exec(field);
  if (row !== null) {
    const [, list, index, part] = row;
    const head = `${(list === 'tieBreak' ? m.tieBreakRule : list === 'scores' ? m.criterion : m.criterion)[lang]}${list === 'tieBreak' ? '' : ' '}${Number(index) + 1}`;
    const tail = part === undefined ? undefined : part === 'name' ? m.criterionName : LABELS[part];
    return tail === undefined ? head : `${head} – ${tail[lang]}`;
  }
  return LABELS[field]?.[lang] ?? field;
};

// ---------------------------------------------------------------------------------------------
// The pages.

const roundIdOf = (event: APIGatewayProxyEventV2) => event.pathParameters?.roundId ?? '';
const entryIdOf = (event: APIGatewayProxyEventV2) => event.pathParameters?.entryId ?? '';

const NOTICES: Readonly<Record<string, keyof typeof m>> = {
  babak: 'created',
  juri: 'assigned',
  'juri-ada': 'alreadyAssigned',
  konflik: 'declared',
  nilai: 'saved',
  'nilai-sama': 'unchanged',
  umumkan: 'published',
};

const noticeOf = (page: PageContext): string | undefined => {
  const key = NOTICES[page.query.selesai ?? ''];
  const message = key === undefined ? undefined : m[key];
  return message !== undefined && 'id' in message && typeof message.id === 'string'
    ? text(page.lang)(message as { id: string; en: string })
    : undefined;
};

const renderList = async (
  deps: AwardPageDeps,
  event: APIGatewayProxyEventV2,
  session: ConsoleSession,
  page: PageContext,
  who: SignedIn,
  form?: FormState,
  status = 200,
) => {
  const rounds = await listRounds(deps.awards, session.principal, {});
  return html(
    deps,
    event,
    AwardsPage({
      page,
      signedIn: who,
      rounds: rounds.items,
      more: rounds.nextCursor !== null,
      isAdmin: session.principal.role === 'admin',
      form,
    }),
    status,
  );
};

type RoundExtra = Pick<RoundPageProps, 'notice' | 'problem' | 'jurorForm' | 'conflictForm' | 'report'>;

const renderRound = async (
  deps: AwardPageDeps,
  event: APIGatewayProxyEventV2,
  principal: Principal,
  page: PageContext,
  who: SignedIn,
  extra: RoundExtra = {},
  status = 200,
) => {
  const round = await getRound(deps.awards, principal, roundIdOf(event));
  const { items } = await listEntries(deps.awards, principal, round.id);
  return html(
    deps,
    event,
    RoundPage({
      page,
      signedIn: who,
      round,
      entries: items,
      isAdmin: principal.role === 'admin',
      isJuror: round.jurors.some((juror) => juror.sub === principal.subject),
      ...extra,
    }),
    status,
  );
};

/** The round and the caller's view of one entry, for the scoring form: jurors only, never of a conflict. */
const scoringOf = async (deps: AwardPageDeps, principal: Principal, roundId: string, entryId: string) => {
  const round = await getRound(deps.awards, principal, roundId);
  if (!round.jurors.some((juror) => juror.sub === principal.subject)) throw notAJuror();
  const { items } = await listEntries(deps.awards, principal, round.id);
  const entry = items.find((item) => item.id === entryId && item.eligible);
  if (entry === undefined) throw entryNotFound();
  if (entry.conflictOfInterest) throw conflictOfInterest(entry.villageCode);
  return { round, entry };
};

const renderRanking = async (
  deps: AwardPageDeps,
  event: APIGatewayProxyEventV2,
  principal: Principal,
  page: PageContext,
  who: SignedIn,
  options: { confirming?: boolean; notice?: string | undefined } = {},
  status = 200,
) => {
  const { ranking, published } = await getRanking(deps.awards, principal, roundIdOf(event));
  const [round, entries] = await Promise.all([
    getRound(deps.awards, principal, roundIdOf(event)),
    listEntries(deps.awards, principal, roundIdOf(event)),
  ]);
  return html(
    deps,
    event,
    RankingPage({
      page,
      signedIn: who,
      round,
      ranking,
      published,
      names: new Map(entries.items.map((entry) => [entry.id, entry.name])),
      confirming: options.confirming ?? false,
      notice: options.notice,
    }),
    status,
  );
};

/** A form post whose refusals re-render `render` with the form's state; success redirects (303). */
const post =
  (
    deps: AwardPageDeps,
    act: (
      event: APIGatewayProxyEventV2,
      principal: Principal,
      posted: FormObject,
    ) => Promise<{ redirect: string } | { refused: { status: number; errors: readonly FieldError[] } }>,
    render: (
      event: APIGatewayProxyEventV2,
      session: ConsoleSession,
      page: PageContext,
      who: SignedIn,
      state: FormState,
      status: number,
    ) => Promise<Awaited<ReturnType<Handler>>>,
    anchors: (event: APIGatewayProxyEventV2, principal: Principal) => Promise<readonly string[]>,
  ): SessionHandler =>
  async (event, session, page, who) => {
    const posted = readPost(deps, event, session);
    const outcome = await act(event, session.principal, posted);
    if ('redirect' in outcome) return redirectResponse(event, outcome.redirect, { status: 303 });
    const state = formState(page, posted, outcome.refused.errors, await anchors(event, session.principal));
    return render(event, session, page, who, state, outcome.refused.status);
  };

/** Runs a use case; its refusals (see refusalOf) come back as values, placed by `place`. */
const attempt = async <T>(
  run: () => Promise<T>,
  place: (errors: readonly FieldError[]) => readonly FieldError[] = (errors) => errors,
): Promise<{ value: T } | { refused: { status: number; errors: readonly FieldError[] } }> => {
  try {
    return { value: await run() };
  } catch (error) {
    const refused = refusalOf(error);
    if (refused === undefined) throw error;
    return { refused: { status: refused.status, errors: place(refused.errors) } };
  }
};

const staticAnchors = (fields: readonly string[]) => async () => fields;

/** The award routes of the console. */
export const awardRoutes = (deps: AwardPageDeps): Readonly<Record<string, Handler>> => ({
  [`GET ${awardPaths.list}`]: signedIn(deps, (event, session, page, who) =>
    renderList(deps, event, session, page, who),
  ),
  [`POST ${awardPaths.list}`]: signedIn(
    deps,
    post(
      deps,
      async (_event, principal, posted) => {
        const { body, place } = roundBodyOf(posted);
        const result = await attempt(() => createRound(deps.awards, principal, body), place);
        if ('refused' in result) return result;
        logger.info('Console award round created', {
          roundId: result.value.id,
          regionCode: result.value.regionCode,
        });
        return { redirect: `${awardPaths.round(result.value.id)}?selesai=babak` };
      },
      (event, session, page, who, state, status) =>
        renderList(deps, event, session, page, who, state, status),
      staticAnchors(ROUND_FORM_FIELDS),
    ),
  ),
  'GET /konsol/penghargaan/{roundId}': signedIn(deps, (event, session, page, who) =>
    renderRound(deps, event, session.principal, page, who, { notice: noticeOf(page) }),
  ),
  'POST /konsol/penghargaan/{roundId}/juri': signedIn(
    deps,
    post(
      deps,
      async (event, principal, posted) => {
        const sub = str(posted.sub).trim();
        const username = str(posted.username).trim();
        const result = await attempt(() =>
          assignJuror(deps.awards, principal, roundIdOf(event), sub, present([['username', username]])),
        );
        if ('refused' in result) return result;
        logger.info('Console award juror assigned', {
          roundId: roundIdOf(event),
          created: result.value.created,
        });
        return {
          redirect: `${awardPaths.round(roundIdOf(event))}?selesai=${result.value.created ? 'juri' : 'juri-ada'}`,
        };
      },
      (event, session, page, who, state, status) =>
        renderRound(deps, event, session.principal, page, who, { jurorForm: state }, status),
      staticAnchors(['sub', 'username']),
    ),
  ),
  'POST /konsol/penghargaan/{roundId}/peserta-otomatis': signedIn(deps, async (event, session, page, who) => {
    readPost(deps, event, session);
    const result = await attempt(() => enterAutomatically(deps.awards, session.principal, roundIdOf(event)));
    if ('refused' in result) {
      const [first] = result.refused.errors;
      const problem = first === undefined ? undefined : page.lang === 'en' ? first.messageEn : first.message;
      return renderRound(deps, event, session.principal, page, who, { problem }, result.refused.status);
    }
    logger.info('Console award entries entered automatically', {
      roundId: roundIdOf(event),
      entered: result.value.entered,
      alreadyEntered: result.value.alreadyEntered,
      ineligible: result.value.ineligible.length,
    });
    return renderRound(deps, event, session.principal, page, who, { report: result.value });
  }),
  'POST /konsol/penghargaan/{roundId}/konflik': signedIn(
    deps,
    post(
      deps,
      async (event, principal, posted) => {
        const result = await attempt(() =>
          declareConflicts(deps.awards, principal, roundIdOf(event), conflictsBodyOf(posted)),
        );
        if ('refused' in result) return result;
        logger.info('Console award conflicts declared', {
          roundId: roundIdOf(event),
          villages: result.value.conflictVillages.length,
        });
        return { redirect: `${awardPaths.round(roundIdOf(event))}?selesai=konflik` };
      },
      (event, session, page, who, state, status) =>
        renderRound(deps, event, session.principal, page, who, { conflictForm: state }, status),
      staticAnchors(['villageCodes']),
    ),
  ),
  'GET /konsol/penghargaan/{roundId}/peserta/{entryId}': signedIn(deps, async (event, session, page, who) => {
    const { round, entry } = await scoringOf(deps, session.principal, roundIdOf(event), entryIdOf(event));
    return html(deps, event, ScorePage({ page, signedIn: who, round, entry, notice: noticeOf(page) }));
  }),
  'POST /konsol/penghargaan/{roundId}/peserta/{entryId}': signedIn(
    deps,
    post(
      deps,
      async (event, principal, posted) => {
        const { body, place } = scoresBodyOf(posted);
        const result = await attempt(
          () => submitScores(deps.awards, principal, roundIdOf(event), entryIdOf(event), body),
          place,
        );
        if ('refused' in result) return result;
        logger.info('Console award scores submitted', {
          roundId: roundIdOf(event),
          entryId: result.value.entryId,
          changed: result.value.changed,
        });
        return {
          redirect: `${awardPaths.entry(roundIdOf(event), result.value.entryId)}?selesai=${result.value.changed ? 'nilai' : 'nilai-sama'}`,
        };
      },
      async (event, session, page, who, state, status) => {
        const { round, entry } = await scoringOf(deps, session.principal, roundIdOf(event), entryIdOf(event));
        return html(deps, event, ScorePage({ page, signedIn: who, round, entry, form: state }), status);
      },
      async (event, principal) => scoreFormFields(await getRound(deps.awards, principal, roundIdOf(event))),
    ),
  ),
  'GET /konsol/penghargaan/{roundId}/peringkat': signedIn(deps, (event, session, page, who) =>
    renderRanking(deps, event, session.principal, page, who, { notice: noticeOf(page) }),
  ),
  'GET /konsol/penghargaan/{roundId}/umumkan': signedIn(deps, (event, session, page, who) =>
    renderRanking(deps, event, session.principal, page, who, { confirming: true }),
  ),
  'POST /konsol/penghargaan/{roundId}/umumkan': signedIn(deps, async (event, session, page, who) => {
    readPost(deps, event, session);
    const result = await attempt(() => publishResults(deps.awards, session.principal, roundIdOf(event)));
    if ('refused' in result) {
      const [first] = result.refused.errors;
      const notice = first === undefined ? undefined : page.lang === 'en' ? first.messageEn : first.message;
      return renderRanking(deps, event, session.principal, page, who, { notice }, result.refused.status);
    }
    logger.info('Console award results published', {
      roundId: roundIdOf(event),
      entries: result.value.ranking.entries.length,
    });
    return redirectResponse(event, `${awardPaths.ranking(roundIdOf(event))}?selesai=umumkan`, {
      status: 303,
    });
  }),
  'GET /konsol/penghargaan/{roundId}/audit': signedIn(deps, async (event, session, page, who) => {
    const { items } = await listAudit(deps.awards, session.principal, roundIdOf(event));
    const round = await getRound(deps.awards, session.principal, roundIdOf(event));
    return html(deps, event, AuditPage({ page, signedIn: who, round, items }));
  }),
});
