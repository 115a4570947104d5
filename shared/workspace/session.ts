import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { serializeCookie } from '../platform/web/cookies.js';
import { csrfToken, csrfTokenMatches, isSameOriginPost } from '../platform/web/csrf.js';
import { cookieValue } from '../platform/web/language.js';
import { sealValue, unsealValue } from '../platform/web/sealed-cookie.js';
import { isHttps } from '../platform/web/security-headers.js';

/**
 * The workspace session: a sealed cookie (as the console's, with a key of its own) that names the
 * one registration it opens, a random session id the forms' CSRF tokens are bound to, and its
 * end. Nothing is stored server-side: signing out deletes the cookie.
 */

/** How long a session lasts after the link opened it. */
export const WORKSPACE_SESSION_SECONDS = 12 * 60 * 60;

const BASE_NAME = 'kelola';
const PURPOSE = 'workspace-cookies/v1';

/** `__Host-kelola` over HTTPS, `kelola` on a plain-HTTP local stack. */
export const workspaceCookieName = (secure: boolean): string => (secure ? `__Host-${BASE_NAME}` : BASE_NAME);

/** A signed-in KIM: the registration it may manage. */
export interface WorkspaceSession {
  readonly registrationId: string;
  /** Random id of this session: the CSRF tokens are bound to it. */
  readonly sid: string;
  /** Epoch milliseconds after which the session is over, whatever the browser keeps. */
  readonly until: number;
}

/** `Set-Cookie` of a new session for `registrationId`: HttpOnly, SameSite=Lax, 12 hours. */
export const openSessionCookie = (
  secret: string,
  registrationId: string,
  options: { readonly secure: boolean; readonly now: Date },
): string => {
  const session: WorkspaceSession = {
    registrationId,
    sid: randomBytes(24).toString('base64url'),
    until: options.now.getTime() + WORKSPACE_SESSION_SECONDS * 1000,
  };
  return serializeCookie(
    workspaceCookieName(options.secure),
    sealValue(secret, PURPOSE, BASE_NAME, session),
    {
      secure: options.secure,
      maxAge: WORKSPACE_SESSION_SECONDS,
      sameSite: 'Lax',
    },
  );
};

/** `Set-Cookie` that ends the session. */
export const clearedSessionCookie = (secure: boolean): string =>
  serializeCookie(workspaceCookieName(secure), '', { secure, maxAge: 0, sameSite: 'Lax' });

/** The session of a request, or undefined: absent, forged, altered, another cookie's, or over. */
export const readWorkspaceSession = (
  secret: string,
  event: Pick<APIGatewayProxyEventV2, 'cookies' | 'headers'>,
  now: Date,
): WorkspaceSession | undefined => {
  const value = unsealValue(
    secret,
    PURPOSE,
    BASE_NAME,
    cookieValue(event.cookies, workspaceCookieName(isHttps(event))),
  );
  if (typeof value !== 'object' || value === null) return undefined;
  const { registrationId, sid, until } = value as Record<string, unknown>;
  if (typeof registrationId !== 'string' || typeof sid !== 'string' || typeof until !== 'number')
    return undefined;
  return until > now.getTime() ? { registrationId, sid, until } : undefined;
};

const csrfContext = (session: WorkspaceSession) => `kelola:${session.sid}`;

/** The CSRF token of a session's forms (and of the upload script's requests). */
export const workspaceCsrfToken = (secret: string, session: WorkspaceSession): string =>
  csrfToken(secret, csrfContext(session));

/** Whether a post is from this site (Origin, else Referer) and carries this session's token. */
export const isGenuineWorkspacePost = (
  secret: string,
  event: APIGatewayProxyEventV2,
  session: WorkspaceSession,
  token: unknown,
): boolean =>
  isSameOriginPost(event) &&
  typeof token === 'string' &&
  csrfTokenMatches(secret, csrfContext(session), token);
