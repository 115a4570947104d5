import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ForbiddenError } from '../errors.js';
import { serializeCookie } from './cookies.js';
import { cookieValue as requestCookie } from './language.js';
import { isHttps } from './security-headers.js';

/**
 * Cross-site request forgery defence that works without JavaScript: a signed double-submit token
 * (the form carries an HMAC of a random value the browser holds in an HttpOnly cookie; another
 * site can neither read the cookie nor compute the HMAC without the server's secret) plus a check
 * that the post's `Origin` (or, failing that, `Referer`) is this site. Over HTTPS the cookie is
 * `__Host-` prefixed, so a sibling subdomain cannot plant a cookie of its own.
 */

/** Name of the hidden form field that carries the token. */
export const CSRF_FIELD = '_csrf';

/** How long the browser keeps the cookie; every page with a form renews it. */
export const CSRF_COOKIE_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

const TOKEN_VERSION = 'v1';
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

/** The cookie's name: `__Host-csrf` over HTTPS, `csrf` on a plain-HTTP local stack. */
export const csrfCookieName = (secure: boolean): string => (secure ? '__Host-csrf' : 'csrf');

/** A fresh cookie value: 32 random bytes, base64url. */
export const newCsrfCookieValue = (): string => randomBytes(32).toString('base64url');

const mac = (secret: string, cookieValue: string): Buffer =>
  createHmac('sha256', secret).update(`kim-registry/csrf/${TOKEN_VERSION}\0${cookieValue}`).digest();

/** The form token bound to `cookieValue`. */
export const csrfToken = (secret: string, cookieValue: string): string =>
  `${TOKEN_VERSION}.${mac(secret, cookieValue).toString('base64url')}`;

/** True when `token` is the token of `cookieValue`, compared in constant time. */
export const csrfTokenMatches = (secret: string, cookieValue: string, token: string): boolean => {
  const [version, signature, ...rest] = token.split('.');
  if (version !== TOKEN_VERSION || signature === undefined || rest.length > 0) return false;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, cookieValue);
  return given.length === expected.length && timingSafeEqual(given, expected);
};

/**
 * The origin the request was addressed to, `scheme://host[:port]`, from `x-forwarded-proto` and
 * the `Host` header (API Gateway and the local gateway both set them; a browser cannot forge
 * either for another site).
 */
export const requestOrigin = (event: APIGatewayProxyEventV2): string => {
  const host = event.headers.host ?? event.requestContext.domainName;
  return `${isHttps(event) ? 'https' : 'http'}://${host}`.toLowerCase();
};

const originOf = (url: string): string | undefined => {
  const parsed = URL.parse(url);
  return parsed === null || parsed.origin === 'null' ? undefined : parsed.origin.toLowerCase();
};

/**
 * Whether a post comes from a page of this site: its `Origin` header, or when a browser sent
 * none its `Referer`, must be this request's origin. Neither header (or `Origin: null`, which
 * sandboxed and privacy-stripped contexts send) is refused: the form's own pages always send one.
 */
export const isSameOriginPost = (event: APIGatewayProxyEventV2): boolean => {
  const expected = requestOrigin(event);
  const origin = event.headers.origin;
  if (origin !== undefined) return origin.toLowerCase() === expected;
  const referer = event.headers.referer;
  return referer !== undefined && originOf(referer) === expected;
};

/** What a page with a form needs: the token for its hidden field and the cookie to set. */
export interface CsrfIssue {
  readonly token: string;
  /** `Set-Cookie` value: the (renewed) cookie the token is bound to. */
  readonly setCookie: string;
}

/**
 * The token for a form being rendered: bound to the browser's cookie when it has a well-formed
 * one (so forms open in several tabs all stay valid), else to a new cookie value.
 */
export const issueCsrf = (event: APIGatewayProxyEventV2, secret: string): CsrfIssue => {
  const secure = isHttps(event);
  const name = csrfCookieName(secure);
  const current = requestCookie(event.cookies, name);
  const value = current !== undefined && COOKIE_VALUE.test(current) ? current : newCsrfCookieValue();
  return {
    token: csrfToken(secret, value),
    setCookie: serializeCookie(name, value, { secure, maxAge: CSRF_COOKIE_MAX_AGE_SECONDS, sameSite: 'Lax' }),
  };
};

/** A form post refused by the CSRF defence (403): from another site, or without a valid token. */
export class CsrfRejectedError extends ForbiddenError {
  constructor(
    /** `origin`: not posted from this site; `token`: missing, expired or forged token. */
    readonly reason: 'origin' | 'token',
  ) {
    super(
      reason === 'origin'
        ? 'Formulir ini tidak dikirim dari situs ini, jadi tidak diproses.'
        : 'Formulir ini sudah kedaluwarsa atau tidak lengkap, jadi belum diproses. Periksa isiannya, lalu kirim lagi.',
      reason === 'origin'
        ? 'This form was not sent from this site, so it was not processed.'
        : 'This form has expired or is incomplete, so it was not processed. Check its fields, then send it again.',
    );
    this.name = 'CsrfRejectedError';
  }
}

/**
 * Refuses (CsrfRejectedError, 403) a form post that is not from this site or whose token does
 * not match the browser's cookie. Call it before anything is written. A post from this site whose
 * token is stale (`reason: 'token'`) may safely be shown its form again with a fresh token: only
 * a page of this site could have sent it, and showing a form writes nothing.
 */
export const verifyCsrf = (event: APIGatewayProxyEventV2, secret: string, token: unknown): void => {
  if (!isSameOriginPost(event)) throw new CsrfRejectedError('origin');
  const bound = requestCookie(event.cookies, csrfCookieName(isHttps(event)));
  if (
    typeof token !== 'string' ||
    bound === undefined ||
    !COOKIE_VALUE.test(bound) ||
    !csrfTokenMatches(secret, bound, token)
  ) {
    throw new CsrfRejectedError('token');
  }
};
