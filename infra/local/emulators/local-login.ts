import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROLES, type Role } from '../../../shared/auth/access-policy.js';
import { isRegionCode } from '../../../shared/platform/region-codes.js';
import { renderDocument } from '../../../shared/platform/web/response.js';
import { DEV_TOKEN_TTL_SECONDS, devTokenClaims, LOCAL_CLIENT_ID, signAccessToken } from './dev-token.js';
import { type AuthorizeParameters, LocalLoginPage } from './local-login-page.js';
import type { SigningJwk } from './signing-key.js';

/**
 * The local stand-in for Cognito's managed login and its OAuth 2.0 endpoints, on the paths Cognito
 * uses (`/oauth2/authorize`, `/oauth2/token`, `/oauth2/revoke`, `/logout`), so the console talks to
 * both the same way.
 *
 * Why not oauth2-mock-server's own `/authorize` and `/token`: its authorize endpoint redirects at
 * once with a random code (no page, so nobody can choose who signs in), its token endpoint signs
 * the same fixed subject whatever the code (its `beforeTokenSigning` hook sees the token request,
 * not the choice made at authorize), it checks neither `client_id` nor `redirect_uri`, and it
 * accepts any string as a refresh token and forgets nothing on revoke, so sign-out could not be
 * tested. This keeps its discovery document and JWKS and answers these four paths itself, with
 * the access tokens `npm run token` makes (dev-token.ts), PKCE S256 checked, codes single-use,
 * refresh tokens remembered until revoked or expired.
 */

/** How long an authorization code may wait to be exchanged (Cognito: 5 minutes). */
const CODE_TTL_MS = 5 * 60 * 1000;
/** How long a refresh token lives unless the sign-in page says otherwise: a working day. */
const REFRESH_TTL_SECONDS = 12 * 60 * 60;

interface Grant {
  readonly role: Role;
  readonly regionCode: string | undefined;
  readonly clientId: string;
  /** Seconds each access token lives; the refresh token lives as long when it was set on the page. */
  readonly accessTtlSeconds: number;
}

interface PendingCode extends Grant {
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly expiresAt: number;
  /** The lifetime field of the page, when given, else REFRESH_TTL_SECONDS. */
  readonly refreshTtlSeconds: number;
}

interface RefreshGrant extends Grant {
  readonly expiresAt: number;
}

export interface LocalLoginOptions {
  /** The issuer (`iss`) of the tokens. */
  readonly issuer: () => string;
  readonly key: SigningJwk;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

const readBody = async (request: IncomingMessage): Promise<URLSearchParams> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.byteLength;
    if (size > 64 * 1024) throw new RangeError('Body too large');
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
};

const sendJson = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
};

const oauthError = (response: ServerResponse, error: string, description: string, status = 400) =>
  sendJson(response, status, { error, error_description: description });

const sendHtml = async (
  response: ServerResponse,
  status: number,
  page: Parameters<typeof renderDocument>[0],
) => {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(await renderDocument(page));
};

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

const authorizeParameters = (params: URLSearchParams): AuthorizeParameters | string => {
  const clientId = params.get('client_id') ?? '';
  const redirectUri = params.get('redirect_uri') ?? '';
  const codeChallenge = params.get('code_challenge') ?? '';
  if (clientId !== LOCAL_CLIENT_ID) return `unknown client_id (the local client is ${LOCAL_CLIENT_ID})`;
  if (URL.parse(redirectUri) === null) return 'redirect_uri is not a URL';
  if (!/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) return 'code_challenge must be an S256 challenge';
  if ((params.get('code_challenge_method') ?? 'S256') !== 'S256') return 'only code_challenge_method S256';
  return {
    clientId,
    redirectUri,
    codeChallenge,
    state: params.get('state') ?? '',
    scope: params.get('scope') ?? '',
  };
};

/**
 * The request listener of the managed-login paths; answers false for any other path, which the
 * caller hands to oauth2-mock-server (discovery document, JWKS).
 */
