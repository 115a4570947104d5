import { type HttpHandler, httpHandler } from '../../shared/platform/http/handler.js';
import { readJsonBody } from '../../shared/platform/http/json-body.js';
import { json } from '../../shared/platform/http/responses.js';
import { logger } from '../../shared/platform/logger.js';
import {
  type SubmitRegistrationDeps,
  submitRegistration,
} from '../../shared/registrations/submit-registration.js';
import { submissionDependencies } from '../../shared/registrations/wiring.js';

const dependencies = submissionDependencies();

/** POST /registrations: 201 with the status view and the edit token (shown this once). */
export const createRegistration =
  (deps: SubmitRegistrationDeps): HttpHandler =>
  async (event) => {
    const body = readJsonBody(event);
    const { registration, replayed } = await submitRegistration(deps, {
      body,
      idempotencyKey: event.headers['idempotency-key'],
    });
    logger.info(replayed ? 'Registration replayed' : 'Registration created', {
      registrationId: registration.id,
      villageCode: registration.villageCode,
    });
    return json(201, registration, {
      location: `/registrations/${registration.id}`,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
  };

export const handler = httpHandler(createRegistration(dependencies));
