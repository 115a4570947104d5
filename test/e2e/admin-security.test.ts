import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RouteDefinition, routes } from '../../infra/app-definition.js';
import { signAccessToken } from '../../infra/local/emulators/dev-token.js';
import { freePort } from '../../infra/local/emulators/dynamodb-local.js';
import { loadOrCreateSigningKey } from '../../infra/local/emulators/signing-key.js';
import { keys } from '../../shared/platform/dynamodb/table.js';
import { awardRoundBody } from '../fixtures/award-round.js';
import { registrationBody } from '../fixtures/registration-body.js';
import { claimsFor, runTokenScript, signFor } from '../support/admin-tokens.js';
import { type RunningLocalStack, startLocalStackProcess } from '../support/local-stack.js';
import { localSqsClient, queueDepth } from '../support/queues.js';
import { type Item, snapshotTable } from '../support/table-snapshot.js';

/**
 * Every route behind the JWT authorizer, enumerated from the route table, against every way a
 * caller without the right token can come: each must be refused with 401 or 403, and the table
 * must be exactly as it was afterwards. Then the other side: tokens from `npm run token` open
 * them, and still do after a restart of the stack.
 */

const TABLE_NAME = 'kim-registry-local';
/** The registration lives in Kediri (51.02.05); the foreign PPID officer is from Abiansemal (51.02.01). */
const HOME_DISTRICT = '51.02.05';
const OTHER_DISTRICT = '51.02.01';
const REASON = { reason: 'Nomor SK pada lampiran tidak terbaca.' };
const OFFICER = { name: 'Ni Kadek Sari Dewi', email: 'kadek.sari@example.id', regionCode: HOME_DISTRICT };

const jwtRoutes = routes.filter((route) => route.auth === 'jwt');
const routeKey = (route: RouteDefinition) => `${route.method} ${route.path}`;
const isOfficerRoute = (route: RouteDefinition) => route.path.startsWith('/admin/officers');
const isAwardRoute = (route: RouteDefinition) => route.path.startsWith('/admin/awards');
/** The award round listing answers a console user who judges no round an empty list: checked apart. */
const isRoundListing = (route: RouteDefinition) => routeKey(route) === 'GET /admin/awards/rounds';

const keyDir = mkdtempSync(join(tmpdir(), 'kim-security-keys-'));
const foreignKeyDir = mkdtempSync(join(tmpdir(), 'kim-security-foreign-key-'));
let oidcPort: number;
let stack: RunningLocalStack;
let registrationId: string;
let officerId: string;
let roundId: string;
let adminToken: string;
let before: Item[];

const start = () => startLocalStackProcess({ env: { OIDC_PORT: String(oidcPort), LOCAL_DATA_DIR: keyDir } });

const call = async (
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: unknown; challenge: string | null }> => {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: {
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
    challenge: response.headers.get('www-authenticate'),
  };
};

/** What a legitimate admin or juror would send on an award route: the real round, valid bodies. */
const awardRequestOn = (route: RouteDefinition) => {
  const path = route.path
    .replace('{roundId}', roundId)
    .replace('{sub}', 'a-console-user')
    .replace('{entryId}', registrationId);
  const bodies: Record<string, unknown> = {
    'POST /admin/awards/rounds': awardRoundBody(),
    'PUT /admin/awards/rounds/{roundId}/jurors/{sub}': { username: 'juri' },
    'POST /admin/awards/rounds/{roundId}/conflicts': { villageCodes: [registrationBody().villageCode] },
    'POST /admin/awards/rounds/{roundId}/entries': { registrationId },
    'PUT /admin/awards/rounds/{roundId}/entries/{entryId}/scores': {
      scores: [{ criterionId: 'administrasi', score: 50 }],
    },
  };
  return { method: route.method, path, body: bodies[routeKey(route)] };
};

/** The request a legitimate caller would send on `route`: real ids, valid bodies (so a leak would change data). */
const requestOn = (route: RouteDefinition, query = '') => {
  if (isAwardRoute(route)) return awardRequestOn(route);
  const id = isOfficerRoute(route) ? officerId : registrationId;
  const path = `${route.path.replace('{id}', encodeURIComponent(id))}${query}`;
  const body =
    route.method === 'POST' && route.path.endsWith('/verify')
      ? undefined
      : route.method === 'POST' && !isOfficerRoute(route)
        ? REASON
        : route.method === 'POST' || route.method === 'PUT'
          ? OFFICER
          : undefined;
  return { method: route.method, path, body };
};

