import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../../shared/platform/errors.js';
import { serializeCookie } from '../../../../shared/platform/web/cookies.js';
import {
  CSRF_COOKIE_MAX_AGE_SECONDS,
  CsrfRejectedError,
  csrfToken,
  csrfTokenMatches,
  isSameOriginPost,
  issueCsrf,
  newCsrfCookieValue,
  requestOrigin,
  verifyCsrf,
} from '../../../../shared/platform/web/csrf.js';
import { apiEvent } from '../../../fixtures/api-event.js';

const SECRET = 'test-secret-0123456789abcdef0123456789abcdef';
const HOST = 'abc123.execute-api.ap-southeast-3.amazonaws.com';
const ORIGIN = `https://${HOST}`;

const post = (options: { headers?: Record<string, string>; cookies?: string[] } = {}) =>
  apiEvent({
    method: 'POST',
    path: '/daftar',
    headers: { origin: ORIGIN, ...options.headers },
    cookies: options.cookies ?? [],
  });

/** The reason verifyCsrf refused a post, or 'accepted'. */
const verdict = (event: ReturnType<typeof post>, token: unknown) => {
  try {
    verifyCsrf(event, SECRET, token);
    return 'accepted';
  } catch (error) {
    if (error instanceof CsrfRejectedError) return error.reason;
    throw error;
  }
};

const cookieValueOf = (setCookie: string) => decodeURIComponent(/^[^=]+=([^;]*)/.exec(setCookie)?.[1] ?? '');

describe('csrf tokens', () => {
  it('binds a token to its cookie value and secret', () => {
    const value = newCsrfCookieValue();
    const token = csrfToken(SECRET, value);
    expect(csrfTokenMatches(SECRET, value, token)).toBe(true);
    expect(csrfTokenMatches(SECRET, newCsrfCookieValue(), token)).toBe(false);
    expect(csrfTokenMatches('another-secret', value, token)).toBe(false);
  });

  it.each([
    ['an empty token', ''],
    ['no version', 'abc'],
    ['another version', 'v2.abc'],
    ['a truncated signature', (value: string) => csrfToken(SECRET, value).slice(0, -2)],
    ['an extra part', (value: string) => `${csrfToken(SECRET, value)}.x`],
  ])('refuses %s', (_kind, token) => {
    const value = newCsrfCookieValue();
    expect(csrfTokenMatches(SECRET, value, typeof token === 'function' ? token(value) : token)).toBe(false);
  });

  it('makes a new random cookie value every time', () => {
    expect(newCsrfCookieValue()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newCsrfCookieValue()).not.toBe(newCsrfCookieValue());
  });
});

