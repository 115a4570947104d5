import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { NotFoundError } from '../../shared/platform/errors.js';
import { pageContext } from '../../shared/platform/web/page-context.js';
import { pageHandler } from '../../shared/platform/web/page-handler.js';
import { ErrorPage } from '../../shared/public-pages/error-page.js';
import {
  directoryPage,
  type KimPageDeps,
  profilePage,
  statusPage,
} from '../../shared/public-pages/kim-pages.js';
import { kimPageDependencies } from '../../shared/public-pages/kim-wiring.js';

const dependencies = kimPageDependencies();

/** GET /status/{id}, the directory of verified KIM (/kim) and their public profiles (/kim/{id}). */
export const kimPages =
  (deps: KimPageDeps) =>
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const id = event.pathParameters?.id ?? '';
    switch (event.routeKey) {
      case 'GET /status/{id}':
        return statusPage(deps, event, pageContext(event), id);
      case 'GET /kim':
        return directoryPage(deps, event, pageContext(event));
      case 'GET /kim/{id}':
        return profilePage(deps, event, pageContext(event), id);
      default:
        throw new NotFoundError('Halaman tidak ditemukan.', 'No such page.');
    }
  };

export const handler = pageHandler(kimPages(dependencies), ErrorPage);
