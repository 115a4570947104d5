import { isUtf8 } from 'node:buffer';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { FunctionName, RouteDefinition } from '../../app-definition.js';
import { runInvocation } from './invocation-scope.js';
import { parseTimeOffset, TIME_OFFSET_HEADER, withTimeOffset } from './time-offset.js';

/** A Lambda handler as the local gateway calls it: event and context in, a result (or a throw) out. */
export type ApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

/** One function the gateway can invoke, with the settings Lambda would give it. */
export interface GatewayFunction {
  readonly handler: ApiHandler;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default 10 */
  readonly timeoutSeconds?: number;
}

/** What a JWT authorizer decided about one request. */
export type JwtVerdict =
  | {
      readonly authorized: true;
      readonly claims: Readonly<Record<string, string | number | boolean | readonly string[]>>;
      readonly scopes: readonly string[];
    }
  | {
      readonly authorized: false;
      readonly statusCode: 401 | 403;
      /** The `www-authenticate` challenge saying why, as API Gateway's JWT authorizer sends it. */
      readonly wwwAuthenticate?: string;
    };

/**
 * Checks the `authorization` header of a request to a non-public route, as the API Gateway JWT
 * authorizer would (issuer, audience, expiry, the route's scopes).
 */
export type JwtVerifier = (authorization: string | undefined, route: RouteDefinition) => Promise<JwtVerdict>;

export interface GatewayOptions {
  readonly routes: readonly RouteDefinition[];
  /** Verifies tokens for routes that are not `public`. Without it those routes answer 401: closed by default. */
  readonly verifyJwt?: JwtVerifier;
  /** The function behind each route; every routed function must be present. */
  readonly functions: Partial<Record<FunctionName, GatewayFunction>>;
  /** AWS region reported in the Lambda context. @default 'ap-southeast-3' */
  readonly region?: string;
  /** Largest request body accepted, as on API Gateway. @default 10 MiB */
  readonly maxBodyBytes?: number;
  /** Where request lines and handler failures go. @default stdout / stderr */
  readonly log?: GatewayLog;
  /**
   * Awaited after each function returns and before its answer is sent; if it throws, the client
   * gets a 500 instead. The local stack makes DynamoDB Local's acknowledged writes durable here.
   */
  readonly settle?: () => Promise<void>;
  /**
   * Honour TIME_OFFSET_HEADER (local only, see time-offset.ts): the request's authorizer and
   * function run with the clock that far ahead. Needs `installTimeOffset()` in this process.
   * @default false (the header is passed on like any other)
   */
  readonly timeOffsetHeader?: boolean;
}

export interface GatewayLog {
  request(line: string): void;
  error(line: string): void;
}

export interface Gateway {
  readonly server: Server;
  /** Listens on `port` (0 for any free port) and resolves with the port in use. */
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting connections, ends idle and open ones, and resolves once closed. */
  close(): Promise<void>;
}

const ACCOUNT_ID = '000000000000';
const API_ID = 'local';
const STAGE = '$default';
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * The media types whose bodies an HTTP API hands to the function as text, as observed on AWS:
 * `text/*`, `application/json`, `application/javascript` and `application/xml`. Every other body,
 * `application/*+json` and a missing Content-Type included, arrives base64-encoded.
 */
const TEXT_MEDIA_TYPE = /^(?:text\/[^;\s]+|application\/(?:json|javascript|xml))\s*(?:;|$)/i;

/**
 * Whether a body reaches the function as text: of a text media type, and valid UTF-8, so that
 * decoding it loses nothing. Other bytes go base64-encoded, for the function's own strict
 * decoding to judge, instead of arriving with U+FFFD in place of what was sent.
 */
export const isTextBody = (contentType: string, body: Buffer): boolean =>
  TEXT_MEDIA_TYPE.test(contentType) && isUtf8(body);

interface CompiledRoute {
  readonly route: RouteDefinition;
  readonly routeKey: string;
  readonly segments: ReadonlyArray<{ readonly literal: string } | { readonly param: string }>;
  readonly literalCount: number;
}

const compileRoute = (route: RouteDefinition): CompiledRoute => {
  const segments = route.path
    .split('/')
    .slice(1)
    .map((segment) => {
      const param = /^\{([A-Za-z0-9_]+)\}$/.exec(segment)?.[1];
      return param === undefined ? { literal: segment } : { param };
    });
  return {
    route,
    routeKey: `${route.method} ${route.path}`,
    segments,
    literalCount: segments.filter((segment) => 'literal' in segment).length,
  };
};

const decodeSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

