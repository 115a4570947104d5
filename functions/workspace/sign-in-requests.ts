import { httpHandler } from '../../shared/platform/http/handler.js';
import { readJsonBody } from '../../shared/platform/http/json-body.js';
import { json } from '../../shared/platform/http/responses.js';
import { type Router, router } from '../../shared/platform/http/router.js';
import { logger } from '../../shared/platform/logger.js';
import { type RequestSignInDeps, requestSignIn } from '../../shared/workspace/request-sign-in.js';
import { SIGN_IN_REQUEST_ACCEPTED } from '../../shared/workspace/sign-in-request.js';
import { signInRequestDependencies } from '../../shared/workspace/wiring.js';

const dependencies = signInRequestDependencies();

/**
 * POST /workspace/sign-in-requests: emails one-time links into the workspace to a registration's
 * contact. 202 with the same body whether or not the address is known (or over its limit); 400
 * for a malformed address; 429 with Retry-After when this client asked too often.
 */
export const workspaceSignInRequests = (deps: RequestSignInDeps): Router =>
  router({
    'POST /workspace/sign-in-requests': async (event) => {
      const outcome = await requestSignIn(deps, {
        body: readJsonBody(event),
        client: event.requestContext.http?.sourceIp ?? 'unknown',
      });
      logger.info('Workspace sign-in requested', { outcome });
      return json(202, SIGN_IN_REQUEST_ACCEPTED);
    },
  });

export const handler = httpHandler(workspaceSignInRequests(dependencies));
