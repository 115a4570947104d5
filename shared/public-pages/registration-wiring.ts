import { getFormConfig } from '../platform/web/form-config.js';
import { registrationFormDependencies } from '../registrations/wiring.js';
import type { RegistrationPageDeps } from './registration-pages.js';

/**
 * The ports of the registration pages of this container: the registration use cases' ports, the
 * village picker's cache (one per container) and the form secret. Apart from `wiring.ts` so the
 * read-only pages do not load the registration store.
 */
export const registrationPageDependencies = (): RegistrationPageDeps => ({
  ...registrationFormDependencies(),
  villageChoices: new Map(),
  formSecret: getFormConfig().FORM_SECRET,
});
