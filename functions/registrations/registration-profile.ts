import { httpHandler } from '../../shared/platform/http/handler.js';
import { readJsonBody } from '../../shared/platform/http/json-body.js';
import { json } from '../../shared/platform/http/responses.js';
import { type Router, router } from '../../shared/platform/http/router.js';
import { logger } from '../../shared/platform/logger.js';
import {
  getRegistrationProfileWithEditToken,
  type RegistrationProfileDeps,
  updateRegistrationProfileWithEditToken,
} from '../../shared/registrations/registration-profile.js';
import { profileDependencies } from '../../shared/registrations/wiring.js';

const dependencies = profileDependencies();

/**
 * The KIM's own profile, authorised by its edit token (X-Edit-Token): read it with its version,
 * and update it (PATCH: the fields named replace the stored ones).
 */
export const registrationProfile = (deps: RegistrationProfileDeps): Router =>
  router({
    'GET /registrations/{id}/profile': async (event) =>
      json(
        200,
        await getRegistrationProfileWithEditToken(deps, {
          id: event.pathParameters?.id ?? '',
          editToken: event.headers['x-edit-token'],
        }),
      ),
    'PATCH /registrations/{id}/profile': async (event) => {
      const body = readJsonBody(event);
      const updated = await updateRegistrationProfileWithEditToken(deps, {
        id: event.pathParameters?.id ?? '',
        editToken: event.headers['x-edit-token'],
        body,
      });
      // Field names and statuses only: the values may be personal data.
      logger.info(updated.changedFields.length === 0 ? 'Profile unchanged' : 'Profile updated', {
        registrationId: updated.id,
        version: updated.version,
        status: updated.status,
        changedFields: updated.changedFields,
        backToReview: updated.backToReview,
      });
      return json(200, updated);
    },
  });

export const handler = httpHandler(registrationProfile(dependencies));
