import { type HttpHandler, httpHandler } from '../../shared/platform/http/handler.js';
import { readJsonBody } from '../../shared/platform/http/json-body.js';
import { json } from '../../shared/platform/http/responses.js';
import { logger } from '../../shared/platform/logger.js';
import {
  type ResubmitRegistrationDeps,
  resubmitRegistration as resubmit,
} from '../../shared/registrations/resubmit-registration.js';
import { resubmissionDependencies } from '../../shared/registrations/wiring.js';

const dependencies = resubmissionDependencies();

/** PUT /registrations/{id}: a KIM corrects its REJECTED registration with its edit token (X-Edit-Token). */
export const resubmitRegistration =
  (deps: ResubmitRegistrationDeps): HttpHandler =>
  async (event) => {
    const body = readJsonBody(event);
    const registration = await resubmit(deps, {
      id: event.pathParameters?.id ?? '',
      editToken: event.headers['x-edit-token'],
      body,
    });
    logger.info('Registration resubmitted', {
      registrationId: registration.id,
      villageCode: registration.villageCode,
    });
    return json(200, registration);
  };

export const handler = httpHandler(resubmitRegistration(dependencies));
