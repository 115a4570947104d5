import { awardDependencies } from '../awards/wiring.js';
import { systemClock } from '../platform/clock.js';
import { registrationReader } from '../registrations/read-wiring.js';
import type { WorkspaceAwardDeps } from './award-routes.js';
import { getWorkspaceConfig } from './config.js';

/**
 * The award pages' ports: the workspace session's, and the award use cases' (the awards' own
 * wiring). A file of its own so the other workspace functions do not bundle the award feature.
 */
export const workspaceAwardDependencies = (): WorkspaceAwardDeps => ({
  formSecret: getWorkspaceConfig().FORM_SECRET,
  clock: systemClock,
  registrationReader: registrationReader(),
  awards: awardDependencies(),
});
