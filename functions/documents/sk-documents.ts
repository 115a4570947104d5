import { principalOf } from '../../shared/auth/request-principal.js';
import {
  confirmSkUpload,
  listOwnSkDocuments,
  listSkDocumentsForReview,
  requestSkUpload,
  type SkDocumentDeps,
  skDocumentLinkForReview,
} from '../../shared/documents/sk-documents.js';
import { skDocumentDependencies } from '../../shared/documents/wiring.js';
import { getConfig } from '../../shared/platform/config.js';
import { httpHandler } from '../../shared/platform/http/handler.js';
import { readJsonBody } from '../../shared/platform/http/json-body.js';
import { json } from '../../shared/platform/http/responses.js';
import { type Router, router } from '../../shared/platform/http/router.js';
import { logger } from '../../shared/platform/logger.js';

const dependencies = { ...skDocumentDependencies(), scope: getConfig().SCOPE_CODE };

/**
 * The SK documents of a registration: the KIM announces, uploads (presigned PUT) and confirms a
 * version with its edit token (X-Edit-Token) and lists its own; an officer of the registration's
 * region lists them and gets a short-lived link to one.
 */
export const skDocuments = (deps: SkDocumentDeps & { readonly scope: string }): Router =>
  router({
    'POST /registrations/{id}/documents/sk': async (event) => {
      const ticket = await requestSkUpload(deps, {
        registrationId: event.pathParameters?.id ?? '',
        editToken: event.headers['x-edit-token'],
        body: readJsonBody(event),
      });
      logger.info('SK upload announced', { uploadId: ticket.uploadId });
      return json(201, ticket);
    },
    'POST /registrations/{id}/documents/sk/{uploadId}/confirm': async (event) => {
      const { created, document } = await confirmSkUpload(deps, {
        registrationId: event.pathParameters?.id ?? '',
        uploadId: event.pathParameters?.uploadId ?? '',
        editToken: event.headers['x-edit-token'],
      });
      logger.info(created ? 'SK version kept' : 'SK version confirmed again', {
        versionId: document.versionId,
        size: document.size,
      });
      return json(created ? 201 : 200, document);
    },
    'GET /registrations/{id}/documents/sk': async (event) =>
      json(200, {
        items: await listOwnSkDocuments(deps, {
          registrationId: event.pathParameters?.id ?? '',
          editToken: event.headers['x-edit-token'],
        }),
      }),
    'GET /admin/registrations/{id}/documents/sk': async (event) =>
      json(200, {
        items: await listSkDocumentsForReview(
          deps,
          principalOf(event, deps.scope),
          event.pathParameters?.id ?? '',
        ),
      }),
    'GET /admin/registrations/{id}/documents/sk/{versionId}': async (event) =>
      json(
        200,
        await skDocumentLinkForReview(deps, principalOf(event, deps.scope), {
          registrationId: event.pathParameters?.id ?? '',
          versionId: event.pathParameters?.versionId ?? '',
        }),
      ),
  });

export const handler = httpHandler(skDocuments(dependencies));
