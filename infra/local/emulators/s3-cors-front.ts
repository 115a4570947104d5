import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The document bucket's CORS rule, locally. The S3 of fauxqs answers presigned PUTs but not a
 * browser's preflight (OPTIONS) and sends no `Access-Control-Allow-Origin`, so a page's script
 * could not upload to it. This front stands where the bucket's endpoint is: it answers the
 * preflight as the bucket's CORS rule does on AWS (infra/constructs/document-bucket.ts: PUT from
 * the site's origins, header content-type) and passes every other request to fauxqs unchanged.
 */

export interface S3CorsFrontOptions {
  /** fauxqs' endpoint, `http://127.0.0.1:<port>`. */
  readonly target: string;
  /** Origins whose pages may PUT (the local site). */
  readonly allowedOrigins: readonly string[];
  /** @default '127.0.0.1' */
  readonly host?: string;
}

export interface S3CorsFront {
  /** The endpoint the functions sign S3 URLs for (`AWS_ENDPOINT_URL_S3`). */
  readonly endpoint: string;
  stop(): Promise<void>;
}

const ALLOWED_METHODS = ['PUT'];
const ALLOWED_HEADERS = ['content-type'];
const MAX_AGE_SECONDS = '3600';

const preflight = (request: IncomingMessage, response: ServerResponse, allowed: boolean) => {
  const method = String(request.headers['access-control-request-method'] ?? '').toUpperCase();
  const headers = String(request.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((header) => header.trim().toLowerCase())
    .filter((header) => header !== '');
  if (!allowed || !ALLOWED_METHODS.includes(method) || !headers.every((h) => ALLOWED_HEADERS.includes(h))) {
    // S3 answers a preflight its rules do not allow with 403 and no CORS headers.
    response
      .writeHead(403, { 'content-type': 'text/plain' })
      .end('CORSResponse: This CORS request is not allowed.');
    return;
  }
  response
    .writeHead(200, {
      'access-control-allow-origin': String(request.headers.origin),
      'access-control-allow-methods': ALLOWED_METHODS.join(', '),
      'access-control-allow-headers': headers.join(', '),
      'access-control-max-age': MAX_AGE_SECONDS,
      vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    })
    .end();
};

/** Starts the front on a free port. */
export const startS3CorsFront = async (options: S3CorsFrontOptions): Promise<S3CorsFront> => {
  const target = new URL(options.target);
  const origins = new Set(options.allowedOrigins.map((origin) => origin.toLowerCase()));
  const server = createServer((request, response) => {
    const origin = request.headers.origin;
    const allowed = origin !== undefined && origins.has(origin.toLowerCase());
    if (request.method === 'OPTIONS' && origin !== undefined) {
      preflight(request, response, allowed);
      return;
    }
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, {
          ...answer.headers,
          ...(allowed && origin !== undefined
            ? { 'access-control-allow-origin': origin, vary: 'Origin' }
            : {}),
        });
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end('S3 emulator unreachable');
    });
    request.pipe(upstream);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://${host}:${port}`,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return stopped;
    },
  };
};
