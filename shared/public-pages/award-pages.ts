import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  getPublishedResults,
  listPublishedRounds,
  type PublishedResultsDeps,
} from '../awards/published-results.js';
import type { PageContext } from '../platform/web/page-context.js';
import { htmlResponse } from '../platform/web/response.js';
import type { WebRequest } from '../platform/web/security-headers.js';
import { AwardIndexPage, AwardResultsPage } from './award-results-page.js';

/** What the award pages read: the published results, and the deployment scope they belong to. */
export interface AwardPageDeps extends PublishedResultsDeps {
  readonly scope: string;
}

/** `/penghargaan`: the published rounds of the scope. */
export const awardIndexPage = async (
  deps: AwardPageDeps,
  request: WebRequest,
  page: PageContext,
): Promise<APIGatewayProxyStructuredResultV2> =>
  htmlResponse(request, AwardIndexPage({ page, rounds: await listPublishedRounds(deps, deps.scope) }), {
    cookies: page.cookies,
  });

/** `/penghargaan/{round}`: a published round's results; 404 before publication. */
export const awardResultsPage = async (
  deps: AwardPageDeps,
  request: WebRequest,
  page: PageContext,
  roundId: string,
): Promise<APIGatewayProxyStructuredResultV2> =>
  htmlResponse(
    request,
    AwardResultsPage({ page, results: await getPublishedResults(deps, roundId, deps.scope) }),
    { cookies: page.cookies },
  );
