import { router } from '../../shared/platform/http/router.js';
import { assetResponse, siteStylesheet } from '../../shared/platform/web/assets.js';
import { pageContext } from '../../shared/platform/web/page-context.js';
import { pageHandler } from '../../shared/platform/web/page-handler.js';
import { type CoveragePageDeps, coveragePage, homePage } from '../../shared/public-pages/coverage-pages.js';
import { coveragePageDependencies } from '../../shared/public-pages/coverage-wiring.js';
import { ErrorPage } from '../../shared/public-pages/error-page.js';

const dependencies = coveragePageDependencies();

/** GET /, the coverage dashboard (/cakupan, /cakupan/{code}) and the hashed stylesheet. */
export const coveragePages = (deps: CoveragePageDeps) =>
  router({
    'GET /': async (event) => homePage(deps, event, pageContext(event)),
    'GET /cakupan': async (event) => coveragePage(deps, event, pageContext(event)),
    'GET /cakupan/{code}': async (event) =>
      coveragePage(deps, event, pageContext(event), event.pathParameters?.code ?? ''),
    'GET /assets/{file}': async (event) =>
      assetResponse([siteStylesheet], event.pathParameters?.file ?? '', event),
  });

export const handler = pageHandler(coveragePages(dependencies), ErrorPage);
