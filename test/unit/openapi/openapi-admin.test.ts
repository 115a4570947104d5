import { describe, expect, it } from 'vitest';
import { routes } from '../../../infra/app-definition.js';
import { buildOpenApiDocument } from '../../../shared/openapi/document.js';
import { toAdminView } from '../../../shared/registrations/registration.js';
import { registrationAdminViewSchema } from '../../../shared/registrations/schema.js';
import { ADMIN_SUB } from '../../fixtures/admin-event.js';
import { fixtureRegistration } from '../../fixtures/registration.js';

type Json = Record<string, unknown>;
const document = buildOpenApiDocument() as unknown as Json & {
  paths: Record<string, Record<string, Json>>;
  components: { securitySchemes: Record<string, Json> };
};

describe('OpenAPI document: the admin API and the resubmission', () => {
  it.each(
    routes
      .filter((route) => route.auth === 'jwt')
      .map((route) => [route.method, route.path, route.scopes] as const),
  )('documents %s %s as needing a bearer token with the route table scopes', (method, path, scopes) => {
    const operation = document.paths[path]?.[method.toLowerCase()];

    expect(operation?.security).toEqual([{ adminToken: [...(scopes ?? [])] }]);
    expect(Object.keys(operation?.responses as Json)).toEqual(expect.arrayContaining(['401', '403']));
  });

  it('documents public operations without security', () => {
    for (const route of routes.filter((candidate) => candidate.auth === 'public')) {
      expect(document.paths[route.path]?.[route.method.toLowerCase()]?.security).toBeUndefined();
    }
  });

  it('declares the bearer JWT scheme', () => {
    expect(document.components.securitySchemes.adminToken).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });

  it('documents the X-Edit-Token header of PUT /registrations/{id}', () => {
    const parameters = document.paths['/registrations/{id}']?.put?.parameters as Json[];

    expect(parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'X-Edit-Token', in: 'header', required: true }),
      ]),
    );
  });

  it('describes exactly what the admin view answers (strict schema, review facts included)', () => {
    const view = toAdminView(
      fixtureRegistration('01JZ0000000000000000000001', {
        status: 'REJECTED',
        version: 2,
        reviewedAt: '2025-07-02T01:00:00.000Z',
        reviewedBy: { sub: ADMIN_SUB, username: 'kominfo-admin', role: 'admin' },
        rejectionReason: 'Nomor SK tidak sesuai.',
      }),
    );

    expect(registrationAdminViewSchema.safeParse(JSON.parse(JSON.stringify(view))).success).toBe(true);
  });

  it('keeps every stored field in the admin view but the edit token hash and the duplicate key, in a fixed order', () => {
    const registration = fixtureRegistration('01JZ0000000000000000000001', {
      status: 'DEACTIVATED',
      reviewedAt: '2025-07-02T01:00:00.000Z',
      reviewedBy: { sub: ADMIN_SUB, username: 'kominfo-admin', role: 'admin' },
      rejectionReason: 'Nomor SK tidak sesuai.',
      deactivationReason: 'KIM sudah bubar sejak Juni.',
    });
    const shuffled = Object.fromEntries(Object.entries(registration).reverse()) as typeof registration;

    const view = toAdminView(shuffled);

    expect(Object.keys(view).sort()).toEqual(
      Object.keys(registration)
        .filter((key) => key !== 'editTokenHash' && key !== 'skNumberNormalized')
        .sort(),
    );
    expect(Object.keys(view).slice(0, 3)).toEqual(['id', 'name', 'status']);
    expect(JSON.stringify(toAdminView(registration))).toBe(JSON.stringify(view));
  });
});
