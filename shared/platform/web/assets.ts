import { createHash } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { encodeBody } from './response.js';
import { isHttps, securityHeaders, type WebRequest } from './security-headers.js';
import { SITE_CSS } from './site-css.js';

/** A static file the pages use, served under a name that changes whenever its content does. */
export interface StaticAsset {
  /** `/assets/<name>.<hash>.<extension>`: what pages link to. */
  readonly path: string;
  /** The last path segment: what the `/assets/{file}` route receives. */
  readonly file: string;
  readonly contentType: string;
  readonly body: string;
}

/** The path prefix of every asset; the route is `GET /assets/{file}`. */
export const ASSET_PREFIX = '/assets/';

/** Names an asset by the first 12 hex digits of its SHA-256. */
export const hashedAsset = (
  name: string,
  extension: string,
  contentType: string,
  body: string,
): StaticAsset => {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const file = `${name}.${hash}.${extension}`;
  return { path: `${ASSET_PREFIX}${file}`, file, contentType, body };
};

/**
 * The one stylesheet. Pure for the bundler: only the function that serves it keeps its text and
 * hashes it at import; the pages link it by the generated `SITE_STYLESHEET_PATH`.
 */
export const siteStylesheet = /* @__PURE__ */ hashedAsset('site', 'css', 'text/css; charset=utf-8', SITE_CSS);

/** A hashed name never changes content: caches may keep it for a year without asking. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The answer to `GET /assets/{file}`: the asset of that exact hashed name with a year-long
 * immutable cache, or a 404 (an old hash is gone, never served with new content).
 */
export const assetResponse = (
  assets: readonly StaticAsset[],
  file: string,
  request: WebRequest,
): APIGatewayProxyStructuredResultV2 => {
  const asset = assets.find((candidate) => candidate.file === file);
  const headers = securityHeaders({ https: isHttps(request) });
  if (!asset) {
    return {
      statusCode: 404,
      headers: { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
      body: 'Tidak ditemukan / Not found',
    };
  }
  const encoded = encodeBody(request, asset.body);
  return {
    statusCode: 200,
    headers: {
      ...headers,
      'content-type': asset.contentType,
      'cache-control': IMMUTABLE,
      ...encoded.headers,
    },
    body: encoded.body,
    isBase64Encoded: encoded.isBase64Encoded,
  };
};
