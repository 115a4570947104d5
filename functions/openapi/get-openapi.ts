import document from '../../shared/openapi/openapi.json' with { type: 'json' };
import { type HttpHandler, httpHandler } from '../../shared/platform/http/handler.js';
import { json } from '../../shared/platform/http/responses.js';

/**
 * The document is built from the schemas when the code changes (`npm run openapi` writes
 * shared/openapi/openapi.json, and a unit test fails while it differs from what the schemas build),
 * not in the function: turning every schema into JSON Schema took zod's JSON Schema code and every
 * route's schemas into this function's bundle (56 KB of zod, 141 KB in all) and most of its cold start.
 */
const dependencies = { document };

/** GET /openapi.json */
export const getOpenApi =
  (deps: { readonly document: unknown }): HttpHandler =>
  async () =>
    json(200, deps.document, { 'cache-control': 'public, max-age=300' });

export const handler = httpHandler(getOpenApi(dependencies));
