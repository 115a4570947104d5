import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { principalOf } from '../../shared/auth/request-principal.js';
import {
  createDigestSubscriber,
  deleteDigestSubscriber,
  listDigestSubscribers,
  type ManageDigestSubscribersDeps,
} from '../../shared/directory/manage-subscribers.js';
import { subscriberDependencies } from '../../shared/directory/subscriber-wiring.js';
import { NotFoundError } from '../../shared/platform/errors.js';
import { httpHandler } from '../../shared/platform/http/handler.js';
import { readJsonBody } from '../../shared/platform/http/json-body.js';
import { json } from '../../shared/platform/http/responses.js';
import { logger } from '../../shared/platform/logger.js';

const dependencies = subscriberDependencies();

/** GET/POST /admin/digest-subscribers, DELETE /admin/digest-subscribers/{id} (admin only). */
export const manageDigestSubscribers =
  (deps: ManageDigestSubscribersDeps) =>
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const principal = principalOf(event, deps.scope);
    switch (event.routeKey) {
      case 'GET /admin/digest-subscribers': {
        const page = await listDigestSubscribers(deps, principal, event.queryStringParameters ?? {});
        logger.info('Digest subscribers listed', { count: page.items.length });
        return json(200, page);
      }
      case 'POST /admin/digest-subscribers': {
        const subscriber = await createDigestSubscriber(deps, principal, readJsonBody(event));
        logger.info('Digest subscriber created', {
          subscriberId: subscriber.id,
          regionCode: subscriber.regionCode,
        });
        return json(201, subscriber, { location: `/admin/digest-subscribers/${subscriber.id}` });
      }
      case 'DELETE /admin/digest-subscribers/{id}': {
        const id = event.pathParameters?.id ?? '';
        await deleteDigestSubscriber(deps, principal, id);
        logger.info('Digest subscriber deleted', { subscriberId: id });
        return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
      }
      default:
        throw new NotFoundError('Rute tidak ditemukan.', 'No such route.');
    }
  };

export const handler = httpHandler(manageDigestSubscribers(dependencies));