describe('issueCsrf', () => {
  it('sets a __Host- cookie over HTTPS: HttpOnly, Secure, SameSite=Lax, Path=/, renewed', () => {
    const { token, setCookie } = issueCsrf(apiEvent(), SECRET);
    expect(setCookie).toMatch(/^__Host-csrf=[A-Za-z0-9_-]{43}; /);
    expect(setCookie.split('; ').slice(1)).toEqual([
      'Path=/',
      `Max-Age=${CSRF_COOKIE_MAX_AGE_SECONDS}`,
      'HttpOnly',
      'Secure',
      'SameSite=Lax',
    ]);
    expect(csrfTokenMatches(SECRET, cookieValueOf(setCookie), token)).toBe(true);
  });

  it('uses a plain, non-Secure cookie on a plain-HTTP local stack', () => {
    const { setCookie } = issueCsrf(apiEvent({ headers: { 'x-forwarded-proto': 'http' } }), SECRET);
    expect(setCookie).toMatch(/^csrf=/);
    expect(setCookie).not.toContain('Secure');
  });

  it("keeps the browser's cookie, so forms open in two tabs both stay valid", () => {
    const value = newCsrfCookieValue();
    const first = issueCsrf(apiEvent({ cookies: [`__Host-csrf=${value}`] }), SECRET);
    expect(cookieValueOf(first.setCookie)).toBe(value);
    expect(first.token).toBe(csrfToken(SECRET, value));
  });

  it('replaces a cookie that is not one of ours', () => {
    const { setCookie } = issueCsrf(apiEvent({ cookies: ['__Host-csrf=short'] }), SECRET);
    expect(cookieValueOf(setCookie)).not.toBe('short');
    expect(cookieValueOf(setCookie)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('verifyCsrf', () => {
  const value = newCsrfCookieValue();
  const cookies = [`__Host-csrf=${value}`];
  const token = csrfToken(SECRET, value);

  it('accepts a post from this site carrying the token of its cookie', () => {
    expect(verdict(post({ cookies }), token)).toBe('accepted');
  });

  it('accepts the Referer when a browser sends no Origin', () => {
    const event = post({ cookies, headers: { origin: '', referer: `${ORIGIN}/daftar?lang=en` } });
    delete event.headers.origin;
    expect(verdict(event, token)).toBe('accepted');
  });

  it.each([
    ['another site', { origin: 'https://evil.example' }],
    ['another scheme', { origin: `http://${HOST}` }],
    ['another port', { origin: `${ORIGIN}:8443` }],
    ['a look-alike host', { origin: `https://${HOST}.evil.example` }],
    ['Origin: null', { origin: 'null' }],
  ])('refuses a post from %s with 403, whatever the token', (_kind, headers) => {
    expect(verdict(post({ cookies, headers }), token)).toBe('origin');
  });

  it('refuses a post with neither Origin nor Referer, and one with a foreign Referer', () => {
    const none = post({ cookies });
    delete none.headers.origin;
    expect(verdict(none, token)).toBe('origin');
    const foreign = post({ cookies, headers: { referer: 'https://evil.example/daftar' } });
    delete foreign.headers.origin;
    expect(verdict(foreign, token)).toBe('origin');
  });

  it.each([
    ['no token', undefined],
    ['a list of tokens', [token, token]],
    ['the token of another cookie', csrfToken(SECRET, newCsrfCookieValue())],
    ['a token signed with another secret', csrfToken('another-secret', value)],
  ])('refuses %s with 403', (_kind, given) => {
    expect(verdict(post({ cookies }), given)).toBe('token');
  });

  it('refuses a post without the cookie, or with the cookie under its plain-HTTP name over HTTPS', () => {
    expect(verdict(post(), token)).toBe('token');
    expect(verdict(post({ cookies: [`csrf=${value}`] }), token)).toBe('token');
  });

  it('is a ForbiddenError, so the one error table answers 403', () => {
    expect(new CsrfRejectedError('token')).toBeInstanceOf(ForbiddenError);
  });

  it('compares the origin as the request was addressed, port included, on the local stack', () => {
    const event = apiEvent({
      method: 'POST',
      headers: { host: 'localhost:3000', 'x-forwarded-proto': 'http', origin: 'http://localhost:3000' },
    });
    expect(requestOrigin(event)).toBe('http://localhost:3000');
    expect(isSameOriginPost(event)).toBe(true);
    expect(
      isSameOriginPost({ ...event, headers: { ...event.headers, origin: 'http://localhost:3001' } }),
    ).toBe(false);
  });
});

describe('serializeCookie', () => {
  it('refuses a __Host- cookie that is not Secure with Path=/, and a __Secure- one that is not Secure', () => {
    expect(() => serializeCookie('__Host-x', 'v', { secure: false })).toThrow();
    expect(() => serializeCookie('__Host-x', 'v', { secure: true, path: '/daftar' })).toThrow();
    expect(() => serializeCookie('__Secure-x', 'v', { secure: false, path: '/daftar' })).toThrow();
    expect(
      serializeCookie('x', 'a b;c', { secure: false, path: '/daftar/1', maxAge: 0, sameSite: 'Strict' }),
    ).toBe('x=a%20b%3Bc; Path=/daftar/1; Max-Age=0; HttpOnly; SameSite=Strict');
  });
});
