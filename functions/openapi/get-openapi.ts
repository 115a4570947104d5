import { buildOpenApiDocument } from '../../shared/openapi/document.js';
import { type HttpHandler, httpHandler } from '../../shared/platform/http/handler.js';
import { json } from '../../shared/platform/http/responses.js';

let document: unknown;

/**
 * Built once per container, on the first request rather than at module load: the document changes
 * only with the code, and turning every schema into JSON Schema is most of this function's work.
 */
const dependencies = {
  get document(): unknown {
    document ??= buildOpenApiDocument();
    return document;
  },
};

/** GET /openapi.json */
export const getOpenApi =
  (deps: { readonly document: unknown }): HttpHandler =>
  async () =>
    json(200, deps.document, { 'cache-control': 'public, max-age=300' });

export const handler = httpHandler(getOpenApi(dependencies));
