import { httpHandler } from '../../shared/platform/http/handler.js';
import { json } from '../../shared/platform/http/responses.js';
import { type Router, router } from '../../shared/platform/http/router.js';
import {
  type CoverageReadDeps,
  getCoverage as coverageOf,
  listMissing,
} from '../../shared/village-coverage/coverage-reader.js';
import { coverageReadDependencies } from '../../shared/village-coverage/read-wiring.js';

const dependencies = coverageReadDependencies();

/**
 * Counters move with every review, so shared caches may keep an answer a few seconds only: enough
 * to absorb a crowd refreshing one dashboard, short enough that a verification shows within 10 s.
 */
const CACHE_CONTROL = { 'cache-control': 'public, max-age=5' };

/** GET /coverage/{code} and GET /coverage/{code}/missing */
export const getCoverage = (deps: CoverageReadDeps): Router =>
  router({
    'GET /coverage/{code}': async (event) =>
      json(200, await coverageOf(deps, event.pathParameters?.code ?? ''), CACHE_CONTROL),
    'GET /coverage/{code}/missing': async (event) =>
      json(
        200,
        await listMissing(deps, event.pathParameters?.code ?? '', event.queryStringParameters ?? {}),
        CACHE_CONTROL,
      ),
  });

export const handler = httpHandler(getCoverage(dependencies));
