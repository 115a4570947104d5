import { router } from '../../shared/platform/http/router.js';
import { pageHandler } from '../../shared/platform/web/page-handler.js';
import { ErrorPage } from '../../shared/public-pages/error-page.js';
import {
  correctionFormPage,
  type RegistrationPageDeps,
  receiptPage,
  registrationFormPage,
  submitCorrectionForm,
  submitRegistrationForm,
} from '../../shared/public-pages/registration-pages.js';
import { registrationPageDependencies } from '../../shared/public-pages/registration-wiring.js';

const dependencies = registrationPageDependencies();

/** The registration form (/daftar), its receipt (/daftar/{id}) and the correction form (/ubah/{id}). */
export const registrationPages = (deps: RegistrationPageDeps) =>
  router({
    'GET /daftar': async (event) => registrationFormPage(deps, event),
    'POST /daftar': async (event) => submitRegistrationForm(deps, event),
    'GET /daftar/{id}': async (event) => receiptPage(deps, event),
    'GET /ubah/{id}': async (event) => correctionFormPage(deps, event),
    'POST /ubah/{id}': async (event) => submitCorrectionForm(deps, event),
  });

export const handler = pageHandler(registrationPages(dependencies), ErrorPage);
