import { principalOf } from '../../shared/auth/request-principal.js';
import {
  createOfficer,
  deleteOfficer,
  listOfficers,
  type ManageOfficersDeps,
  updateOfficer,
} from '../../shared/directory/manage-officers.js';
import { officerDependencies } from '../../shared/directory/wiring.js';
import { httpHandler } from '../../shared/platform/http/handler.js';
import { readJsonBody } from '../../shared/platform/http/json-body.js';
import { json } from '../../shared/platform/http/responses.js';
import { type Router, router } from '../../shared/platform/http/router.js';
import { logger } from '../../shared/platform/logger.js';

const dependencies = officerDependencies();

/** GET/POST /admin/officers, PUT/DELETE /admin/officers/{id}: the PPID officer directory (admin only). */
export const manageOfficers = (deps: ManageOfficersDeps): Router =>
  router({
    'GET /admin/officers': async (event) => {
      const page = await listOfficers(
        deps,
        principalOf(event, deps.scope),
        event.queryStringParameters ?? {},
      );
      logger.info('Officers listed', { count: page.items.length });
      return json(200, page);
    },
    'POST /admin/officers': async (event) => {
      const officer = await createOfficer(deps, principalOf(event, deps.scope), readJsonBody(event));
      logger.info('Officer created', { officerId: officer.id, regionCode: officer.regionCode });
      return json(201, officer, { location: `/admin/officers/${officer.id}` });
    },
    'PUT /admin/officers/{id}': async (event) => {
      const principal = principalOf(event, deps.scope);
      const officer = await updateOfficer(
        deps,
        principal,
        event.pathParameters?.id ?? '',
        readJsonBody(event),
      );
      logger.info('Officer updated', { officerId: officer.id, regionCode: officer.regionCode });
      return json(200, officer);
    },
    'DELETE /admin/officers/{id}': async (event) => {
      const id = event.pathParameters?.id ?? '';
      await deleteOfficer(deps, principalOf(event, deps.scope), id);
      logger.info('Officer deleted', { officerId: id });
      return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
    },
  });

export const handler = httpHandler(manageOfficers(dependencies));