beforeAll(async () => {
  oidcPort = await freePort();
  stack = await start();
  console.info(`e2e admin security: local stack ready in ${Math.round(stack.startMs)} ms`);
  adminToken = await signFor(stack, claimsFor(stack, 'admin'));

  const created = await fetch(`${stack.baseUrl}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(registrationBody()),
  });
  expect(created.status).toBe(201);
  registrationId = ((await created.json()) as { id: string }).id;

  const officer = await call('POST', '/admin/officers', { token: adminToken, body: OFFICER });
  expect(officer.status).toBe(201);
  officerId = (officer.body as { id: string }).id;

  const round = await call('POST', '/admin/awards/rounds', { token: adminToken, body: awardRoundBody() });
  expect(round.status).toBe(201);
  roundId = (round.body as { id: string }).id;

  // The registration's event reaches the coverage counters and the officers' notifications some
  // time later: the snapshot waits for both, so that only the requests below could change it.
  await vi.waitFor(
    async () => {
      const coverage = await call('GET', `/coverage/${registrationBody().villageCode}`);
      expect((coverage.body as { kim: { submitted: number } }).kim.submitted).toBe(1);
    },
    { timeout: 30_000, interval: 200 },
  );
  const sqs = localSqsClient(stack.sqsEndpoint);
  try {
    await vi.waitFor(
      async () => {
        for (const queue of Object.values(stack.queues)) {
          expect(await queueDepth(sqs, queue.url)).toEqual({ visible: 0, inFlight: 0 });
        }
      },
      { timeout: 30_000, interval: 200 },
    );
  } finally {
    sqs.destroy();
  }

  before = await snapshotTable(stack.dynamoEndpoint, TABLE_NAME);
});

afterAll(async () => {
  await stack?.stop();
  rmSync(keyDir, { recursive: true, force: true });
  rmSync(foreignKeyDir, { recursive: true, force: true });
});

it('has admin routes to attack, every one of them under /admin and every /admin route among them', () => {
  expect(jwtRoutes.length).toBeGreaterThanOrEqual(10);
  expect(jwtRoutes.every((route) => route.path.startsWith('/admin/'))).toBe(true);
  expect(routes.filter((route) => route.path.startsWith('/admin')).map(routeKey)).toEqual(
    jwtRoutes.map(routeKey),
  );
});

interface Attack {
  readonly name: string;
  /** The token to send, or undefined for none. */
  readonly token: () => Promise<string | undefined>;
  readonly status: 401 | 403;
}

const now = () => new Date();
const attacks: readonly Attack[] = [
  { name: 'no token', token: async () => undefined, status: 401 },
  {
    name: 'an expired token',
    token: () =>
      signFor(stack, claimsFor(stack, 'admin', undefined, {}, new Date(now().getTime() - 9 * 3600 * 1000))),
    status: 401,
  },
  {
    name: 'a token from another issuer',
    token: () =>
      signFor(
        stack,
        claimsFor(stack, 'admin', undefined, {
          iss: 'https://cognito-idp.ap-southeast-3.amazonaws.com/ap-southeast-3_Other',
        }),
      ),
    status: 401,
  },
  {
    name: 'a token for another audience',
    token: () => signFor(stack, claimsFor(stack, 'admin', undefined, { client_id: 'another-app-client' })),
    status: 401,
  },
  {
    name: 'a token whose signature was tampered with',
    token: async () => {
      const [header, payload, signature = ''] = adminToken.split('.');
      const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
      return `${header}.${payload}.${flipped}`;
    },
    status: 401,
  },
  {
    name: 'a token whose claims were changed after signing',
    token: async () => {
      const [header, , signature] = adminToken.split('.');
      const forged = Buffer.from(
        JSON.stringify(claimsFor(stack, 'admin', undefined, { username: 'someone-else' })),
      ).toString('base64url');
      return `${header}.${forged}.${signature}`;
    },
    status: 401,
  },
  {
    name: 'a token signed by a key the issuer does not publish',
    token: async () =>
      signAccessToken(claimsFor(stack, 'admin'), await loadOrCreateSigningKey(foreignKeyDir)),
    status: 401,
  },
  {
    name: 'a token without any admin API scope',
    token: () => signFor(stack, claimsFor(stack, 'admin', undefined, { scope: 'openid email' })),
    status: 403,
  },
];

describe.each(attacks)('$name', (attack) => {
  it.each(jwtRoutes)(
    `is refused on $method $path with ${attack.status}, bilingual, API Gateway's words in messageEn`,
    async (route) => {
      const request = requestOn(route);
      const token = await attack.token();

      const answer = await call(request.method, request.path, {
        ...(token === undefined ? {} : { token }),
        body: request.body,
      });

      expect(answer.status).toBe(attack.status);
      expect(answer.body).toMatchObject({ messageEn: attack.status === 401 ? 'Unauthorized' : 'Forbidden' });
      expect(answer.body).toHaveProperty(
        'message',
        expect.stringMatching(/^(Tidak terautentikasi|Dilarang)/),
      );
      expect(answer.challenge).toMatch(/^Bearer scope="[^"]*" error="(invalid_token|insufficient_scope)"/);
    },
  );
});

