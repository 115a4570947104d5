import { type Router, router } from '../../shared/platform/http/router.js';
import { pageHandler } from '../../shared/platform/web/page-handler.js';
import { WorkspaceErrorPage } from '../../shared/workspace/pages.js';
import { profileRoutes, type WorkspaceProfileDeps } from '../../shared/workspace/profile-pages.js';
import { workspacePageDependencies, workspaceProfileDependencies } from '../../shared/workspace/wiring.js';
import { type WorkspacePageDeps, workspaceRoutes } from '../../shared/workspace/workspace-pages.js';

const dependencies = { ...workspacePageDependencies(), ...workspaceProfileDependencies() };

/**
 * The KIM workspace under /kelola: asking for a sign-in link, using it, the KIM's home, the SK
 * upload (and its script's announcement), the profile form, sign-out; and the way in from a fresh
 * receipt.
 */
export const workspacePages = (deps: WorkspacePageDeps & WorkspaceProfileDeps): Router =>
  router({ ...workspaceRoutes(deps), ...profileRoutes(deps) });

export const handler = pageHandler(workspacePages(dependencies), WorkspaceErrorPage);
