import { buildOpenApiDocument } from '../../shared/openapi/document.js';
import { httpHandler } from '../../shared/platform/http/handler.js';
import { json } from '../../shared/platform/http/responses.js';

const document = buildOpenApiDocument();

/** GET /openapi.json */
export const getOpenApi = async () => json(200, document, { 'cache-control': 'public, max-age=300' });

export const handler = httpHandler(getOpenApi);
