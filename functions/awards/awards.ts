import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { principalOf } from '../../shared/auth/request-principal.js';
import {
  type AwardDeps,
  addEntry,
  assignJuror,
  createRound,
  declareConflicts,
  enterAutomatically,
  getRanking,
  getRound,
  listAudit,
  listEntries,
  listRounds,
  publishResults,
  submitScores,
} from '../../shared/awards/manage-awards.js';
import { awardDependencies } from '../../shared/awards/wiring.js';
import { httpHandler } from '../../shared/platform/http/handler.js';
import { readJsonBody } from '../../shared/platform/http/json-body.js';
import { json } from '../../shared/platform/http/responses.js';
import { type Router, router } from '../../shared/platform/http/router.js';
import { logger } from '../../shared/platform/logger.js';

const dependencies = awardDependencies();

const roundIdOf = (event: APIGatewayProxyEventV2) => event.pathParameters?.roundId ?? '';
const ROUND = '/admin/awards/rounds/{roundId}';

/**
 * The award rounds under /admin/awards: rounds, jurors, conflicts of interest, entries, scores,
 * the ranking and its publication. Admins manage rounds; jurors (console users assigned to a
 * round) declare conflicts and score. Logs carry ids and counts only.
 */
export const manageAwards = (deps: AwardDeps): Router =>
  router({
    'GET /admin/awards/rounds': async (event) => {
      const page = await listRounds(deps, principalOf(event, deps.scope), event.queryStringParameters ?? {});
      return json(200, page);
    },
    'POST /admin/awards/rounds': async (event) => {
      const round = await createRound(deps, principalOf(event, deps.scope), readJsonBody(event));
      logger.info('Award round created', { roundId: round.id, regionCode: round.regionCode });
      return json(201, round, { location: `/admin/awards/rounds/${round.id}` });
    },
    [`GET ${ROUND}`]: async (event) =>
      json(200, await getRound(deps, principalOf(event, deps.scope), roundIdOf(event))),
    [`PUT ${ROUND}/jurors/{sub}`]: async (event) => {
      const { juror, created } = await assignJuror(
        deps,
        principalOf(event, deps.scope),
        roundIdOf(event),
        event.pathParameters?.sub ?? '',
        readJsonBody(event),
      );
      logger.info('Award juror assigned', { roundId: roundIdOf(event), created });
      return json(created ? 201 : 200, juror);
    },
    [`POST ${ROUND}/conflicts`]: async (event) => {
      const juror = await declareConflicts(
        deps,
        principalOf(event, deps.scope),
        roundIdOf(event),
        readJsonBody(event),
      );
      logger.info('Award conflicts declared', {
        roundId: roundIdOf(event),
        villages: juror.conflictVillages.length,
      });
      return json(200, juror);
    },
    [`GET ${ROUND}/entries`]: async (event) =>
      json(200, await listEntries(deps, principalOf(event, deps.scope), roundIdOf(event))),
    [`POST ${ROUND}/entries`]: async (event) => {
      const { entry, created } = await addEntry(
        deps,
        principalOf(event, deps.scope),
        roundIdOf(event),
        readJsonBody(event),
      );
      logger.info('Award entry added', { roundId: roundIdOf(event), entryId: entry.id, created });
      return json(created ? 201 : 200, entry);
    },
    [`POST ${ROUND}/entries/automatic`]: async (event) => {
      const report = await enterAutomatically(deps, principalOf(event, deps.scope), roundIdOf(event));
      logger.info('Award entries entered automatically', {
        roundId: roundIdOf(event),
        entered: report.entered,
        alreadyEntered: report.alreadyEntered,
        ineligible: report.ineligible.length,
      });
      return json(200, report);
    },
    [`PUT ${ROUND}/entries/{entryId}/scores`]: async (event) => {
      const sheet = await submitScores(
        deps,
        principalOf(event, deps.scope),
        roundIdOf(event),
        event.pathParameters?.entryId ?? '',
        readJsonBody(event),
      );
      logger.info('Award scores submitted', {
        roundId: roundIdOf(event),
        entryId: sheet.entryId,
        changed: sheet.changed,
      });
      return json(200, sheet);
    },
    [`GET ${ROUND}/ranking`]: async (event) =>
      json(200, await getRanking(deps, principalOf(event, deps.scope), roundIdOf(event))),
    [`POST ${ROUND}/publish`]: async (event) => {
      const result = await publishResults(deps, principalOf(event, deps.scope), roundIdOf(event));
      logger.info('Award results published', {
        roundId: roundIdOf(event),
        entries: result.ranking.entries.length,
      });
      return json(200, result);
    },
    [`GET ${ROUND}/audit`]: async (event) =>
      json(200, await listAudit(deps, principalOf(event, deps.scope), roundIdOf(event))),
  });

export const handler = httpHandler(manageAwards(dependencies));
