import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { NotFoundError } from '../../shared/platform/errors.js';
import { assetResponse, siteStylesheet } from '../../shared/platform/web/assets.js';
import { pageContext } from '../../shared/platform/web/page-context.js';
import { pageHandler } from '../../shared/platform/web/page-handler.js';
import { type CoveragePageDeps, coveragePage, homePage } from '../../shared/public-pages/coverage-pages.js';
import { coveragePageDependencies } from '../../shared/public-pages/coverage-wiring.js';
import { ErrorPage } from '../../shared/public-pages/error-page.js';

const dependencies = coveragePageDependencies();

/** GET /, the coverage dashboard (/cakupan, /cakupan/{code}) and the hashed stylesheet. */
export const coveragePages =
  (deps: CoveragePageDeps) =>
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    switch (event.routeKey) {
      case 'GET /':
        return homePage(deps, event, pageContext(event));
      case 'GET /cakupan':
        return coveragePage(deps, event, pageContext(event));
      case 'GET /cakupan/{code}':
        return coveragePage(deps, event, pageContext(event), event.pathParameters?.code ?? '');
      case 'GET /assets/{file}':
        return assetResponse([siteStylesheet], event.pathParameters?.file ?? '', event);
      default:
        throw new NotFoundError('Halaman tidak ditemukan.', 'No such page.');
    }
  };

export const handler = pageHandler(coveragePages(dependencies), ErrorPage);
