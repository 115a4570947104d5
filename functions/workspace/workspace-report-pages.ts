import { type Router, router } from '../../shared/platform/http/router.js';
import { pageHandler } from '../../shared/platform/web/page-handler.js';
import { WorkspaceErrorPage } from '../../shared/workspace/pages.js';
import { reportRoutes, type WorkspaceReportDeps } from '../../shared/workspace/report-routes.js';
import { workspaceReportDependencies } from '../../shared/workspace/report-wiring.js';

const dependencies = workspaceReportDependencies();

/**
 * The KIM workspace's activity reports under /kelola/laporan: the list, a new report, its photos
 * (and the photo form script's announcement), deleting one. The session is the workspace's.
 */
export const workspaceReportPages = (deps: WorkspaceReportDeps): Router => router(reportRoutes(deps));

export const handler = pageHandler(workspaceReportPages(dependencies), WorkspaceErrorPage);
