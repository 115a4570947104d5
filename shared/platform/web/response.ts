import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { isHttps, type ReferrerPolicy, securityHeaders, type WebRequest } from './security-headers.js';

/** Bodies smaller than this are sent as they are: compressing them saves less than the headers cost. */
const COMPRESS_FROM_BYTES = 1024;

/** Brotli quality 5: most of the gain of 11 for a fraction of the CPU, on every request. */
const BROTLI_OPTIONS = {
  params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT },
};

const accepts = (request: WebRequest, coding: string): boolean =>
  (request.headers?.['accept-encoding'] ?? '')
    .split(',')
    .map((part) => part.trim().split(';'))
    .some(
      ([name, ...params]) =>
        name?.trim().toLowerCase() === coding && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p)),
    );

/**
 * A text body as the client accepts it: brotli or gzip when it says so (API Gateway HTTP APIs do
 * not compress; phones on slow links are who this is for), else as it is.
 */
export const encodeBody = (
  request: WebRequest,
  body: string,
): Pick<APIGatewayProxyStructuredResultV2, 'body' | 'isBase64Encoded'> & {
  headers: Record<string, string>;
} => {
  const vary = { vary: 'accept-encoding' };
  if (Buffer.byteLength(body) < COMPRESS_FROM_BYTES) return { body, isBase64Encoded: false, headers: vary };
  if (accepts(request, 'br')) {
    return {
      body: brotliCompressSync(body, BROTLI_OPTIONS).toString('base64'),
      isBase64Encoded: true,
      headers: { ...vary, 'content-encoding': 'br' },
    };
  }
  if (accepts(request, 'gzip')) {
    return {
      body: gzipSync(body).toString('base64'),
      isBase64Encoded: true,
      headers: { ...vary, 'content-encoding': 'gzip' },
    };
  }
  return { body, isBase64Encoded: false, headers: vary };
};

/** Renders a JSX tree (escaped by hono/jsx) to an HTML document. */
export const renderDocument = async (page: JSX.Element): Promise<string> =>
  `<!DOCTYPE html>${await (await page).toString()}`;

export interface HtmlResponseOptions {
  /** @default 200 */
  readonly status?: number;
  /** `Set-Cookie` values. @default none */
  readonly cookies?: readonly string[];
  /** @default 'strict-origin-when-cross-origin' */
  readonly referrerPolicy?: ReferrerPolicy;
  /**
   * Pages show numbers that move with every review, in the visitor's language (a cookie): by
   * default every view asks again. @default 'no-cache'
   */
  readonly cacheControl?: string;
  /** A nonce the page's inline scripts carry; see `contentSecurityPolicy`. */
  readonly scriptNonce?: string;
  /** Other origins a form's post may be redirected to; see `SecurityHeaderOptions.formActions`. */
  readonly formActions?: readonly string[];
  /** Other origins the page's script may send requests to; see `SecurityHeaderOptions.connectSources`. */
  readonly connectSources?: readonly string[];
  /** Further headers; they win over the defaults. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The one way a page answers: its HTML (`text/html; charset=utf-8`), compressed as accepted, with
 * the security headers of every page.
 */
export const htmlResponse = async (
  request: WebRequest,
  page: JSX.Element,
  options: HtmlResponseOptions = {},
): Promise<APIGatewayProxyStructuredResultV2> => {
  const encoded = encodeBody(request, await renderDocument(page));
  return {
    statusCode: options.status ?? 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': options.cacheControl ?? 'no-cache',
      ...securityHeaders({
        https: isHttps(request),
        ...(options.referrerPolicy ? { referrerPolicy: options.referrerPolicy } : {}),
        ...(options.scriptNonce ? { scriptNonce: options.scriptNonce } : {}),
        ...(options.formActions ? { formActions: options.formActions } : {}),
        ...(options.connectSources ? { connectSources: options.connectSources } : {}),
      }),
      ...encoded.headers,
      ...options.headers,
    },
    ...(options.cookies && options.cookies.length > 0 ? { cookies: [...options.cookies] } : {}),
    body: encoded.body,
    isBase64Encoded: encoded.isBase64Encoded,
  };
};

/** A redirect after a form post or to the canonical address of a page. */
export const redirectResponse = (
  request: WebRequest,
  location: string,
  options: Pick<HtmlResponseOptions, 'status' | 'cookies' | 'referrerPolicy' | 'headers'> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode: options.status ?? 303,
  headers: {
    location,
    'cache-control': 'no-store',
    ...securityHeaders({
      https: isHttps(request),
      ...(options.referrerPolicy ? { referrerPolicy: options.referrerPolicy } : {}),
    }),
    ...options.headers,
  },
  ...(options.cookies && options.cookies.length > 0 ? { cookies: [...options.cookies] } : {}),
});