describe('a PPID officer of another district', () => {
  const foreignToken = () => signFor(stack, claimsFor(stack, 'ppid', OTHER_DISTRICT));

  it.each(jwtRoutes.filter((route) => !isRoundListing(route)))(
    'is refused on $method $path with 403',
    async (route) => {
      const request = requestOn(
        route,
        route.path === '/admin/registrations' ? `?region=${HOME_DISTRICT}` : '',
      );

      const answer = await call(request.method, request.path, {
        token: await foreignToken(),
        body: request.body,
      });

      // Registration routes: the handlers refuse a registration outside the caller's region with 403
      // (reads and writes alike). Officer routes: the authorizer, for the ppid token has no
      // kim-registry/directory scope. Award routes: the handlers, for the officer judges no round.
      expect(answer.status).toBe(403);
    },
  );

  it('sees no award round in its own listing: it judges none', async () => {
    const answer = await call('GET', '/admin/awards/rounds', { token: await foreignToken() });

    expect(answer).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
  });

  it('does not see the registration in its own listing', async () => {
    const answer = await call('GET', '/admin/registrations', { token: await foreignToken() });

    expect(answer.status).toBe(200);
    expect((answer.body as { items: Array<{ id: string }> }).items.map((item) => item.id)).not.toContain(
      registrationId,
    );
  });
});

describe('after all those requests', () => {
  it('the table holds exactly what it held before: nothing was written, changed or deleted', async () => {
    const after = await snapshotTable(stack.dynamoEndpoint, TABLE_NAME);

    expect(before.map((item) => String(item.PK))).toEqual(
      expect.arrayContaining([keys.registration(registrationId).PK, `OFFICER#${officerId}`]),
    );
    expect(after).toEqual(before);
  });
});

describe('tokens from npm run token', () => {
  const script = (args: string[]) =>
    runTokenScript(args, { OIDC_PORT: String(oidcPort), LOCAL_DATA_DIR: keyDir, LOG_LEVEL: 'WARN' });

  it('print one bare token line that the running stack accepts (admin)', async () => {
    const { code, stdout, stderr } = await script(['--role', 'admin']);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const answer = await call('GET', `/admin/registrations/${registrationId}`, { token: stdout.trim() });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: registrationId, status: 'SUBMITTED' });
  });

  it('open the registrations of the officer region to a ppid token, and only the review routes', async () => {
    const { code, stdout } = await script(['--role', 'ppid', '--region', HOME_DISTRICT]);
    expect(code).toBe(0);
    const token = stdout.trim();

    expect((await call('GET', `/admin/registrations/${registrationId}`, { token })).status).toBe(200);
    expect((await call('GET', '/admin/officers', { token })).status).toBe(403);
  });

  it('refuse a region outside the deployment scope with one line and exit code 1', async () => {
    const result = await script(['--role', 'ppid', '--region', '51.03']);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      'Wilayah 51.03 tidak ada dalam cakupan 51.02 / region 51.03 is not a region of the deployment scope 51.02 (SCOPE_CODE)',
    ]);
  });

  it('still work after the stack restarts: the issuer key is kept', async () => {
    const { stdout } = await script(['--role', 'admin']);
    await stack.stop();
    stack = await start();

    const answer = await call('GET', '/admin/registrations', { token: stdout.trim() });

    expect(answer.status).toBe(200);
  });
});
