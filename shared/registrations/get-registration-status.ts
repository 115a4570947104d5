import { NotFoundError } from '../platform/errors.js';
import type { RegistrationRepository } from './ports.js';
import { toStatusView } from './registration.js';
import type { RegistrationStatusView } from './schema.js';

const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The public status of one registration; unknown and malformed ids are both "not found". */
export const getRegistrationStatus = async (
  deps: { readonly registrations: RegistrationRepository },
  id: string,
): Promise<RegistrationStatusView> => {
  const registration = ULID_PATTERN.test(id) ? await deps.registrations.get(id) : undefined;
  if (!registration) {
    throw new NotFoundError('Pendaftaran KIM tidak ditemukan.', 'No KIM registration with that id exists.');
  }
  return toStatusView(registration);
};
