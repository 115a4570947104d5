import { type AwardPageDeps, awardRoutes } from '../../shared/console/award-pages.js';
import { awardPageDependencies } from '../../shared/console/award-wiring.js';
import { ConsoleErrorPage } from '../../shared/console/notice-pages.js';
import { type Router, router } from '../../shared/platform/http/router.js';
import { pageHandler } from '../../shared/platform/web/page-handler.js';

const dependencies = awardPageDependencies();

/** The console's award pages: jurors score the rounds they judge, admins set rounds up and publish. */
export const consoleAwardPages = (deps: AwardPageDeps): Router => router(awardRoutes(deps));

export const handler = pageHandler(consoleAwardPages(dependencies), ConsoleErrorPage);
