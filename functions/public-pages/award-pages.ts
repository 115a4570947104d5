import { router } from '../../shared/platform/http/router.js';
import { pageContext } from '../../shared/platform/web/page-context.js';
import { pageHandler } from '../../shared/platform/web/page-handler.js';
import {
  type AwardPageDeps,
  awardIndexPage,
  awardResultsPage,
} from '../../shared/public-pages/award-pages.js';
import { awardPageDependencies } from '../../shared/public-pages/award-wiring.js';
import { ErrorPage } from '../../shared/public-pages/error-page.js';

const dependencies = awardPageDependencies();

/** GET /penghargaan (the published award rounds) and /penghargaan/{round} (a round's results). */
export const awardPages = (deps: AwardPageDeps) =>
  router({
    'GET /penghargaan': async (event) => awardIndexPage(deps, event, pageContext(event)),
    'GET /penghargaan/{round}': async (event) =>
      awardResultsPage(deps, event, pageContext(event), event.pathParameters?.round ?? ''),
  });

export const handler = pageHandler(awardPages(dependencies), ErrorPage);
