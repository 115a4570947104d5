import { principalOf } from '../../shared/auth/request-principal.js';
import { type HttpHandler, httpHandler } from '../../shared/platform/http/handler.js';
import { readOptionalJsonBody } from '../../shared/platform/http/json-body.js';
import { json } from '../../shared/platform/http/responses.js';
import { type Router, router } from '../../shared/platform/http/router.js';
import { logger } from '../../shared/platform/logger.js';
import {
  type ReviewAction,
  type ReviewRegistrationDeps,
  reviewRegistration as review,
} from '../../shared/registrations/review-registration.js';
import { reviewDependencies } from '../../shared/registrations/wiring.js';

const dependencies = reviewDependencies();

type ReviewDeps = ReviewRegistrationDeps & { readonly scope: string };

const reviewRoute =
  (deps: ReviewDeps, action: ReviewAction): HttpHandler =>
  async (event) => {
    const principal = principalOf(event, deps.scope);
    const registration = await review(deps, principal, {
      id: event.pathParameters?.id ?? '',
      action,
      // Verify needs no body.
      body: readOptionalJsonBody(event),
    });
    logger.info('Registration reviewed', {
      registrationId: registration.id,
      action,
      status: registration.status,
      role: principal.role,
    });
    return json(200, registration);
  };

/** POST /admin/registrations/{id}/verify, /reject and /deactivate: 200 with the changed registration. */
export const reviewRegistration = (deps: ReviewDeps): Router =>
  router({
    'POST /admin/registrations/{id}/verify': reviewRoute(deps, 'VERIFY'),
    'POST /admin/registrations/{id}/reject': reviewRoute(deps, 'REJECT'),
    'POST /admin/registrations/{id}/deactivate': reviewRoute(deps, 'DEACTIVATE'),
  });

export const handler = httpHandler(reviewRegistration(dependencies));
