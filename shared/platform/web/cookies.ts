import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * The value of a request cookie. API Gateway HTTP APIs (payload 2.0) move the Cookie header into
 * `event.cookies`; a `cookie` header is read too, for callers that build events by hand. The first
 * cookie of a name wins, as browsers send the most specific path first.
 */
export const readCookie = (event: APIGatewayProxyEventV2, name: string): string | undefined => {
  const pairs = [...(event.cookies ?? []), ...(event.headers.cookie?.split(';') ?? [])];
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals === -1 || pair.slice(0, equals).trim() !== name) continue;
    const value = pair.slice(equals + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
};

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
  return [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path ?? '/'}`,
    ...(options.maxAge === undefined ? [] : [`Max-Age=${options.maxAge}`]),
    'HttpOnly',
    ...(options.secure ? ['Secure'] : []),
    `SameSite=${options.sameSite ?? 'Lax'}`,
  ].join('; ');
};

/**
 * Whether the request reached us over HTTPS (API Gateway and the local gateway both say so in
 * `x-forwarded-proto`): cookies are then `Secure`, and may carry the `__Host-` prefix.
 */
export const isHttps = (event: APIGatewayProxyEventV2): boolean =>
  (event.headers['x-forwarded-proto'] ?? 'https').toLowerCase() === 'https';
