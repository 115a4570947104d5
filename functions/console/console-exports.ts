import { type ExportPageDeps, exportRoutes } from '../../shared/console/export-pages.js';
import { exportPageDependencies } from '../../shared/console/export-wiring.js';
import { ConsoleErrorPage } from '../../shared/console/notice-pages.js';
import { type Router, router } from '../../shared/platform/http/router.js';
import { pageHandler } from '../../shared/platform/web/page-handler.js';

const dependencies = exportPageDependencies();

/** The console's exports under /konsol/ekspor: the export page and its CSV and XLSX files. */
export const consoleExports = (deps: ExportPageDeps): Router => router(exportRoutes(deps));

export const handler = pageHandler(consoleExports(dependencies), ConsoleErrorPage);