const matchRoute = (
  routes: readonly CompiledRoute[],
  method: string,
  rawPath: string,
): { route: CompiledRoute; pathParameters: Record<string, string> } | undefined => {
  const parts = rawPath.split('/').slice(1);
  for (const route of routes) {
    if (route.route.method !== method || route.segments.length !== parts.length) continue;
    const pathParameters: Record<string, string> = {};
    const matches = route.segments.every((segment, index) => {
      const part = parts[index] ?? '';
      if ('literal' in segment) return decodeSegment(part) === segment.literal;
      if (part === '') return false;
      pathParameters[segment.param] = decodeSegment(part);
      return true;
    });
    if (matches) return { route, pathParameters };
  }
  return undefined;
};

/** Request headers as API Gateway passes them: names lower-cased, repeated headers joined with ','. */
const collectHeaders = (request: IncomingMessage): { headers: Record<string, string>; cookies: string[] } => {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    const value = raw[i + 1] ?? '';
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((cookie) => cookie.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return { headers, cookies };
};

const collectQuery = (rawQueryString: string): Record<string, string> | undefined => {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return Object.keys(parameters).length > 0 ? parameters : undefined;
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number) => String(value).padStart(2, '0');

/** API Gateway's `requestContext.time` format, for example `12/Mar/2020:19:03:58 +0000`. */
export const formatRequestTime = (date: Date): string =>
  `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;

const traceId = (epochMs: number) =>
  `Root=1-${Math.floor(epochMs / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

export interface RequestFacts {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQueryString: string;
  readonly httpVersion: string;
  readonly sourceIp: string;
  readonly localPort: number;
  readonly headers: Record<string, string>;
  readonly cookies: readonly string[];
  readonly body: Buffer;
}

/** Builds the payload format 2.0 event API Gateway sends to a Lambda integration. */
export const buildEvent = (
  facts: RequestFacts,
  routeKey: string,
  pathParameters: Record<string, string>,
  requestId: string,
  now: Date,
  jwt?: { claims: Record<string, unknown>; scopes: readonly string[] },
): APIGatewayProxyEventV2 => {
  const headers: Record<string, string> = { ...facts.headers };
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']},${facts.sourceIp}`
    : facts.sourceIp;
  headers['x-forwarded-port'] ??= String(facts.localPort);
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-amzn-trace-id'] ??= traceId(now.getTime());
  const domainName = (headers.host ?? 'localhost').replace(/:\d+$/, '');
  const contentType = headers['content-type'] ?? '';
  const hasBody = facts.body.length > 0;
  const isBase64Encoded = hasBody && !isTextBody(contentType, facts.body);
  const queryStringParameters = collectQuery(facts.rawQueryString);
  return {
    version: '2.0',
    routeKey,
    rawPath: facts.rawPath,
    rawQueryString: facts.rawQueryString,
    ...(facts.cookies.length > 0 ? { cookies: [...facts.cookies] } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      ...(jwt ? { authorizer: { jwt: { claims: jwt.claims, scopes: [...jwt.scopes] } } } : {}),
      accountId: ACCOUNT_ID,
      apiId: API_ID,
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: facts.method,
        path: facts.rawPath,
        protocol: `HTTP/${facts.httpVersion}`,
        sourceIp: facts.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: STAGE,
      time: formatRequestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    ...(hasBody ? { body: facts.body.toString(isBase64Encoded ? 'base64' : 'utf8') } : {}),
    isBase64Encoded,
  };
};

export interface LambdaContextOptions {
  readonly functionName: string;
  readonly memorySize: number;
  readonly timeoutSeconds: number;
  readonly region: string;
}

/** The Lambda `Context` of one invocation; the remaining time counts down from the function's timeout. */
export const createLambdaContext = (options: LambdaContextOptions): Context => {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const now = new Date();
  const day = `${now.getUTCFullYear()}/${pad(now.getUTCMonth() + 1)}/${pad(now.getUTCDate())}`;
  const legacy = (name: string) => () => {
    throw new Error(`context.${name}() is not supported locally: return a value or throw instead`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${options.region}:${ACCOUNT_ID}:function:${options.functionName}`,
    memoryLimitInMB: String(options.memorySize),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: legacy('done'),
    fail: legacy('fail'),
    succeed: legacy('succeed'),
  };
};

interface HttpResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly cookies: readonly string[];
  readonly body: Buffer;
}

const jsonResult = (statusCode: number, body: unknown): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  cookies: [],
  body: Buffer.from(JSON.stringify(body)),
});

/*
 * The answers API Gateway gives itself, before or instead of a function. On AWS they are English
 * only (`{ message }`, not customisable on an HTTP API); here they are bilingual like the API's,
 * with API Gateway's English words in `messageEn`.
 */
const notFound = () => jsonResult(404, { message: 'Tidak ditemukan', messageEn: 'Not Found' });
const unauthorized = () =>
  jsonResult(401, {
    message: 'Tidak terautentikasi: token tidak ada atau tidak valid.',
    messageEn: 'Unauthorized',
  });
const forbidden = () =>
  jsonResult(403, {
    message: 'Dilarang: token tidak memuat scope yang diperlukan rute ini.',
    messageEn: 'Forbidden',
  });
const internalError = () =>
  jsonResult(500, { message: 'Terjadi kesalahan pada server.', messageEn: 'Internal Server Error' });
const tooLarge = (maxBytes: number) =>
  jsonResult(413, {
    message: `Isi permintaan terlalu besar: batasnya ${Math.floor(maxBytes / (1024 * 1024))} MB.`,
    messageEn: 'Request Entity Too Large',
  });
const headersTooLarge = () =>
  jsonResult(431, {
    message: 'Baris permintaan (path dan query) dan header-nya terlalu panjang.',
    messageEn: 'Request Header Fields Too Large',
  });
const requestTimeout = () =>
  jsonResult(408, {
    message: 'Permintaan tidak selesai dikirim tepat waktu.',
    messageEn: 'Request Timeout',
  });
const badRequest = () =>
  jsonResult(400, { message: 'Permintaan HTTP ini tidak dapat dibaca.', messageEn: 'Bad Request' });

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/**
 * Answers a request Node's HTTP parser refused before any handler saw it (Node would send a
 * bare status line), then closes the connection.
 */
const answerClientError = (error: NodeJS.ErrnoException, socket: Socket) => {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const result =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? headersTooLarge()
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? requestTimeout()
        : badRequest();
  socket.end(
    [
      `HTTP/1.1 ${result.statusCode} ${REASONS[result.statusCode] ?? 'Error'}`,
      'content-type: application/json',
      `content-length: ${result.body.length}`,
      `apigw-requestid: ${newRequestId()}`,
      'connection: close',
      '',
      result.body.toString('utf8'),
    ].join('\r\n'),
  );
};

class InvalidResultError extends Error {
  override readonly name = 'InvalidResultError';
}

/**
 * Maps a function result to the HTTP response the way payload format 2.0 does: a structured
 * result (with `statusCode`) is used as is; anything else is sent as a 200 JSON body.
 */
export const toHttpResult = (result: unknown): HttpResult => {
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      cookies: [],
      body: Buffer.from(JSON.stringify(result ?? null)),
    };
  }
  const structured = result as Record<string, unknown>;
  const { statusCode, body, isBase64Encoded } = structured;
  if (
    typeof statusCode !== 'number' ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599
  ) {
    throw new InvalidResultError(`statusCode ${String(statusCode)} is not an HTTP status`);
  }
  if (body !== undefined && body !== null && typeof body !== 'string') {
    throw new InvalidResultError('body must be a string');
  }
  const headers: Record<string, string> = {};
  const rawHeaders = structured.headers;
  if (rawHeaders !== undefined && rawHeaders !== null) {
    if (typeof rawHeaders !== 'object') throw new InvalidResultError('headers must be an object');
    for (const [name, value] of Object.entries(rawHeaders)) {
      const lower = name.toLowerCase();
      if (lower === 'content-length' || lower === 'transfer-encoding' || lower === 'connection') continue;
      if (!['string', 'number', 'boolean'].includes(typeof value)) {
        throw new InvalidResultError(`header ${name} must be a string, number or boolean`);
      }
      headers[lower] = String(value);
    }
  }
  const cookies = structured.cookies;
  if (cookies !== undefined && !(Array.isArray(cookies) && cookies.every((c) => typeof c === 'string'))) {
    throw new InvalidResultError('cookies must be an array of strings');
  }
  return {
    statusCode,
    headers,
    cookies: (cookies as string[] | undefined) ?? [],
    body: body ? Buffer.from(body, isBase64Encoded === true ? 'base64' : 'utf8') : Buffer.alloc(0),
  };
};

const describeError = (error: unknown): string =>
  error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);

/** Reads the body up to `limit` bytes; resolves undefined (and stops reading) once it is exceeded. */
const readBody = (request: IncomingMessage, limit: number): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.off('data', onData);
        request.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks, size)));
    request.once('error', reject);
  });

const newRequestId = () => randomBytes(11).toString('base64');

const DEFAULT_LOG: GatewayLog = {
  request: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
};

/**
 * A local stand-in for an API Gateway HTTP API with Lambda proxy integrations (payload format
 * 2.0), built from the same route table as the CDK stack.
 */
export const createGateway = (options: GatewayOptions): Gateway => {
  const region = options.region ?? 'ap-southeast-3';
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const log = options.log ?? DEFAULT_LOG;
  const compiled = options.routes.map(compileRoute).sort((a, b) => b.literalCount - a.literalCount);
  for (const { route, routeKey } of compiled) {
    if (!options.functions[route.function]) {
      throw new Error(`Route ${routeKey} needs function ${route.function}, which the gateway was not given`);
    }
  }

  const invoke = async (name: FunctionName, fn: GatewayFunction, event: APIGatewayProxyEventV2) => {
    const timeoutSeconds = fn.timeoutSeconds ?? 10;
    const context = createLambdaContext({
      functionName: name,
      memorySize: fn.memorySize ?? 256,
      timeoutSeconds,
      region,
    });
    try {
      const returned = await runInvocation(
        { context, timeoutSeconds, traceId: event.headers['x-amzn-trace-id'] },
        () => fn.handler(event, context),
      );
      const result = toHttpResult(returned);
      await options.settle?.();
      return { context, result };
    } catch (error) {
      log.error(
        `[gateway] ${name} failed (requestId ${event.requestContext.requestId}, awsRequestId ${context.awsRequestId}): ${describeError(error)}`,
      );
      return { context, result: internalError() };
    }
  };

  const send = (response: ServerResponse, result: HttpResult, requestId: string, close: boolean) => {
    response.statusCode = result.statusCode;
    for (const [name, value] of Object.entries(result.headers)) response.setHeader(name, value);
    if (result.cookies.length > 0) response.setHeader('set-cookie', [...result.cookies]);
    response.setHeader('apigw-requestid', requestId);
    if (close) response.setHeader('connection', 'close');
    response.end(result.body);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const started = Date.now();
    const requestId = newRequestId();
    const url = request.url ?? '/';
    const queryAt = url.indexOf('?');
    const rawPath = queryAt === -1 ? url : url.slice(0, queryAt);
    const rawQueryString = queryAt === -1 ? '' : url.slice(queryAt + 1);
    const method = (request.method ?? 'GET').toUpperCase();
    const finish = (result: HttpResult, close = false) => {
      send(response, result, requestId, close);
      log.request(`${method} ${rawPath} ${result.statusCode} ${Date.now() - started} ms ${requestId}`);
    };

    const body = await readBody(request, maxBodyBytes);
    if (body === undefined) {
      // The rest of the upload is never read: answer, then close the connection.
      response.once('finish', () => request.socket.end());
      finish(tooLarge(maxBodyBytes), true);
      return;
    }
    const match = matchRoute(compiled, method, rawPath);
    const fn = match ? options.functions[match.route.route.function] : undefined;
    if (!match || !fn) {
      finish(notFound());
      return;
    }
    const { headers, cookies } = collectHeaders(request);
    /** Authorizes the matched request (for a non-public route), then invokes its function. */
    const route = async () => {
      let jwt: { claims: Record<string, unknown>; scopes: readonly string[] } | undefined;
      if (match.route.route.auth !== 'public') {
        const verdict = options.verifyJwt
          ? await options.verifyJwt(headers.authorization, match.route.route)
          : ({ authorized: false, statusCode: 401 } as const);
        if (!verdict.authorized) {
          const refusal = verdict.statusCode === 403 ? forbidden() : unauthorized();
          if (verdict.wwwAuthenticate) refusal.headers['www-authenticate'] = verdict.wwwAuthenticate;
          finish(refusal);
          return;
        }
        jwt = { claims: { ...verdict.claims }, scopes: verdict.scopes };
      }
      const now = new Date();
      const event = buildEvent(
        {
          method,
          rawPath,
          rawQueryString,
          httpVersion: request.httpVersion,
          sourceIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
          localPort: request.socket.localPort ?? 0,
          headers,
          cookies,
          body,
        },
        match.route.routeKey,
        match.pathParameters,
        requestId,
        now,
        jwt,
      );
      const { result } = await invoke(match.route.route.function, fn, event);
      finish(result);
    };
    if (options.timeOffsetHeader === true && TIME_OFFSET_HEADER in headers) {
      const { offsetMs, error } = parseTimeOffset(headers[TIME_OFFSET_HEADER]);
      if (error !== undefined || offsetMs === undefined) {
        finish(
          jsonResult(400, {
            message: `Header ${TIME_OFFSET_HEADER} harus bilangan bulat milidetik, paling jauh sepuluh tahun.`,
            messageEn: error,
          }),
        );
        return;
      }
      delete headers[TIME_OFFSET_HEADER];
      await withTimeOffset(offsetMs, route);
      return;
    }
    await route();
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log.error(`[gateway] request failed: ${describeError(error)}`);
      if (!response.headersSent) send(response, internalError(), newRequestId(), true);
      else response.destroy();
    });
  });
  server.on('clientError', answerClientError);

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
};
