import { serializeCookie } from '../platform/web/cookies.js';
import { sealValue, unsealValue } from '../platform/web/sealed-cookie.js';

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

/** The key of the console's cookies (see shared/platform/web/sealed-cookie.ts). */
const PURPOSE = 'console-cookies/v1';

/** The cookie's name: `__Host-<name>` over HTTPS, the bare name on a plain-HTTP local stack. */
export const cookieName = (cookie: SealedCookie, secure: boolean): string =>
  secure ? `__Host-${BASE_NAMES[cookie]}` : BASE_NAMES[cookie];

/** Seals `value` (any JSON) for the cookie `cookie`. */
export const seal = (secret: string, cookie: SealedCookie, value: unknown): string =>
  sealValue(secret, PURPOSE, BASE_NAMES[cookie], value);

/** The value sealed in a cookie, or undefined when it is absent, forged, altered or of another cookie. */
export const unseal = (secret: string, cookie: SealedCookie, sealed: string | undefined): unknown =>
  unsealValue(secret, PURPOSE, BASE_NAMES[cookie], sealed);

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
