import { describe, expect, it, vi } from 'vitest';
import { type FunctionName, functionDefinitions, routes } from '../../infra/app-definition.js';

vi.stubEnv('TABLE_NAME', 'kim-test');
vi.stubEnv('SCOPE_CODE', '51.02');
vi.stubEnv('MAIL_FROM', 'noreply@kim.example.go.id');
vi.stubEnv('APP_BASE_URL', 'https://kim.example.go.id');
vi.stubEnv('COVERAGE_QUEUE_URL', 'http://127.0.0.1:4566/000000000000/coverage');
vi.stubEnv('NOTIFY_QUEUE_URL', 'http://127.0.0.1:4566/000000000000/notify');
vi.stubEnv('DIGEST_SCHEDULE_EXPRESSION', 'cron(0 8 ? * MON *)');
vi.stubEnv('DIGEST_SCHEDULE_TIME_ZONE', 'Asia/Makassar');
vi.stubEnv('FORM_SECRET', 'f'.repeat(64));
vi.stubEnv('DOCUMENT_BUCKET', 'kim-documents');
vi.stubEnv('CONSOLE_AUTH_URL', 'https://kim-registry-123456789012.auth.ap-southeast-3.amazoncognito.com');
vi.stubEnv('CONSOLE_TOKEN_ISSUER', 'https://cognito-idp.ap-southeast-3.amazonaws.com/ap-southeast-3_example');
vi.stubEnv(
  'CONSOLE_JWKS_URL',
  'https://cognito-idp.ap-southeast-3.amazonaws.com/ap-southeast-3_example/.well-known/jwks.json',
);
vi.stubEnv('CONSOLE_CLIENT_ID', 'exampleclientid');
vi.stubEnv('CONSOLE_BASE_URL', 'https://kim.example.go.id');

const names = Object.keys(functionDefinitions) as FunctionName[];
const moduleOf = async (name: FunctionName): Promise<Record<string, unknown>> =>
  import(new URL(`../../${functionDefinitions[name].entry}`, import.meta.url).href);

const routeKeysOf = (name: FunctionName) =>
  routes.filter((route) => route.function === name).map((route) => `${route.method} ${route.path}`);

describe('every function of the function table', () => {
  it.each(names)('%s exports `handler` and the plain function named after it', async (name) => {
    const module = await moduleOf(name);

    expect(typeof module.handler).toBe('function');
    expect(typeof module[name]).toBe('function');
  });

  it.each(names.filter((name) => routeKeysOf(name).length > 1))(
    '%s routes exactly the route keys the route table gives it',
    async (name) => {
      const build = (await moduleOf(name))[name] as (deps: unknown) => { routeKeys?: readonly string[] };

      // The routes are bound when built; no port is used until a request comes.
      expect([...(build({}).routeKeys ?? [])].sort()).toEqual(routeKeysOf(name).sort());
    },
  );
});
