import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { principalOf } from '../../shared/auth/request-principal.js';
import {
  declareConflicts,
  getRanking,
  listAudit,
  listEntries,
  publishResults,
  submitScores,
} from '../../shared/awards/judging.js';
import { judgingDependencies } from '../../shared/awards/judging-wiring.js';
import type { AwardCoreDeps } from '../../shared/awards/round-access.js';
import { httpHandler } from '../../shared/platform/http/handler.js';
import { readJsonBody } from '../../shared/platform/http/json-body.js';
import { json } from '../../shared/platform/http/responses.js';
import { type Router, router } from '../../shared/platform/http/router.js';
import { logger } from '../../shared/platform/logger.js';

const dependencies = judgingDependencies();

const roundIdOf = (event: APIGatewayProxyEventV2) => event.pathParameters?.roundId ?? '';
const ROUND = '/admin/awards/rounds/{roundId}';

/**
 * The judging of award rounds under /admin/awards: jurors (console users assigned to a round)
 * declare conflicts, read the entries and score; admins preview the ranking, publish it and read
 * the audit trail. It never reads registrations. Logs carry ids and counts only.
 */
export const judgeAwards = (deps: AwardCoreDeps): Router =>
  router({
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

export const handler = httpHandler(judgeAwards(dependencies));
