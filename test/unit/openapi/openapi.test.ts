import { describe, expect, it, vi } from 'vitest';
import { routes } from '../../../infra/app-definition.js';
import { buildOpenApiDocument } from '../../../shared/openapi/document.js';
import committedDocument from '../../../shared/openapi/openapi.json' with { type: 'json' };
import { FOCUS_AREAS, REQUIRED_OFFICER_ROLES } from '../../../shared/registrations/schema.js';
import { apiEvent, bodyOf, lambdaContext } from '../../fixtures/api-event.js';

type Json = Record<string, unknown>;

const document = buildOpenApiDocument() as unknown as Json & {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json> };
};

/** Resolves a local JSON pointer (`#/components/schemas/X`) inside the document. */
const resolvePointer = (ref: string): unknown => {
  expect(ref.startsWith('#/')).toBe(true);
  return ref
    .slice(2)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>(
      (node, segment) => (node !== null && typeof node === 'object' ? (node as Json)[segment] : undefined),
      document,
    );
};

const allRefs = (node: unknown, found: string[] = []): string[] => {
  if (Array.isArray(node)) for (const item of node) allRefs(item, found);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else allRefs(value, found);
    }
  }
  return found;
};

/** The object at `path` below `node`; fails the test when something on the way is missing. */
const at = (node: unknown, ...path: string[]): Json =>
  path.reduce<Json>((current, segment) => {
    const next = current[segment];
    if (next === null || typeof next !== 'object')
      throw new Error(`nothing at ${path.join(' > ')} (${segment})`);
    return next as Json;
  }, node as Json);

const deref = (schema: unknown): Json => {
  const ref = (schema as Json).$ref;
  return (typeof ref === 'string' ? resolvePointer(ref) : schema) as Json;
};

/** The JSON API's routes; the HTML pages are for people and described in the README. */
const apiRoutes = routes.filter((route) => route.content !== 'html');

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1.0 with JSON Schema 2020-12', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.jsonSchemaDialect).toBe('https://json-schema.org/draft/2020-12/schema');
    expect((document.info as Json).title).toBeTruthy();
  });

  it.each(apiRoutes.map((route) => [route.method, route.path] as const))(
    'documents %s %s',
    (method, path) => {
      const operation = document.paths[path]?.[method.toLowerCase()];

      expect(operation).toBeDefined();
      expect(operation?.operationId).toEqual(expect.any(String));
      expect(Object.keys(operation?.responses as Json).length).toBeGreaterThan(0);
    },
  );

  it('documents no path the route table does not serve', () => {
    const routed = new Set(apiRoutes.map((route) => `${route.method.toLowerCase()} ${route.path}`));
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`),
    );

    expect(new Set(documented)).toEqual(routed);
  });

  it('describes the registration body with the RegistrationInput component', () => {
    const requestBody = at(document, 'paths', '/registrations', 'post', 'requestBody');
    const schema = at(requestBody, 'content', 'application/json', 'schema');

    expect(requestBody.required).toBe(true);
    expect(schema).toEqual({ $ref: '#/components/schemas/RegistrationInput' });
    const input = deref(schema);
    expect(input.type).toBe('object');
    expect(input.additionalProperties).toBe(false);
    expect([...(input.required as string[])].sort()).toEqual(
      ['contact', 'focusAreas', 'memberCount', 'name', 'officers', 'sk', 'villageCode'].sort(),
    );
    expect(at(input, 'properties', 'focusAreas', 'items').enum).toEqual([...FOCUS_AREAS]);
    expect(at(input, 'properties', 'memberCount')).toMatchObject({
      type: 'integer',
      minimum: 3,
      maximum: 100,
    });
    expect(at(input, 'properties', 'officers', 'items', 'properties', 'role').enum).toEqual(
      expect.arrayContaining([...REQUIRED_OFFICER_ROLES]),
    );
    expect(at(input, 'properties', 'sk', 'properties', 'date')).toMatchObject({
      type: 'string',
      format: 'date',
    });
  });

  it('documents the error answers of POST /registrations with bilingual bodies', () => {
    const responses = at(document, 'paths', '/registrations', 'post', 'responses');

    expect(Object.keys(responses).sort()).toEqual(['201', '400', '404', '409', '413', '415', '422', '500']);
    const badRequest = deref(at(responses, '400', 'content', 'application/json', 'schema'));
    expect(badRequest.required).toEqual(expect.arrayContaining(['message', 'messageEn', 'errors']));
    const duplicate = deref(at(responses, '409', 'content', 'application/json', 'schema'));
    expect(duplicate.required).toEqual(expect.arrayContaining(['message', 'messageEn', 'existingId']));
  });

  it('documents that a 400 lists at most 20 field errors and counts the rest in an optional moreErrors', () => {
    const responses = at(document, 'paths', '/registrations', 'post', 'responses');
    const badRequest = deref(at(responses, '400', 'content', 'application/json', 'schema'));

    expect(at(badRequest, 'properties', 'errors')).toMatchObject({ type: 'array', maxItems: 20 });
    expect(at(badRequest, 'properties', 'moreErrors')).toMatchObject({
      type: 'integer',
      exclusiveMinimum: 0,
    });
    expect(badRequest.required).not.toContain('moreErrors');
  });

  it('resolves every $ref', () => {
    const refs = allRefs(document);

    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) expect(resolvePointer(ref), ref).toBeDefined();
  });

  it('is the committed shared/openapi/openapi.json, which the function serves (npm run openapi rewrites it)', () => {
    expect(committedDocument).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('is served by GET /openapi.json', async () => {
    vi.stubEnv('TABLE_NAME', 'kim-registry-test');
    vi.stubEnv('SCOPE_CODE', '51.02');
    const { handler } = await import('../../../functions/openapi/get-openapi.js');

    const result = await handler(apiEvent({ path: '/openapi.json' }), lambdaContext('get-openapi'));

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual(JSON.parse(JSON.stringify(document)));
  });
});
