import { ForbiddenError, NotFoundError } from '../platform/errors.js';
import { isUlid } from '../platform/ids.js';
import { editTokenMatches } from './edit-token.js';
import type { GetRegistrationOptions } from './ports.js';
import type { Registration } from './registration.js';

export interface GetRegistrationForCorrectionDeps {
  readonly registrations: {
    get(id: string, options?: GetRegistrationOptions): Promise<Registration | undefined>;
  };
}

/**
 * The whole registration, personal data included, for whoever holds its edit token: the KIM that
 * registered it, about to correct it (the correction form is prefilled with it) or reading its
 * receipt. The same refusals as a correction (PUT /registrations/{id}): 404 unknown id, 403
 * missing or wrong token. It does not judge the status: only a REJECTED registration can be
 * corrected, which `resubmitRegistration` enforces and the form tells beforehand.
 */
export const getRegistrationForCorrection = async (
  deps: GetRegistrationForCorrectionDeps,
  request: { readonly id: string; readonly editToken: string | undefined },
): Promise<Registration> => {
  const registration = isUlid(request.id)
    ? await deps.registrations.get(request.id, { consistent: true })
    : undefined;
  if (!registration) {
    throw new NotFoundError('Pendaftaran KIM tidak ditemukan.', 'No KIM registration with that id exists.');
  }
  if (request.editToken === undefined || request.editToken === '') {
    throw new ForbiddenError(
      'Token edit wajib ada: buka tautan perbaikan yang diterima saat pendaftaran.',
      'The edit token is required: open the correction link received when registering.',
    );
  }
  if (!editTokenMatches(request.editToken, registration.editTokenHash)) {
    throw new ForbiddenError(
      'Token edit tidak cocok untuk pendaftaran ini.',
      'The edit token does not match this registration.',
    );
  }
  return registration;
};
