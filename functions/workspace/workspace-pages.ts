import { type Router, router } from '../../shared/platform/http/router.js';
import { pageHandler } from '../../shared/platform/web/page-handler.js';
import { WorkspaceErrorPage } from '../../shared/workspace/pages.js';
import { reportRoutes, type WorkspaceReportDeps } from '../../shared/workspace/report-routes.js';
import { workspacePageDependencies } from '../../shared/workspace/wiring.js';
import { type WorkspacePageDeps, workspaceRoutes } from '../../shared/workspace/workspace-pages.js';

const dependencies = workspacePageDependencies();

/**
 * The KIM workspace under /kelola: asking for a sign-in link, using it, the KIM's home, the SK
 * upload (and its script's announcement), the activity reports and their photos, sign-out; and
 * the way in from a fresh receipt.
 */
export const workspacePages = (deps: WorkspacePageDeps & WorkspaceReportDeps): Router =>
  router({ ...workspaceRoutes(deps), ...reportRoutes(deps) });

export const handler = pageHandler(workspacePages(dependencies), WorkspaceErrorPage);
