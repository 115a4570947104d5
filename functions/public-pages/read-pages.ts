import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { NotFoundError } from '../../shared/platform/errors.js';
import { assetResponse, siteStylesheet } from '../../shared/platform/web/assets.js';
import { pageContext } from '../../shared/platform/web/page-context.js';
import { pageHandler } from '../../shared/platform/web/page-handler.js';
import { ErrorPage } from '../../shared/public-pages/error-page.js';
import {
  coveragePage,
  directoryPage,
  homePage,
  type PublicPageDeps,
  profilePage,
  statusPage,
} from '../../shared/public-pages/read-pages.js';
import { publicPageDependencies } from '../../shared/public-pages/wiring.js';

const dependencies = publicPageDependencies();

/** GET /, the coverage dashboard, the status page, the KIM directory and the stylesheet. */
export const readPages =
  (deps: PublicPageDeps) =>
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const page = pageContext(event);
    const id = event.pathParameters?.id ?? '';
    switch (event.routeKey) {
      case 'GET /':
        return homePage(deps, event, page);
      case 'GET /cakupan':
        return coveragePage(deps, event, page);
      case 'GET /cakupan/{code}':
        return coveragePage(deps, event, page, event.pathParameters?.code ?? '');
      case 'GET /status/{id}':
        return statusPage(deps, event, page, id);
      case 'GET /kim':
        return directoryPage(deps, event, page);
      case 'GET /kim/{id}':
        return profilePage(deps, event, page, id);
      case 'GET /assets/{file}':
        return assetResponse([siteStylesheet], event.pathParameters?.file ?? '', event);
      default:
        throw new NotFoundError('Halaman tidak ditemukan.', 'No such page.');
    }
  };

export const handler = pageHandler(readPages(dependencies), ErrorPage);
