import { httpHandler } from '../../shared/http/handler.js';
import { json } from '../../shared/http/responses.js';
import { buildOpenApiDocument } from '../../shared/openapi.js';

const document = buildOpenApiDocument();

/** GET /openapi.json */
export const getOpenApi = async () => json(200, document, { 'cache-control': 'public, max-age=300' });

export const handler = httpHandler(getOpenApi);
