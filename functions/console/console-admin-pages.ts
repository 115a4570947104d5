import { type AdminPageDeps, adminRoutes } from '../../shared/console/admin-pages.js';
import { adminPageDependencies } from '../../shared/console/admin-wiring.js';
import { ConsoleErrorPage } from '../../shared/console/notice-pages.js';
import { type Router, router } from '../../shared/platform/http/router.js';
import { pageHandler } from '../../shared/platform/web/page-handler.js';

const dependencies = adminPageDependencies();

/** The console's administration (admins only): officers, digest subscribers, send the digest now, rebuild coverage. */
export const consoleAdminPages = (deps: AdminPageDeps): Router => router(adminRoutes(deps));

export const handler = pageHandler(consoleAdminPages(dependencies), ConsoleErrorPage);
