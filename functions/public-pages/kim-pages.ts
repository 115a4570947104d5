import { router } from '../../shared/platform/http/router.js';
import { pageContext } from '../../shared/platform/web/page-context.js';
import { pageHandler } from '../../shared/platform/web/page-handler.js';
import { ErrorPage } from '../../shared/public-pages/error-page.js';
import {
  directoryPage,
  type KimPageDeps,
  photoResponse,
  profilePage,
  statusPage,
} from '../../shared/public-pages/kim-pages.js';
import { kimPageDependencies } from '../../shared/public-pages/kim-wiring.js';

const dependencies = kimPageDependencies();

/**
 * GET /status/{id}, the directory of verified KIM (/kim), their public profiles (/kim/{id}) and the
 * photos of their activity reports.
 */
export const kimPages = (deps: KimPageDeps) =>
  router({
    'GET /status/{id}': async (event) =>
      statusPage(deps, event, pageContext(event), event.pathParameters?.id ?? ''),
    'GET /kim': async (event) => directoryPage(deps, event, pageContext(event)),
    'GET /kim/{id}': async (event) =>
      profilePage(deps, event, pageContext(event), event.pathParameters?.id ?? ''),
    'GET /kim/{id}/laporan/{reportId}/foto/{photoId}': async (event) =>
      photoResponse(deps, {
        id: event.pathParameters?.id ?? '',
        reportId: event.pathParameters?.reportId ?? '',
        photoId: event.pathParameters?.photoId ?? '',
      }),
  });

export const handler = pageHandler(kimPages(dependencies), ErrorPage);
