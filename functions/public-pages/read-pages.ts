import { router } from '../../shared/platform/http/router.js';
import { assetResponse, siteStylesheet } from '../../shared/platform/web/assets.js';
import { pageContext } from '../../shared/platform/web/page-context.js';
import { pageHandler } from '../../shared/platform/web/page-handler.js';
import { ErrorPage } from '../../shared/public-pages/error-page.js';
import { homePage, type PublicPageDeps } from '../../shared/public-pages/read-pages.js';
import { publicPageDependencies } from '../../shared/public-pages/wiring.js';

const dependencies = publicPageDependencies();

/** GET /, the coverage dashboard, the status page, the KIM directory and the stylesheet. */
export const readPages = (deps: PublicPageDeps) =>
  router({
    'GET /': async (event) => homePage(deps, event, pageContext(event)),
    'GET /assets/{file}': async (event) =>
      assetResponse([siteStylesheet], event.pathParameters?.file ?? '', event),
  });

export const handler = pageHandler(readPages(dependencies), ErrorPage);
