import { type ConsolePageDeps, consoleRoutes } from '../../shared/console/console-pages.js';
import { ConsoleErrorPage } from '../../shared/console/notice-pages.js';
import { consolePageDependencies } from '../../shared/console/wiring.js';
import { type Router, router } from '../../shared/platform/http/router.js';
import { pageHandler } from '../../shared/platform/web/page-handler.js';

const dependencies = consolePageDependencies();

/** The console under /konsol: sign-in, the review queue, a registration and its review, exports. */
export const consolePages = (deps: ConsolePageDeps): Router => router(consoleRoutes(deps));

export const handler = pageHandler(consolePages(dependencies), ConsoleErrorPage);
