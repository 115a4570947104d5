import { type Router, router } from '../../shared/platform/http/router.js';
import { pageHandler } from '../../shared/platform/web/page-handler.js';
import { awardRoutes, type WorkspaceAwardDeps } from '../../shared/workspace/award-routes.js';
import { workspaceAwardDependencies } from '../../shared/workspace/award-wiring.js';
import { WorkspaceErrorPage } from '../../shared/workspace/pages.js';

const dependencies = workspaceAwardDependencies();

/**
 * The KIM workspace's award pages under /kelola/penghargaan: the rounds open to its self-entry,
 * and entering one with a statement. The session is the workspace's.
 */
export const workspaceAwardPages = (deps: WorkspaceAwardDeps): Router => router(awardRoutes(deps));

export const handler = pageHandler(workspaceAwardPages(dependencies), WorkspaceErrorPage);
