import { router } from '../../shared/platform/http/router.js';
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
export const kimPages = (deps: KimPageDeps) =>
  router({
    'GET /status/{id}': async (event) =>
      statusPage(deps, event, pageContext(event), event.pathParameters?.id ?? ''),
    'GET /kim': async (event) => directoryPage(deps, event, pageContext(event)),
    'GET /kim/{id}': async (event) =>
      profilePage(deps, event, pageContext(event), event.pathParameters?.id ?? ''),
  });

export const handler = pageHandler(kimPages(dependencies), ErrorPage);
