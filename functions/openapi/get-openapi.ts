import { buildOpenApiDocument } from '../../shared/openapi/document.js';
import { type HttpHandler, httpHandler } from '../../shared/platform/http/handler.js';
import { json } from '../../shared/platform/http/responses.js';

/** Built once per container: the document changes only with the code. */
const dependencies = { document: buildOpenApiDocument() };

/** GET /openapi.json */
export const getOpenApi =
  (deps: { readonly document: unknown }): HttpHandler =>
  async () =>
    json(200, deps.document, { 'cache-control': 'public, max-age=300' });

export const handler = httpHandler(getOpenApi(dependencies));
