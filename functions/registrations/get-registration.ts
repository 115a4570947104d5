import { type HttpHandler, httpHandler } from '../../shared/platform/http/handler.js';
import { json } from '../../shared/platform/http/responses.js';
import { getRegistrationStatus } from '../../shared/registrations/get-registration-status.js';
import type { RegistrationRepository } from '../../shared/registrations/ports.js';
import { statusDependencies } from '../../shared/registrations/wiring.js';

const dependencies = statusDependencies();

/** GET /registrations/{id}: the public status view, no personal data. */
export const getRegistration =
  (deps: { readonly registrations: RegistrationRepository }): HttpHandler =>
  async (event) =>
    json(200, await getRegistrationStatus(deps, event.pathParameters?.id ?? ''));

export const handler = httpHandler(getRegistration(dependencies));
