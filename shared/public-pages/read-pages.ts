import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { PageContext } from '../platform/web/page-context.js';
import { htmlResponse } from '../platform/web/response.js';
import type { WebRequest } from '../platform/web/security-headers.js';
import { type CoverageReadDeps, getCoverage } from '../village-coverage/coverage-reader.js';
import { HomePage } from './home-page.js';

/** What the read-only public pages read: coverage (regions and counters) of the deployment scope. */
export interface PublicPageDeps {
  readonly coverage: CoverageReadDeps;
  readonly scope: string;
}

/** `/`: the scope's coverage at a glance. */
export const homePage = async (
  deps: PublicPageDeps,
  request: WebRequest,
  page: PageContext,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const coverage = await getCoverage(deps.coverage, deps.scope);
  return htmlResponse(request, HomePage({ page, coverage }), { cookies: page.cookies });
};
