import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { principalOf } from '../../shared/auth/request-principal.js';
import { NotFoundError } from '../../shared/platform/errors.js';
import { httpHandler } from '../../shared/platform/http/handler.js';
import { json } from '../../shared/platform/http/responses.js';
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
export const adminRegistrations =
  (deps: AdminQueryDeps & { readonly scope: string }) =>
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const principal = principalOf(event, deps.scope);
    const id = event.pathParameters?.id ?? '';
    switch (event.routeKey) {
      case 'GET /admin/registrations': {
        const page = await listRegistrations(deps, principal, event.queryStringParameters ?? {});
        logger.info('Registrations listed', { role: principal.role, count: page.items.length });
        return json(200, page);
      }
      case 'GET /admin/registrations/{id}':
        return json(200, await getRegistrationDetails(deps, principal, id));
      case 'GET /admin/registrations/{id}/history':
        return json(200, await getRegistrationHistory(deps, principal, id));
      default:
        throw new NotFoundError('Rute tidak ditemukan.', 'No such route.');
    }
  };

export const handler = httpHandler(adminRegistrations(dependencies));
