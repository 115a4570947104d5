import * as z from 'zod';
import {
  duplicateErrorResponseSchema,
  errorResponseSchema,
  regionResponseSchema,
  validationErrorResponseSchema,
} from './http/schemas.js';
import {
  MEMBER_COUNT,
  registrationCreatedSchema,
  registrationInputDocSchema,
  registrationStatusViewSchema,
} from './registrations/schema.js';

const content = (schema: z.ZodType) => ({ 'application/json': { schema } });
const response = (description: string, schema: z.ZodType) => ({ description, content: content(schema) });

const errors = {
  '400': response(
    'Invalid fields, one entry per bad field / isian tidak valid',
    validationErrorResponseSchema,
  ),
  '404': response('Not found / tidak ditemukan', errorResponseSchema),
  '409': response('Duplicate: same village and SK number / sudah terdaftar', duplicateErrorResponseSchema),
  '413': response('Body over 64 KB / terlalu besar', errorResponseSchema),
  '415': response('Body is not JSON / bukan JSON', errorResponseSchema),
  '422': response('Idempotency-Key reused with another body', errorResponseSchema),
  '500': response('Internal error, with a request id', errorResponseSchema),
};

const pathParameter = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});

const registrationInput = registrationInputDocSchema.meta({
  id: 'RegistrationInput',
  description: `KIM registration. memberCount ${MEMBER_COUNT.min}–${MEMBER_COUNT.max}; SK date not in the future; officers include KETUA, SEKRETARIS and BENDAHARA exactly once; phone numbers are normalised to +62 form.`,
});
const statusView = registrationStatusViewSchema.meta({ id: 'RegistrationStatus' });
const created = registrationCreatedSchema.meta({ id: 'RegistrationCreated' });

/** Swaps zod schemas inside a plain object tree for their JSON Schema, collecting named ones. */
const materialise = (value: unknown, defs: Record<string, unknown>): unknown => {
  if (value instanceof z.ZodType) {
    const schema = z.toJSONSchema(value, {
      io: 'input',
      target: 'draft-2020-12',
      unrepresentable: 'any',
    }) as Record<string, unknown> & { $defs?: Record<string, unknown> };
    const { $defs, $schema: _schema, ...rest } = schema;
    Object.assign(defs, $defs ?? {});
    return rest;
  }
  if (Array.isArray(value)) return value.map((item) => materialise(item, defs));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, materialise(item, defs)]));
  }
  return value;
};

/** The OpenAPI 3.1 document of the public API, generated from the same zod schemas it validates with. */
export const buildOpenApiDocument = () => {
  const defs: Record<string, unknown> = {};
  const paths = materialise(
    {
      '/registrations': {
        post: {
          operationId: 'createRegistration',
          summary: 'Register a newly formed KIM / daftarkan KIM baru',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'Repeat a request safely: same key and body return the original answer for 24 h.',
              schema: { type: 'string', minLength: 1, maxLength: 255 },
            },
          ],
          requestBody: { required: true, content: content(registrationInput) },
          responses: {
            '201': response('Registered / terdaftar; keep editToken to correct a rejection', created),
            ...errors,
          },
        },
      },
      '/registrations/{id}': {
        get: {
          operationId: 'getRegistration',
          summary: 'Public status of a registration (no personal data)',
          parameters: [pathParameter('id', 'Registration id (ULID)')],
          responses: { '200': response('Status', statusView), '404': errors['404'] },
        },
      },
      '/regions/{code}': {
        get: {
          operationId: 'getRegion',
          summary: 'A region of the deployment scope with its children and village counts',
          parameters: [pathParameter('code', 'Kemendagri code, e.g. 51.02, or ID for the country')],
          responses: { '200': response('Region', regionResponseSchema), '404': errors['404'] },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'This document',
          responses: { '200': { description: 'OpenAPI 3.1 document' } },
        },
      },
    },
    defs,
  );
  // Named schemas are referenced as #/$defs/X by zod; OpenAPI keeps them under components.
  const rewritten = JSON.parse(
    JSON.stringify({ paths, defs }).replaceAll('"#/$defs/', '"#/components/schemas/'),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'kim-registry API',
      version: '1.0.0',
      description:
        'Registry of KIM (Kelompok Informasi Masyarakat) and their village coverage. Error messages are Indonesian (`message`) and English (`messageEn`).',
      license: { name: 'Region master data: ODbL (idn-area-data)' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths: rewritten.paths,
    components: { schemas: rewritten.defs },
  };
};
