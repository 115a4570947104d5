import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '../../../shared/openapi/document.js';

/**
 * `npm run openapi`: writes the API description built from the schemas to
 * shared/openapi/openapi.json, the file GET /openapi.json serves. A unit test fails until it is
 * rewritten after a change to a documented schema or route.
 */
const file = fileURLToPath(new URL('../../../shared/openapi/openapi.json', import.meta.url));
writeFileSync(file, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
process.stdout.write(`wrote ${file}\n`);
