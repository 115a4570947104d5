import { principalOf } from '../../shared/auth/request-principal.js';
import { httpHandler } from '../../shared/platform/http/handler.js';
import { json } from '../../shared/platform/http/responses.js';
import { type Router, router } from '../../shared/platform/http/router.js';
import { logger } from '../../shared/platform/logger.js';
import {
  type AdminQueryDeps,
  getRegistrationDetails,
  getRegistrationHistory,
  listRegistrations,
} from '../../shared/registrations/admin-queries.js';
import { adminQueryDependencies } from '../../shared/registrations/wiring.js';

const dependencies = adminQueryDependencies();

/**
 * GET /admin/registrations, GET /admin/registrations/{id}, GET /admin/registrations/{id}/history:
 * what an admin or PPID officer sees of the registrations in their region.
 */
export const listAdminRegistrations = (deps: AdminQueryDeps & { readonly scope: string }): Router =>
  router({
    'GET /admin/registrations': async (event) => {
      const principal = principalOf(event, deps.scope);
      const page = await listRegistrations(deps, principal, event.queryStringParameters ?? {});
      logger.info('Registrations listed', { role: principal.role, count: page.items.length });
      return json(200, page);
    },
    'GET /admin/registrations/{id}': async (event) =>
      json(
        200,
        await getRegistrationDetails(deps, principalOf(event, deps.scope), event.pathParameters?.id ?? ''),
      ),
    'GET /admin/registrations/{id}/history': async (event) =>
      json(
        200,
        await getRegistrationHistory(deps, principalOf(event, deps.scope), event.pathParameters?.id ?? ''),
      ),
  });

export const handler = httpHandler(listAdminRegistrations(dependencies));
