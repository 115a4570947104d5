import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { httpHandler } from '../../shared/platform/http/handler.js';
import { readJsonBody } from '../../shared/platform/http/json-body.js';
import { json } from '../../shared/platform/http/responses.js';
import { logger } from '../../shared/platform/logger.js';
import {
  type ResubmitRegistrationDeps,
  resubmitRegistration,
} from '../../shared/registrations/resubmit-registration.js';
import { resubmissionDependencies } from '../../shared/registrations/wiring.js';

const dependencies = resubmissionDependencies();

/** PUT /registrations/{id}: a KIM corrects its REJECTED registration with its edit token (X-Edit-Token). */
export const resubmitRegistrationHandler =
  (deps: ResubmitRegistrationDeps) =>
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const body = readJsonBody(event);
    const registration = await resubmitRegistration(deps, {
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

export const handler = httpHandler(resubmitRegistrationHandler(dependencies));
