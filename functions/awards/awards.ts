import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { principalOf } from '../../shared/auth/request-principal.js';
import {
  addEntry,
  assignJuror,
  createRound,
  enterAutomatically,
  getRound,
  listRounds,
} from '../../shared/awards/manage-rounds.js';
import { type AwardApiDeps, authoriseKim, enterSelf } from '../../shared/awards/self-entry.js';
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
 * The set-up of award rounds under /admin/awards (admins): rounds, jurors and entries, which read
 * the registrations; and a KIM's self-entry, by its edit token. Judging has a function of its own
 * (judging.ts). Logs carry ids and counts only.
 */
export const manageAwards = (deps: AwardApiDeps): Router =>
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
    'PUT /registrations/{id}/award-entries/{roundId}': async (event) => {
      const registrationId = await authoriseKim(
        deps.registrations,
        event.pathParameters?.id ?? '',
        event.headers['x-edit-token'],
      );
      const { entry, created } = await enterSelf(deps, {
        registrationId,
        roundId: roundIdOf(event),
        body: readJsonBody(event),
      });
      logger.info('Award self-entry', { roundId: roundIdOf(event), entryId: entry.id, created });
      return json(created ? 201 : 200, entry);
    },
  });

export const handler = httpHandler(manageAwards(dependencies));
