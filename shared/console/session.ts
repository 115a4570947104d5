import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { serializeCookie } from '../platform/web/cookies.js';

/**
 * The console's cookies, sealed with AES-256-GCM under a key derived (HKDF-SHA256) from the form
 * secret: the browser holds them, but can neither read the tokens inside nor change them, and no
 * page script can reach them (HttpOnly). Each cookie's name is its additional authenticated data,
 * so one cannot stand in for another. Over HTTPS their names carry the `__Host-` prefix.
 *
 * Why cookies and not a session table: nothing to store, expire or clean up, and no table access
 * for sign-in. Why two: a Cognito access token (~1 KB) and refresh token (~1.8 KB) sealed together
 * come close to the 4 KB a browser keeps of one cookie.
 */

export type SealedCookie = 'session' | 'refresh' | 'login';

const BASE_NAMES: Readonly<Record<SealedCookie, string>> = {
  session: 'konsol',
  refresh: 'konsol-refresh',
  login: 'konsol-login',
};

const VERSION = 'v1';

/** The cookie's name: `__Host-<name>` over HTTPS, the bare name on a plain-HTTP local stack. */
export const cookieName = (cookie: SealedCookie, secure: boolean): string =>
  secure ? `__Host-${BASE_NAMES[cookie]}` : BASE_NAMES[cookie];

const keyOf = (secret: string): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, 'kim-registry', 'console-cookies/v1', 32));

/** Seals `value` (any JSON) for the cookie `cookie`. */
export const seal = (secret: string, cookie: SealedCookie, value: unknown): string => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  cipher.setAAD(Buffer.from(BASE_NAMES[cookie]));
  const body = Buffer.concat([
    cipher.update(JSON.stringify(value), 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
};

/** The value sealed in a cookie, or undefined when it is absent, forged, altered or of another cookie. */
export const unseal = (secret: string, cookie: SealedCookie, sealed: string | undefined): unknown => {
  const [version, ivText, bodyText, ...rest] = (sealed ?? '').split('.');
  if (version !== VERSION || ivText === undefined || bodyText === undefined || rest.length > 0)
    return undefined;
  try {
    const iv = Buffer.from(ivText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (iv.length !== 12 || body.length < 17) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), iv);
    decipher.setAAD(Buffer.from(BASE_NAMES[cookie]));
    decipher.setAuthTag(body.subarray(body.length - 16));
    const plain = Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
};

/** `Set-Cookie` for a sealed cookie: HttpOnly, SameSite=Lax (the sign-in returns by a cross-site redirect), Path=/. */
export const sealedCookie = (
  secret: string,
  cookie: SealedCookie,
  value: unknown,
  options: { readonly secure: boolean; readonly maxAge: number },
): string =>
  serializeCookie(cookieName(cookie, options.secure), seal(secret, cookie, value), {
    secure: options.secure,
    maxAge: options.maxAge,
    sameSite: 'Lax',
  });

/** `Set-Cookie` that deletes a sealed cookie. */
export const clearedCookie = (cookie: SealedCookie, secure: boolean): string =>
  serializeCookie(cookieName(cookie, secure), '', { secure, maxAge: 0, sameSite: 'Lax' });
