import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type {
  AccessTokenVerifier,
  IdentityProvider,
  TokenSet,
  TokenVerdict,
} from '../../../shared/console/ports.js';
import { cookieName, seal, unseal } from '../../../shared/console/session.js';
import {
  currentSession,
  finishSignIn,
  isGenuinePost,
  type SignInDeps,
  safeReturnPath,
  sessionCsrfToken,
  signOut,
  startSignIn,
} from '../../../shared/console/sign-in.js';

const SECRET = 's'.repeat(64);

/** A managed login that hands out `access-<n>` tokens and remembers which refresh tokens it revoked. */
const fakeIdentity = () => {
  const revoked = new Set<string>();
  let issued = 0;
  const identity: IdentityProvider = {
    browserOrigin: 'https://login.example',
    authorizeUrl: ({ state, codeChallenge }) =>
      `https://login.example/oauth2/authorize?state=${state}&c=${codeChallenge}`,
    exchangeCode: async ({ code }) =>
      code === 'good' ? { accessToken: `access-${++issued}`, refreshToken: 'refresh-1' } : undefined,
    refresh: async (token): Promise<TokenSet | undefined> =>
      revoked.has(token) ? undefined : { accessToken: `access-${++issued}` },
    revoke: async (token) => {
      revoked.add(token);
    },
    logoutUrl: (to) => `https://login.example/logout?logout_uri=${encodeURIComponent(to)}`,
  };
  return { identity, revoked };
};

/** Tokens `access-1`…: valid unless listed as expired; claims of a PPID officer of 51.02.05. */
const fakeTokens = (expired: Set<string>): AccessTokenVerifier => ({
  verify: async (token): Promise<TokenVerdict> =>
    expired.has(token)
      ? { kind: 'expired' }
      : token.startsWith('access-')
        ? {
            kind: 'valid',
            claims: {
              sub: 'u-1',
              username: 'ppid.kediri',
              'cognito:groups': ['ppid'],
              region_code: '51.02.05',
            },
            expiresAt: 0,
          }
        : { kind: 'invalid', reason: 'signature' },
});

const deps = (identity: IdentityProvider, expired = new Set<string>()): SignInDeps => ({
  identity,
  tokens: fakeTokens(expired),
  formSecret: SECRET,
  scope: '51.02',
  baseUrl: 'https://kim.example.id',
});

const event = (
  method: 'GET' | 'POST',
  path: string,
  options: { cookies?: string[]; query?: Record<string, string>; origin?: string } = {},
): APIGatewayProxyEventV2 =>
  ({
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    queryStringParameters: options.query,
    cookies: options.cookies,
    headers: {
      host: 'kim.example.id',
      'x-forwarded-proto': 'https',
      ...(options.origin ? { origin: options.origin } : {}),
    },
    requestContext: { http: { method } },
  }) as unknown as APIGatewayProxyEventV2;

/** The `name=value` pairs a browser would send back for `Set-Cookie` values. */
const jar = (setCookies: readonly string[] | undefined) =>
  (setCookies ?? []).map((cookie) => cookie.split(';')[0] ?? '').filter((pair) => !pair.endsWith('='));

const signedIn = async (d: SignInDeps) => {
  const start = startSignIn(d, event('GET', '/konsol/masuk'), '/konsol/pendaftaran/X');
  const state = new URL(String(start.headers?.location)).searchParams.get('state') ?? '';
  const done = await finishSignIn(
    d,
    event('GET', '/konsol/masuk/kembali', { cookies: jar(start.cookies), query: { code: 'good', state } }),
  );
  return { start, state, done, cookies: jar(done?.cookies) };
};

