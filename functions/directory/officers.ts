import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { principalOf } from '../../shared/auth/request-principal.js';
import {
  createOfficer,
  deleteOfficer,
  listOfficers,
  type ManageOfficersDeps,
  updateOfficer,
} from '../../shared/directory/manage-officers.js';
import { officerDependencies } from '../../shared/directory/officer-wiring.js';
import { NotFoundError } from '../../shared/platform/errors.js';
import { httpHandler } from '../../shared/platform/http/handler.js';
import { readJsonBody } from '../../shared/platform/http/json-body.js';
import { json } from '../../shared/platform/http/responses.js';
import { logger } from '../../shared/platform/logger.js';

const dependencies = officerDependencies();

/** GET/POST /admin/officers, PUT/DELETE /admin/officers/{id}: the PPID officer directory (admin only). */
export const manageOfficers =
  (deps: ManageOfficersDeps) =>
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const principal = principalOf(event, deps.scope);
    const id = event.pathParameters?.id ?? '';
    switch (event.routeKey) {
      case 'GET /admin/officers': {
        const page = await listOfficers(deps, principal, event.queryStringParameters ?? {});
        logger.info('Officers listed', { count: page.items.length });
        return json(200, page);
      }
      case 'POST /admin/officers': {
        const officer = await createOfficer(deps, principal, readJsonBody(event));
        logger.info('Officer created', { officerId: officer.id, regionCode: officer.regionCode });
        return json(201, officer, { location: `/admin/officers/${officer.id}` });
      }
      case 'PUT /admin/officers/{id}': {
        const officer = await updateOfficer(deps, principal, id, readJsonBody(event));
        logger.info('Officer updated', { officerId: officer.id, regionCode: officer.regionCode });
        return json(200, officer);
      }
      case 'DELETE /admin/officers/{id}':
        await deleteOfficer(deps, principal, id);
        logger.info('Officer deleted', { officerId: id });
        return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
      default:
        throw new NotFoundError('Rute tidak ditemukan.', 'No such route.');
    }
  };

export const handler = httpHandler(manageOfficers(dependencies));
