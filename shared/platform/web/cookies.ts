/**
 * `Set-Cookie` values for the cookies forms use (CSRF, receipt, correction). Reading a request's
 * cookies is `cookieValue` in language.ts.
 */

export interface CookieOptions {
  /** Seconds the browser keeps it; 0 deletes it; absent: until the browser closes. */
  readonly maxAge?: number;
  /** @default '/' */
  readonly path?: string;
  /** @default 'Lax' */
  readonly sameSite?: 'Strict' | 'Lax';
  /** Send only over HTTPS; required by the `__Host-` name prefix. */
  readonly secure: boolean;
}

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A `Set-Cookie` value: always HttpOnly (no script reads our cookies), value percent-encoded. */
export const serializeCookie = (name: string, value: string, options: CookieOptions): string => {
  if (!COOKIE_NAME.test(name)) throw new Error(`Invalid cookie name ${name}`);
  if (name.startsWith('__Host-') && (!options.secure || (options.path ?? '/') !== '/')) {
    throw new Error('A __Host- cookie must be Secure with Path=/');
  }
  if (name.startsWith('__Secure-') && !options.secure) throw new Error('A __Secure- cookie must be Secure');
  return [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path ?? '/'}`,
    ...(options.maxAge === undefined ? [] : [`Max-Age=${options.maxAge}`]),
    'HttpOnly',
    ...(options.secure ? ['Secure'] : []),
    `SameSite=${options.sameSite ?? 'Lax'}`,
  ].join('; ');
};
