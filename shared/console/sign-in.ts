import { createHash, randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type Principal, principalFromClaims } from '../auth/principal.js';
import { logger } from '../platform/logger.js';
import { csrfToken, csrfTokenMatches, isSameOriginPost } from '../platform/web/csrf.js';
import { cookieValue } from '../platform/web/language.js';
import { redirectResponse } from '../platform/web/response.js';
import { isHttps } from '../platform/web/security-headers.js';
import type { AccessTokenVerifier, IdentityProvider } from './ports.js';
import { clearedCookie, cookieName, type SealedCookie, sealedCookie, unseal } from './session.js';

/** What signing in and keeping a session needs. */
export interface SignInDeps {
  readonly identity: IdentityProvider;
  readonly tokens: AccessTokenVerifier;
  /** Keys the sealed cookies and signs the CSRF tokens. */
  readonly formSecret: string;
  /** The deployment scope: an admin's region, and the bound of a PPID officer's. */
  readonly scope: string;
  /** The site's own address, without a trailing slash. */
  readonly baseUrl: string;
}

/** The console's paths. */
export const consolePaths = {
  queue: '/konsol',
  signIn: '/konsol/masuk',
  callback: '/konsol/masuk/kembali',
  signOut: '/konsol/keluar',
  signedOut: '/konsol/keluar/selesai',
  exports: '/konsol/ekspor',
  admin: '/konsol/admin',
  awards: '/konsol/penghargaan',
  registration: (id: string) => `/konsol/pendaftaran/${encodeURIComponent(id)}`,
} as const;

/** A sign-in must come back within this long (Cognito's codes live 5 minutes; typing a TOTP takes time). */
const LOGIN_COOKIE_SECONDS = 15 * 60;
/** As long as Cognito's refresh tokens (AdminUserPool: 12 hours): beyond it, signing in again is needed anyway. */
export const SESSION_COOKIE_SECONDS = 12 * 60 * 60;

interface LoginState {
  readonly state: string;
  readonly verifier: string;
  readonly returnTo: string;
}

interface SessionState {
  /** Random id of this session: the CSRF tokens are bound to it. */
  readonly sid: string;
  readonly accessToken: string;
}

interface RefreshState {
  readonly sid: string;
  readonly refreshToken: string;
}

