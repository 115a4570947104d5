import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  devTokenClaims,
  LOCAL_CLIENT_ID,
  signAccessToken,
} from '../../../infra/local/emulators/dev-token.js';
import {
  loadOrCreateSigningKey,
  publicJwk,
  type SigningJwk,
} from '../../../infra/local/emulators/signing-key.js';
import { claimText, createJwtVerifier } from '../../../infra/local/lambda/jwt-verifier.js';
import { ADMIN_API_SCOPES } from '../../../shared/auth/access-policy.js';

const ISSUER = 'http://localhost:3001';
const NOW = new Date('2026-03-02T08:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const reviewRoute = { path: '/admin/registrations', scopes: [ADMIN_API_SCOPES.review] };
const directoryRoute = { path: '/admin/officers', scopes: [ADMIN_API_SCOPES.directory] };

let key: SigningJwk;
let otherKey: SigningJwk;
const folders: string[] = [];
const keyIn = (name: string) => {
  const folder = mkdtempSync(join(tmpdir(), `kim-${name}-`));
  folders.push(folder);
  return loadOrCreateSigningKey(folder);
};

beforeAll(async () => {
  [key, otherKey] = await Promise.all([keyIn('key'), keyIn('other-key')]);
});
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const verifier = () =>
  createJwtVerifier({
    issuer: ISSUER,
    audience: [LOCAL_CLIENT_ID],
    keys: createLocalJWKSet({ keys: [publicJwk(key)] }),
    now: () => NOW,
  });

const adminClaims = (patch: JWTPayload = {}): JWTPayload => ({
  ...devTokenClaims({ issuer: ISSUER, role: 'admin', now: NOW }),
  ...patch,
});

const bearer = async (claims: JWTPayload, signingKey: SigningJwk = key) =>
  `Bearer ${await signAccessToken(claims, signingKey)}`;

const refusal = (statusCode: 401 | 403, description: RegExp) => ({
  authorized: false,
  statusCode,
  wwwAuthenticate: expect.stringMatching(description),
});

describe('local JWT verification (as the API Gateway JWT authorizer)', () => {
  it('accepts a development admin token and passes its claims as strings, like API Gateway', async () => {
    const verdict = await verifier()(await bearer(adminClaims()), reviewRoute);

    expect(verdict).toMatchObject({
      authorized: true,
      scopes: [ADMIN_API_SCOPES.review, ADMIN_API_SCOPES.directory, ADMIN_API_SCOPES.awards],
      claims: {
        'cognito:groups': '[admin]',
        iss: ISSUER,
        client_id: LOCAL_CLIENT_ID,
        token_use: 'access',
        scope: `${ADMIN_API_SCOPES.review} ${ADMIN_API_SCOPES.directory} ${ADMIN_API_SCOPES.awards}`,
        exp: String(NOW_S + 8 * 3600),
        iat: String(NOW_S),
        version: '2',
        username: 'local-admin',
      },
    });
    if (!verdict.authorized) throw new Error('refused');
    expect(Object.values(verdict.claims).every((value) => typeof value === 'string')).toBe(true);
  });

  it('accepts a ppid token with its region_code claim on a review route', async () => {
    const claims = devTokenClaims({ issuer: ISSUER, role: 'ppid', regionCode: '51.02.05', now: NOW });
    const verdict = await verifier()(await bearer(claims), reviewRoute);

    expect(verdict).toMatchObject({
      authorized: true,
      claims: {
        'cognito:groups': '[ppid]',
        region_code: '51.02.05',
        scope: `${ADMIN_API_SCOPES.review} ${ADMIN_API_SCOPES.awards}`,
      },
    });
  });

  it('accepts the token without the Bearer prefix, as API Gateway does', async () => {
    const token = await signAccessToken(adminClaims(), key);
    expect(await verifier()(token, reviewRoute)).toMatchObject({ authorized: true });
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['Bearer and nothing', 'Bearer '],
    ['two words that are not a bearer token', 'Basic dXNlcjpwYXNz'],
    ['not a JWT', 'Bearer not.a.jwt'],
  ])('answers 401 for %s', async (_case, header) => {
    expect(await verifier()(header, reviewRoute)).toEqual(refusal(401, /error="invalid_token"/));
  });

  it.each<[string, JWTPayload, RegExp]>([
    ['an expired token', { exp: NOW_S - 1 }, /has expired/],
    ['a token without exp', { exp: undefined }, /exp/],
    ['a token not valid yet (nbf)', { nbf: NOW_S + 60 }, /not valid yet/],
    ['a token issued in the future (iat)', { iat: NOW_S + 60 }, /issued in the future/],
    ['another issuer', { iss: 'https://cognito-idp.ap-southeast-3.amazonaws.com/other' }, /valid issuer/],
    ['another client_id', { client_id: 'someone-else' }, /valid audience/],
    ['no aud and no client_id', { client_id: undefined }, /valid audience/],
    ['a wrong aud next to the right client_id (aud wins)', { aud: 'someone-else' }, /valid audience/],
    ['an ID token', { token_use: 'id', aud: LOCAL_CLIENT_ID }, /not an access token/],
    ['no token_use', { token_use: undefined }, /not an access token/],
  ])('answers 401 for %s', async (_case, patch, description) => {
    expect(await verifier()(await bearer(adminClaims(patch)), reviewRoute)).toEqual(
      refusal(401, description),
    );
  });

  it('takes the audience from aud when the token has one', async () => {
    const claims = adminClaims({ aud: [LOCAL_CLIENT_ID, 'another-api'], client_id: 'ignored' });
    expect(await verifier()(await bearer(claims), reviewRoute)).toMatchObject({ authorized: true });
  });

  it('answers 401 for a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await signAccessToken(adminClaims(), key)).split('.');
    const forged = Buffer.from(JSON.stringify(adminClaims({ 'cognito:groups': ['admin', 'root'] }))).toString(
      'base64url',
    );
    expect(await verifier()(`Bearer ${header}.${forged}.${signature}`, reviewRoute)).toEqual(
      refusal(401, /signature is invalid/),
    );
  });

  it('answers 401 for a token signed by another key under the same kid', async () => {
    const impostor = { ...otherKey, kid: key.kid };
    expect(await verifier()(await bearer(adminClaims(), impostor), reviewRoute)).toEqual(
      refusal(401, /signature is invalid/),
    );
  });

  it('answers 401 for a token signed by a key the issuer does not publish', async () => {
    expect(await verifier()(await bearer(adminClaims(), otherKey), reviewRoute)).toEqual(
      refusal(401, /no key of the issuer/),
    );
  });

  it('answers 401 for an HMAC-signed token, even with the right kid', async () => {
    const token = await new SignJWT(adminClaims())
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .sign(new TextEncoder().encode('a shared secret of thirty-two bytes!'));
    expect(await verifier()(`Bearer ${token}`, reviewRoute)).toEqual(refusal(401, /RSA/));
  });

  it('answers 401 for an unsigned token (alg none)', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = `${encode({ alg: 'none', kid: key.kid })}.${encode(adminClaims())}.`;
    expect(await verifier()(`Bearer ${token}`, reviewRoute)).toMatchObject({
      authorized: false,
      statusCode: 401,
    });
  });

  it('answers 403 when the token holds none of the route scopes, naming them', async () => {
    const claims = devTokenClaims({ issuer: ISSUER, role: 'ppid', regionCode: '51.02.05', now: NOW });
    expect(await verifier()(await bearer(claims), directoryRoute)).toEqual({
      authorized: false,
      statusCode: 403,
      wwwAuthenticate: `Bearer scope="${ADMIN_API_SCOPES.directory}" error="insufficient_scope" error_description="the token does not hold a scope this route requires"`,
    });
  });

  it('answers 403 for a token with no scope at all', async () => {
    expect(await verifier()(await bearer(adminClaims({ scope: undefined })), reviewRoute)).toEqual(
      refusal(403, /insufficient_scope/),
    );
  });

  it('needs one of the route scopes, not all of them, and reads scp too', async () => {
    const route = { path: '/x', scopes: [ADMIN_API_SCOPES.review, ADMIN_API_SCOPES.directory] };
    const claims = adminClaims({ scope: undefined, scp: [ADMIN_API_SCOPES.directory] });
    expect(await verifier()(await bearer(claims), route)).toMatchObject({
      authorized: true,
      scopes: [ADMIN_API_SCOPES.directory],
    });
  });
});

describe('claim values as API Gateway passes them', () => {
  it.each([
    ['a string', 'ppid', 'ppid'],
    ['a number', 1767225600, '1767225600'],
    ['a boolean', true, 'true'],
    ['a list', ['admin', 'ppid'], '[admin ppid]'],
    ['an empty list', [], '[]'],
    ['an object', { b: 2, a: ['x'] }, 'map[a:[x] b:2]'],
    ['null', null, ''],
  ])('%s', (_case, value, text) => {
    expect(claimText(value)).toBe(text);
  });
});