export const createLocalLogin = (options: LocalLoginOptions) => {
  const now = options.now ?? (() => new Date());
  const codes = new Map<string, PendingCode>();
  const refreshTokens = new Map<string, RefreshGrant>();

  const issueAccessToken = (grant: Grant) =>
    signAccessToken(
      devTokenClaims({
        issuer: options.issuer(),
        role: grant.role,
        ...(grant.role === 'ppid' ? { regionCode: grant.regionCode } : {}),
        now: now(),
        ttlSeconds: grant.accessTtlSeconds,
      }),
      options.key,
    );

  const showForm = async (url: URL, response: ServerResponse) => {
    const request = authorizeParameters(url.searchParams);
    if (typeof request === 'string') return oauthError(response, 'invalid_request', request);
    await sendHtml(response, 200, LocalLoginPage({ request, role: 'ppid', region: '', lifetime: '' }));
  };

  const signIn = async (request: IncomingMessage, response: ServerResponse) => {
    const form = await readBody(request);
    const authorize = authorizeParameters(form);
    if (typeof authorize === 'string') return oauthError(response, 'invalid_request', authorize);
    const role = ROLES.find((candidate) => candidate === form.get('role'));
    const region = (form.get('region') ?? '').trim();
    const lifetimeText = (form.get('lifetime') ?? '').trim();
    const lifetime = lifetimeText === '' ? undefined : Number(lifetimeText);
    const error =
      role === undefined
        ? 'Pilih peran admin atau ppid. / Choose the role admin or ppid.'
        : role === 'ppid' && !isRegionCode(region)
          ? 'PPID memerlukan kode wilayah Kemendagri, contoh 51.02.05. / A PPID officer needs a Kemendagri region code such as 51.02.05.'
          : lifetime !== undefined && !(Number.isInteger(lifetime) && lifetime >= 1 && lifetime <= 86_400)
            ? 'Masa berlaku: 1–86400 detik. / Lifetime: 1–86400 seconds.'
            : undefined;
    if (error !== undefined || role === undefined) {
      return sendHtml(
        response,
        400,
        LocalLoginPage({ request: authorize, role: role ?? '', region, lifetime: lifetimeText, error }),
      );
    }
    const code = randomBytes(24).toString('base64url');
    codes.set(code, {
      role,
      regionCode: role === 'ppid' ? region : undefined,
      clientId: authorize.clientId,
      redirectUri: authorize.redirectUri,
      codeChallenge: authorize.codeChallenge,
      accessTtlSeconds: lifetime ?? DEV_TOKEN_TTL_SECONDS,
      expiresAt: now().getTime() + CODE_TTL_MS,
      refreshTtlSeconds: lifetime ?? REFRESH_TTL_SECONDS,
    });
    const target = new URL(authorize.redirectUri);
    target.searchParams.set('code', code);
    if (authorize.state !== '') target.searchParams.set('state', authorize.state);
    response.writeHead(302, { location: target.href, 'cache-control': 'no-store' });
    response.end();
  };

  const token = async (request: IncomingMessage, response: ServerResponse) => {
    const form = await readBody(request);
    const clientId = form.get('client_id') ?? '';
    if (clientId !== LOCAL_CLIENT_ID) return oauthError(response, 'invalid_client', 'unknown client', 401);
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const pending = codes.get(code);
      codes.delete(code);
      if (
        pending === undefined ||
        pending.expiresAt < now().getTime() ||
        pending.clientId !== clientId ||
        pending.redirectUri !== form.get('redirect_uri') ||
        s256(form.get('code_verifier') ?? '') !== pending.codeChallenge
      ) {
        return oauthError(response, 'invalid_grant', 'the code is unknown, used, expired or not yours');
      }
      const refreshToken = randomBytes(48).toString('base64url');
      refreshTokens.set(refreshToken, {
        role: pending.role,
        regionCode: pending.regionCode,
        clientId: pending.clientId,
        accessTtlSeconds: pending.accessTtlSeconds,
        expiresAt: now().getTime() + pending.refreshTtlSeconds * 1000,
      });
      return sendJson(response, 200, {
        access_token: await issueAccessToken(pending),
        refresh_token: refreshToken,
        token_type: 'Bearer',
        expires_in: pending.accessTtlSeconds,
      });
    }
    if (grantType === 'refresh_token') {
      const grant = refreshTokens.get(form.get('refresh_token') ?? '');
      if (grant === undefined || grant.clientId !== clientId || grant.expiresAt < now().getTime()) {
        return oauthError(response, 'invalid_grant', 'the refresh token is unknown, revoked or expired');
      }
      return sendJson(response, 200, {
        access_token: await issueAccessToken(grant),
        token_type: 'Bearer',
        expires_in: grant.accessTtlSeconds,
      });
    }
    return oauthError(response, 'unsupported_grant_type', 'authorization_code or refresh_token');
  };

  const revoke = async (request: IncomingMessage, response: ServerResponse) => {
    const form = await readBody(request);
    const refreshToken = form.get('token') ?? '';
    const grant = refreshTokens.get(refreshToken);
    if (grant !== undefined && grant.clientId === form.get('client_id')) refreshTokens.delete(refreshToken);
    response.writeHead(200, { 'cache-control': 'no-store' });
    response.end();
  };

  const logout = (url: URL, response: ServerResponse) => {
    const target = URL.parse(url.searchParams.get('logout_uri') ?? '');
    if (url.searchParams.get('client_id') !== LOCAL_CLIENT_ID || target === null) {
      return oauthError(response, 'invalid_request', 'client_id and logout_uri are required');
    }
    response.writeHead(302, { location: target.href, 'cache-control': 'no-store' });
    response.end();
  };

  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.url ?? '/', 'http://local');
    const route = `${request.method} ${url.pathname}`;
    try {
      if (route === 'GET /oauth2/authorize') await showForm(url, response);
      else if (route === 'POST /oauth2/authorize') await signIn(request, response);
      else if (route === 'POST /oauth2/token') await token(request, response);
      else if (route === 'POST /oauth2/revoke') await revoke(request, response);
      else if (route === 'GET /logout') logout(url, response);
      else return false;
    } catch (error) {
      if (!response.headersSent) oauthError(response, 'invalid_request', (error as Error).message);
    }
    return true;
  };
};
