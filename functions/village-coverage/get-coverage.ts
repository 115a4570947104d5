import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { NotFoundError } from '../../shared/platform/errors.js';
import { httpHandler } from '../../shared/platform/http/handler.js';
import { json } from '../../shared/platform/http/responses.js';
import {
  type CoverageReadDeps,
  getCoverage,
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
export const coverage =
  (deps: CoverageReadDeps) =>
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const code = event.pathParameters?.code ?? '';
    switch (event.routeKey) {
      case 'GET /coverage/{code}':
        return json(200, await getCoverage(deps, code), CACHE_CONTROL);
      case 'GET /coverage/{code}/missing':
        return json(200, await listMissing(deps, code, event.queryStringParameters ?? {}), CACHE_CONTROL);
      default:
        throw new NotFoundError('Rute tidak ditemukan.', 'No such route.');
    }
  };

export const handler = httpHandler(coverage(dependencies));
