import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { NotFoundError } from '../../shared/platform/errors.js';
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
export const registrationPages =
  (deps: RegistrationPageDeps) =>
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    switch (event.routeKey) {
      case 'GET /daftar':
        return registrationFormPage(deps, event);
      case 'POST /daftar':
        return submitRegistrationForm(deps, event);
      case 'GET /daftar/{id}':
        return receiptPage(deps, event);
      case 'GET /ubah/{id}':
        return correctionFormPage(deps, event);
      case 'POST /ubah/{id}':
        return submitCorrectionForm(deps, event);
      default:
        throw new NotFoundError('Halaman tidak ditemukan.', 'No such page.');
    }
  };

export const handler = pageHandler(registrationPages(dependencies), ErrorPage);
