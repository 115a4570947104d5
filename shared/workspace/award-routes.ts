import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { IneligibleEntryError, roundNotFound } from '../awards/errors.js';
import type { AwardDeps } from '../awards/round-access.js';
import { enterSelf, type SelfEntryRound, selfEntryRounds } from '../awards/self-entry.js';
import { ConflictError, type FieldError, ValidationError } from '../platform/errors.js';
import { logger } from '../platform/logger.js';
import { mapFieldErrors } from '../platform/web/form-errors.js';
import type { PageContext } from '../platform/web/page-context.js';
import { redirectResponse } from '../platform/web/response.js';
import { awardMessages } from './award-messages.js';
import {
  AwardEntryPage,
  AwardListPage,
  type ReasonText,
  STATEMENT_FIELD,
  workspaceAwardPaths,
} from './award-pages.js';
import { emptyForm, type FormState } from './pages.js';
import {
  type Handler,
  readWorkspacePost,
  requireWorkspaceSession,
  type WorkspacePageDeps,
  type WorkspaceRequest,
  workspaceHtml,
} from './workspace-pages.js';

/** What the award pages need: the workspace's session and the award use cases' ports. */
export interface WorkspaceAwardDeps
  extends Pick<WorkspacePageDeps, 'formSecret' | 'clock' | 'registrationReader'> {
  readonly awards: AwardDeps;
}

const roundIdOf = (request: WorkspaceRequest): string => request.event.pathParameters?.roundId ?? '';

/** GET `/kelola/penghargaan`: the rounds open to the KIM's self-entry now, with its entry status. */
const listPage = (deps: WorkspaceAwardDeps) => async (request: WorkspaceRequest) =>
  workspaceHtml(
    request.event,
    AwardListPage({
      page: request.page,
      signedIn: request.signedIn,
      rounds: await selfEntryRounds(deps.awards, request.registration.id),
      enteredRound: request.page.query.terdaftar,
    }),
  );

/** The round of the path among those the KIM may enter now; any other is not found (404). */
const openRoundOf = async (deps: WorkspaceAwardDeps, request: WorkspaceRequest): Promise<SelfEntryRound> => {
  const roundId = roundIdOf(request);
  const item = (await selfEntryRounds(deps.awards, request.registration.id)).find(
    (candidate) => candidate.round.id === roundId,
  );
  if (item === undefined) throw roundNotFound();
  return item;
};

const formState = (
  statement: string,
  errors: readonly FieldError[],
  lang: PageContext['lang'],
): FormState => {
  const mapped = mapFieldErrors(errors, {
    anchors: [STATEMENT_FIELD],
    lang,
    label: () => awardMessages.form.statement[lang],
  });
  return { values: { [STATEMENT_FIELD]: statement }, errors: mapped.byField, summary: mapped.summary };
};

const entryPage = (
  request: WorkspaceRequest,
  item: SelfEntryRound,
  form: FormState,
  options: { status?: number; ineligible?: readonly ReasonText[] } = {},
): Promise<APIGatewayProxyStructuredResultV2> =>
  workspaceHtml(
    request.event,
    AwardEntryPage({
      page: request.page,
      signedIn: request.signedIn,
      item,
      form,
      ineligible: options.ineligible,
    }),
    { status: options.status ?? 200 },
  );

/** GET `/kelola/penghargaan/{roundId}`: the entry form, or the entry made. */
const showRound = (deps: WorkspaceAwardDeps) => async (request: WorkspaceRequest) =>
  entryPage(request, await openRoundOf(deps, request), emptyForm);

/**
 * POST `/kelola/penghargaan/{roundId}`: enters the KIM through `enterSelf` (the API's use case and
 * rules) and answers 303 to the list. A refusal renders the form again with the statement as typed:
 * a bad statement (400) or a conflict (409: entered meanwhile, window just closed) beside the field;
 * not eligible (422) with the reasons. Nothing is written on a refusal.
 */
const submitEntry = (deps: WorkspaceAwardDeps) => async (request: WorkspaceRequest) => {
  const form = readWorkspacePost(deps, request);
  const item = await openRoundOf(deps, request);
  const sent = form[STATEMENT_FIELD];
  const statement = typeof sent === 'string' ? sent : '';
  const { lang } = request.page;
  try {
    const { entry, created } = await enterSelf(deps.awards, {
      registrationId: request.registration.id,
      roundId: item.round.id,
      body: { statement: sent },
    });
    // Ids and outcome only: the statement is the KIM's own words.
    logger.info(created ? 'Award self-entry made' : 'Award self-entry repeated', {
      roundId: item.round.id,
      entryId: entry.id,
      from: 'workspace',
    });
    return redirectResponse(request.event, workspaceAwardPaths.entered(item.round.id), { status: 303 });
  } catch (error) {
    if (error instanceof ValidationError) {
      const onField = error.errors.map((fieldError) => ({ ...fieldError, field: STATEMENT_FIELD }));
      return entryPage(request, item, formState(statement, onField, lang), { status: 400 });
    }
    if (error instanceof IneligibleEntryError) {
      logger.info('Award self-entry ineligible', {
        roundId: item.round.id,
        registrationId: request.registration.id,
        reasons: error.reasons.map((reason) => reason.code),
      });
      return entryPage(request, item, formState(statement, [], lang), {
        status: 422,
        ineligible: error.reasons,
      });
    }
    if (error instanceof ConflictError) {
      // Entered meanwhile (another statement, or by the admins), or the window just closed.
      const refusal = { field: STATEMENT_FIELD, message: error.message, messageEn: error.messageEn };
      return entryPage(request, item, formState(statement, [refusal], lang), { status: 409 });
    }
    throw error;
  }
};

/** The award pages' routes, by route key: all behind the workspace session. */
export const awardRoutes = (deps: WorkspaceAwardDeps): Readonly<Record<string, Handler>> => ({
  'GET /kelola/penghargaan': requireWorkspaceSession(deps, listPage(deps)),
  'GET /kelola/penghargaan/{roundId}': requireWorkspaceSession(deps, showRound(deps)),
  'POST /kelola/penghargaan/{roundId}': requireWorkspaceSession(deps, submitEntry(deps)),
});