/** A signed-in officer or admin: who, and the session their forms are bound to. */
export interface ConsoleSession {
  readonly principal: Principal;
  readonly sid: string;
  /** `Set-Cookie` values to send with the answer (a refreshed session). */
  readonly cookies: readonly string[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const readCookie = (deps: SignInDeps, event: APIGatewayProxyEventV2, cookie: SealedCookie): unknown =>
  unseal(deps.formSecret, cookie, cookieValue(event.cookies, cookieName(cookie, isHttps(event))));

/** A path of the console to come back to, or the queue: never another site (`//host`, `/\host`). */
export const safeReturnPath = (value: string | undefined): string =>
  value !== undefined && /^\/konsol(?:[/?#]|$)/.test(value) && !/[\\\s]/.test(value)
    ? value
    : consolePaths.queue;

const redirectUri = (deps: SignInDeps) => `${deps.baseUrl}${consolePaths.callback}`;

/** Sends the browser to the managed login, remembering where it wanted to go. */
export const startSignIn = (
  deps: SignInDeps,
  event: APIGatewayProxyEventV2,
  returnTo: string,
): APIGatewayProxyStructuredResultV2 => {
  const secure = isHttps(event);
  const login: LoginState = {
    state: randomBytes(24).toString('base64url'),
    verifier: randomBytes(48).toString('base64url'),
    returnTo: safeReturnPath(returnTo),
  };
  const location = deps.identity.authorizeUrl({
    state: login.state,
    codeChallenge: createHash('sha256').update(login.verifier).digest('base64url'),
    redirectUri: redirectUri(deps),
  });
  return redirectResponse(event, location, {
    status: 303,
    cookies: [sealedCookie(deps.formSecret, 'login', login, { secure, maxAge: LOGIN_COOKIE_SECONDS })],
    referrerPolicy: 'no-referrer',
  });
};

/** Where a request without a session goes: sign in, then back here (a post goes back to its page). */
export const signInRedirect = (event: APIGatewayProxyEventV2) => {
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const here = event.requestContext.http.method === 'GET' ? `${event.rawPath}${query}` : undefined;
  const back = here ?? URL.parse(event.headers.referer ?? '')?.pathname;
  return redirectResponse(
    event,
    `${consolePaths.signIn}?kembali=${encodeURIComponent(safeReturnPath(back))}`,
    {
      status: 303,
    },
  );
};

const sessionCookies = (deps: SignInDeps, secure: boolean, session: SessionState, refreshToken?: string) => [
  sealedCookie(deps.formSecret, 'session', session, { secure, maxAge: SESSION_COOKIE_SECONDS }),
  ...(refreshToken === undefined
    ? []
    : [
        sealedCookie(deps.formSecret, 'refresh', { sid: session.sid, refreshToken } satisfies RefreshState, {
          secure,
          maxAge: SESSION_COOKIE_SECONDS,
        }),
      ]),
];

/** The principal of a verified token, or undefined when the access policy refuses it. */
const principalOf = async (deps: SignInDeps, token: string) => {
  const verdict = await deps.tokens.verify(token);
  if (verdict.kind !== 'valid') return verdict.kind;
  try {
    return principalFromClaims(verdict.claims, deps.scope);
  } catch {
    return 'invalid' as const;
  }
};

/**
 * The answer to the managed login's redirect back: the `state` must be the one this browser's
 * login cookie holds; the code is exchanged with its PKCE verifier; the access token is verified
 * and must belong to an admin or a PPID officer of a region inside the scope. Then the session
 * cookies are set and the browser goes where it wanted. Undefined when any of this fails.
 */
export const finishSignIn = async (
  deps: SignInDeps,
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2 | undefined> => {
  const secure = isHttps(event);
  const login = readCookie(deps, event, 'login');
  const query = event.queryStringParameters ?? {};
  if (
    !isObject(login) ||
    typeof login.state !== 'string' ||
    typeof login.verifier !== 'string' ||
    typeof login.returnTo !== 'string' ||
    query.state !== login.state ||
    query.code === undefined
  ) {
    logger.info('Console sign-in refused', { reason: 'state' });
    return undefined;
  }
  const tokens = await deps.identity.exchangeCode({
    code: query.code,
    codeVerifier: login.verifier,
    redirectUri: redirectUri(deps),
  });
  const principal = tokens === undefined ? 'invalid' : await principalOf(deps, tokens.accessToken);
  if (tokens === undefined || typeof principal === 'string') {
    logger.info('Console sign-in refused', { reason: tokens === undefined ? 'code' : principal });
    if (tokens?.refreshToken !== undefined) await deps.identity.revoke(tokens.refreshToken);
    return undefined;
  }
  logger.info('Console sign-in', { role: principal.role });
  const session: SessionState = {
    sid: randomBytes(24).toString('base64url'),
    accessToken: tokens.accessToken,
  };
  return redirectResponse(event, safeReturnPath(login.returnTo), {
    status: 303,
    cookies: [...sessionCookies(deps, secure, session, tokens.refreshToken), clearedCookie('login', secure)],
  });
};

/**
 * The session of a request: its access token verified (and the shared access policy applied), or,
 * when it expired, renewed with the refresh token. Undefined when there is none to be had.
 */
export const currentSession = async (
  deps: SignInDeps,
  event: APIGatewayProxyEventV2,
): Promise<ConsoleSession | undefined> => {
  const stored = readCookie(deps, event, 'session');
  if (!isObject(stored) || typeof stored.sid !== 'string' || typeof stored.accessToken !== 'string') {
    return undefined;
  }
  const principal = await principalOf(deps, stored.accessToken);
  if (typeof principal !== 'string') return { principal, sid: stored.sid, cookies: [] };
  if (principal === 'invalid') return undefined;

  const refresh = readCookie(deps, event, 'refresh');
  if (!isObject(refresh) || refresh.sid !== stored.sid || typeof refresh.refreshToken !== 'string') {
    return undefined;
  }
  const renewed = await deps.identity.refresh(refresh.refreshToken);
  const renewedPrincipal = renewed === undefined ? 'invalid' : await principalOf(deps, renewed.accessToken);
  if (renewed === undefined || typeof renewedPrincipal === 'string') return undefined;
  return {
    principal: renewedPrincipal,
    sid: stored.sid,
    cookies: sessionCookies(deps, isHttps(event), { sid: stored.sid, accessToken: renewed.accessToken }),
  };
};

/** The CSRF token of a session's forms. */
export const sessionCsrfToken = (deps: SignInDeps, session: ConsoleSession): string =>
  csrfToken(deps.formSecret, `konsol:${session.sid}`);

/** Whether a post is from this site (Origin, else Referer) and carries this session's token. */
export const isGenuinePost = (
  deps: SignInDeps,
  event: APIGatewayProxyEventV2,
  session: ConsoleSession,
  token: unknown,
) =>
  isSameOriginPost(event) &&
  typeof token === 'string' &&
  csrfTokenMatches(deps.formSecret, `konsol:${session.sid}`, token);

/**
 * Signs out: revokes the refresh token (Cognito then refuses the access tokens issued from it),
 * deletes the cookies, and sends the browser through the managed login's logout so it forgets its
 * own session, to the signed-out page.
 */
export const signOut = async (
  deps: SignInDeps,
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const secure = isHttps(event);
  const refresh = readCookie(deps, event, 'refresh');
  if (isObject(refresh) && typeof refresh.refreshToken === 'string') {
    await deps.identity.revoke(refresh.refreshToken);
  }
  logger.info('Console sign-out');
  return redirectResponse(event, deps.identity.logoutUrl(`${deps.baseUrl}${consolePaths.signedOut}`), {
    status: 303,
    cookies: (['session', 'refresh', 'login'] as const).map((cookie) => clearedCookie(cookie, secure)),
    referrerPolicy: 'no-referrer',
  });
};