describe('sealed cookies', () => {
  it('open only with the secret, unaltered, as the cookie they were sealed for', () => {
    const sealed = seal(SECRET, 'session', { sid: 'a', accessToken: 't' });
    expect(unseal(SECRET, 'session', sealed)).toEqual({ sid: 'a', accessToken: 't' });
    expect(unseal('x'.repeat(64), 'session', sealed)).toBeUndefined();
    expect(unseal(SECRET, 'refresh', sealed)).toBeUndefined();
    const flipped = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}${sealed.slice(-1)}`;
    expect(unseal(SECRET, 'session', flipped)).toBeUndefined();
    expect(unseal(SECRET, 'session', 'v1.garbage')).toBeUndefined();
    expect(cookieName('session', true)).toBe('__Host-konsol');
  });
});

describe('sign-in', () => {
  it('returns only to console paths', () => {
    expect(safeReturnPath('/konsol/pendaftaran/X?lang=en')).toBe('/konsol/pendaftaran/X?lang=en');
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example/konsol',
      '/konsolx',
      '/daftar',
      undefined,
    ]) {
      expect(safeReturnPath(bad)).toBe('/konsol');
    }
  });

  it('sends the browser to the managed login with an S256 challenge, and back to the page wanted', async () => {
    const { identity } = fakeIdentity();
    const { start, done, cookies } = await signedIn(deps(identity));
    expect(start.statusCode).toBe(303);
    expect(start.cookies?.[0]).toMatch(/^__Host-konsol-login=.*HttpOnly; Secure; SameSite=Lax$/);
    expect(done?.headers?.location).toBe('/konsol/pendaftaran/X');
    expect(cookies.map((cookie) => cookie.split('=')[0])).toEqual(['__Host-konsol', '__Host-konsol-refresh']);
  });

  it('refuses a return with another state or a refused code', async () => {
    const { identity } = fakeIdentity();
    const d = deps(identity);
    const start = startSignIn(d, event('GET', '/konsol/masuk'), '/konsol');
    const state = new URL(String(start.headers?.location)).searchParams.get('state') ?? '';
    const back = (query: Record<string, string>) =>
      finishSignIn(d, event('GET', '/konsol/masuk/kembali', { cookies: jar(start.cookies), query }));
    expect(await back({ code: 'good', state: 'forged' })).toBeUndefined();
    expect(await back({ code: 'bad', state })).toBeUndefined();
    expect(
      await finishSignIn(d, event('GET', '/konsol/masuk/kembali', { query: { code: 'good', state } })),
    ).toBeUndefined();
  });
});

describe('the session', () => {
  it('is renewed with the refresh token when the access token expired, and is gone once it is revoked', async () => {
    const { identity, revoked } = fakeIdentity();
    const expired = new Set<string>();
    const d = deps(identity, expired);
    const { cookies } = await signedIn(d);
    const session = await currentSession(d, event('GET', '/konsol', { cookies }));
    expect(session?.principal).toMatchObject({ role: 'ppid', regionCode: '51.02.05' });
    expect(session?.cookies).toEqual([]);

    expired.add('access-1');
    const renewed = await currentSession(d, event('GET', '/konsol', { cookies }));
    expect(renewed?.sid).toBe(session?.sid);
    expect(renewed?.cookies).toHaveLength(1);

    const out = await signOut(d, event('POST', '/konsol/keluar', { cookies }));
    expect(revoked.has('refresh-1')).toBe(true);
    expect(out.headers?.location).toBe(
      `https://login.example/logout?logout_uri=${encodeURIComponent('https://kim.example.id/konsol/keluar/selesai')}`,
    );
    expect(out.cookies?.every((cookie) => cookie.includes('Max-Age=0'))).toBe(true);
    // The old cookies, replayed: the access token expired and the refresh token is revoked.
    expect(await currentSession(d, event('GET', '/konsol', { cookies }))).toBeUndefined();
  });

  it('binds the CSRF token to the session and the post to this origin', async () => {
    const { identity } = fakeIdentity();
    const d = deps(identity);
    const first = await signedIn(d);
    const second = await signedIn(d);
    const a = await currentSession(d, event('GET', '/konsol', { cookies: first.cookies }));
    const b = await currentSession(d, event('GET', '/konsol', { cookies: second.cookies }));
    if (!a || !b) throw new Error('no session');
    const post = (origin: string) => event('POST', '/konsol/keluar', { cookies: first.cookies, origin });
    expect(isGenuinePost(d, post('https://kim.example.id'), a, sessionCsrfToken(d, a))).toBe(true);
    expect(isGenuinePost(d, post('https://kim.example.id'), a, sessionCsrfToken(d, b))).toBe(false);
    expect(isGenuinePost(d, post('https://evil.example'), a, sessionCsrfToken(d, a))).toBe(false);
    expect(isGenuinePost(d, post('https://kim.example.id'), a, undefined)).toBe(false);
  });
});
