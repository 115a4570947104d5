import { principalOf } from '../../shared/auth/request-principal.js';
import { type HttpHandler, httpHandler } from '../../shared/platform/http/handler.js';
import { readOptionalJsonBody } from '../../shared/platform/http/json-body.js';
import { json } from '../../shared/platform/http/responses.js';
import { logger } from '../../shared/platform/logger.js';
import {
  type RebuildCoverageRequestDeps,
  requestCoverageRebuild,
} from '../../shared/village-coverage/rebuild-request.js';
import { rebuildDependencies } from '../../shared/village-coverage/wiring.js';

const dependencies = rebuildDependencies();

/**
 * POST /admin/coverage/rebuild (admin): recounts the coverage of a region (or the whole scope)
 * from the registrations, repairs the drift and reports it. An empty body means the whole scope.
 */
export const rebuildCoverage =
  (deps: RebuildCoverageRequestDeps): HttpHandler =>
  async (event) => {
    const principal = principalOf(event, deps.scope);
    const report = await requestCoverageRebuild(deps, principal, readOptionalJsonBody(event));
    logger.info('Coverage rebuilt', {
      regionCode: report.regionCode,
      regionsChecked: report.regionsChecked,
      regionsDrifted: report.regionsDrifted,
      registrationsInFlight: report.registrationsInFlight,
    });
    return json(200, report);
  };

export const handler = httpHandler(rebuildCoverage(dependencies));
