import { principalOf } from '../../shared/auth/request-principal.js';
import {
  createDigestSubscriber,
  deleteDigestSubscriber,
  listDigestSubscribers,
  type ManageDigestSubscribersDeps,
} from '../../shared/directory/manage-subscribers.js';
import { subscriberDependencies } from '../../shared/directory/wiring.js';
import { httpHandler } from '../../shared/platform/http/handler.js';
import { readJsonBody } from '../../shared/platform/http/json-body.js';
import { json } from '../../shared/platform/http/responses.js';
import { type Router, router } from '../../shared/platform/http/router.js';
import { logger } from '../../shared/platform/logger.js';

const dependencies = subscriberDependencies();

/** GET/POST /admin/digest-subscribers, DELETE /admin/digest-subscribers/{id} (admin only). */
export const manageDigestSubscribers = (deps: ManageDigestSubscribersDeps): Router =>
  router({
    'GET /admin/digest-subscribers': async (event) => {
      const principal = principalOf(event, deps.scope);
      const page = await listDigestSubscribers(deps, principal, event.queryStringParameters ?? {});
      logger.info('Digest subscribers listed', { count: page.items.length });
      return json(200, page);
    },
    'POST /admin/digest-subscribers': async (event) => {
      const principal = principalOf(event, deps.scope);
      const subscriber = await createDigestSubscriber(deps, principal, readJsonBody(event));
      logger.info('Digest subscriber created', {
        subscriberId: subscriber.id,
        regionCode: subscriber.regionCode,
      });
      return json(201, subscriber, { location: `/admin/digest-subscribers/${subscriber.id}` });
    },
    'DELETE /admin/digest-subscribers/{id}': async (event) => {
      const id = event.pathParameters?.id ?? '';
      await deleteDigestSubscriber(deps, principalOf(event, deps.scope), id);
      logger.info('Digest subscriber deleted', { subscriberId: id });
      return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
    },
  });

export const handler = httpHandler(manageDigestSubscribers(dependencies));
