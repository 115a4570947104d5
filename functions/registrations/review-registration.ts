import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { principalOf } from '../../shared/auth/request-principal.js';
import { NotFoundError } from '../../shared/platform/errors.js';
import { httpHandler } from '../../shared/platform/http/handler.js';
import { readJsonBody } from '../../shared/platform/http/json-body.js';
import { json } from '../../shared/platform/http/responses.js';
import { logger } from '../../shared/platform/logger.js';
import {
  type ReviewAction,
  type ReviewRegistrationDeps,
  reviewRegistration,
} from '../../shared/registrations/review-registration.js';
import { reviewDependencies } from '../../shared/registrations/wiring.js';

const dependencies = reviewDependencies();

const ACTIONS: Readonly<Record<string, ReviewAction>> = {
  'POST /admin/registrations/{id}/verify': 'VERIFY',
  'POST /admin/registrations/{id}/reject': 'REJECT',
  'POST /admin/registrations/{id}/deactivate': 'DEACTIVATE',
};

/** An absent or empty body is no body (verify needs none); anything else is read as JSON. */
const bodyOf = (event: APIGatewayProxyEventV2): unknown =>
  event.body === undefined || event.body === '' ? undefined : readJsonBody(event);

/** POST /admin/registrations/{id}/verify, /reject and /deactivate: 200 with the changed registration. */
export const reviewRegistrationHandler =
  (deps: ReviewRegistrationDeps & { readonly scope: string }) =>
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const principal = principalOf(event, deps.scope);
    const action = ACTIONS[event.routeKey];
    if (action === undefined) throw new NotFoundError('Rute tidak ditemukan.', 'No such route.');
    const registration = await reviewRegistration(deps, principal, {
      id: event.pathParameters?.id ?? '',
      action,
      body: bodyOf(event),
    });
    logger.info('Registration reviewed', {
      registrationId: registration.id,
      action,
      status: registration.status,
      role: principal.role,
    });
    return json(200, registration);
  };

export const handler = httpHandler(reviewRegistrationHandler(dependencies));
