/** Referrer policies a page may send; `no-referrer` keeps a secret URL (the receipt) out of every Referer. */
export type ReferrerPolicy = 'strict-origin-when-cross-origin' | 'no-referrer' | 'same-origin';

export interface SecurityHeaderOptions {
  /** The request came over HTTPS (API Gateway on AWS): only then is HSTS sent. */
  readonly https: boolean;
  /** @default 'strict-origin-when-cross-origin' */
  readonly referrerPolicy?: ReferrerPolicy;
  /** A per-response nonce that allows inline `<script nonce>` elements; scripts are otherwise `'self'` only. */
  readonly scriptNonce?: string;
  /**
   * Origins besides this one that a form post may end up at through redirects (browsers apply
   * `form-action` to every redirect after a post): the console's sign-out goes on to the sign-in
   * service's logout. @default none
   */
  readonly formActions?: readonly string[];
  /**
   * Origins besides this one that a page's script may send requests to: the workspace's upload
   * script PUTs the file to the document bucket's presigned URL. @default none
   */
  readonly connectSources?: readonly string[];
}

/** Two years, the value browsers' preload lists ask for. */
const HSTS_MAX_AGE_SECONDS = 2 * 365 * 24 * 60 * 60;

/**
 * The Content-Security-Policy of every page: nothing is allowed unless named. Scripts and styles
 * come from this origin only (a nonce may add inline scripts; never `'unsafe-inline'`), images
 * from this origin or inline `data:`, forms post to this origin, and no other site may frame it.
 */
export const contentSecurityPolicy = (
  scriptNonce?: string,
  formActions: readonly string[] = [],
  connectSources: readonly string[] = [],
): string =>
  [
    "default-src 'none'",
    `script-src 'self'${scriptNonce === undefined ? '' : ` 'nonce-${scriptNonce}'`}`,
    "style-src 'self'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...connectSources].join(' '),
    ["form-action 'self'", ...formActions].join(' '),
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

/** The headers every HTML page and asset carries. */
export const securityHeaders = (options: SecurityHeaderOptions): Record<string, string> => ({
  'content-security-policy': contentSecurityPolicy(
    options.scriptNonce,
    options.formActions,
    options.connectSources,
  ),
  'x-content-type-options': 'nosniff',
  'referrer-policy': options.referrerPolicy ?? 'strict-origin-when-cross-origin',
  // For browsers that predate frame-ancestors.
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  ...(options.https
    ? { 'strict-transport-security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains` }
    : {}),
});

/** What the response helpers read of a request. */
export interface WebRequest {
  readonly headers?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * Whether the request reached the API over HTTPS. API Gateway sets `x-forwarded-proto` itself (a
 * client cannot choose it there) and serves HTTPS only, so on AWS this is always true; the local
 * gateway serves plain HTTP and says so.
 */
export const isHttps = (request: WebRequest): boolean =>
  (request.headers?.['x-forwarded-proto'] ?? '').split(',')[0]?.trim().toLowerCase() === 'https';
