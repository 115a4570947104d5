import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteDefinition } from '../../infra/app-definition.js';
import {
  type ApiHandler,
  createGateway,
  type Gateway,
  type JwtVerifier,
} from '../../infra/local/lambda/gateway.js';

/**
 * The local API Gateway over real HTTP, in front of handlers that echo what they receive: the
 * event and context must look like the ones API Gateway (payload 2.0) and Lambda produce.
 */
interface Invocation {
  event: APIGatewayProxyEventV2;
  context: Context;
}

const invocations: Invocation[] = [];
let nextResult: (event: APIGatewayProxyEventV2) => unknown = () => ({ statusCode: 204 });
const errors: string[] = [];

const echo: ApiHandler = async (event, context) => {
  invocations.push({ event, context });
  return nextResult(event);
};

/** A route behind an authorizer; the shared table has none yet, so its type does not allow one. */
const protectedRoute = (path: string) =>
  ({ method: 'GET', path, function: 'getOpenApi', auth: 'jwt' }) as unknown as RouteDefinition;

const routes: RouteDefinition[] = [
  { method: 'POST', path: '/registrations', function: 'createRegistration', auth: 'public' },
  { method: 'GET', path: '/registrations/{id}', function: 'getRegistration', auth: 'public' },
  { method: 'GET', path: '/openapi.json', function: 'getOpenApi', auth: 'public' },
  protectedRoute('/admin/things'),
];

let gateway: Gateway;
let baseUrl: string;

const verifyJwt: JwtVerifier = async (authorization) => {
  if (authorization === 'Bearer reviewer') {
    return {
      authorized: true,
      claims: { sub: 'user-1', 'cognito:groups': ['reviewers'] },
      scopes: ['kim/review'],
    };
  }
  return { authorized: false, statusCode: authorization === 'Bearer reader' ? 403 : 401 };
};

beforeAll(async () => {
  gateway = createGateway({
    routes,
    functions: {
      createRegistration: { handler: echo },
      getRegistration: { handler: echo, memorySize: 512, timeoutSeconds: 0.3 },
      getOpenApi: { handler: echo },
    },
    verifyJwt,
    region: 'ap-southeast-3',
    log: { request: () => undefined, error: (line) => errors.push(line) },
  });
  const port = await gateway.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await gateway?.close();
});

const lastInvocation = (): Invocation => {
  const invocation = invocations.at(-1);
  if (!invocation) throw new Error('the handler was not invoked');
  return invocation;
};

describe('the event a function receives', () => {
  it('is a payload 2.0 event with route key, raw path and query, joined headers, cookies and a text body', async () => {
    nextResult = () => ({ statusCode: 204 });

    // fetch would fold repeated headers into one line; node:http sends each line as given.
    await new Promise<void>((resolve, reject) => {
      const request = httpRequest(`${baseUrl}/registrations?lang=id&tag=a&tag=b%20c`, { method: 'POST' });
      request.setHeader('Content-Type', 'application/json');
      request.setHeader('X-Trace-Part', ['one', 'two']);
      request.setHeader('Cookie', 'session=abc; theme=dark');
      request.setHeader('User-Agent', 'e2e-test');
      request.once('response', (response) => response.resume().once('end', resolve));
      request.once('error', reject);
      request.end('{"name":"KIM"}');
    });

    const { event } = lastInvocation();
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /registrations',
      rawPath: '/registrations',
      rawQueryString: 'lang=id&tag=a&tag=b%20c',
      queryStringParameters: { lang: 'id', tag: 'a,b c' },
      cookies: ['session=abc', 'theme=dark'],
      body: '{"name":"KIM"}',
      isBase64Encoded: false,
      requestContext: {
        accountId: expect.stringMatching(/^\d{12}$/),
        apiId: expect.any(String),
        domainName: '127.0.0.1',
        http: {
          method: 'POST',
          path: '/registrations',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'e2e-test',
        },
        requestId: expect.any(String),
        routeKey: 'POST /registrations',
        stage: '$default',
        time: expect.stringMatching(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
        timeEpoch: expect.any(Number),
      },
    });
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers['x-trace-part']).toBe('one,two');
    expect(event.headers.cookie).toBeUndefined();
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(event.pathParameters).toBeUndefined();
  });

  it('carries URL-decoded path parameters', async () => {
    nextResult = () => ({ statusCode: 200, body: 'ok' });

    await fetch(`${baseUrl}/registrations/01J%20X%2F1`);

    expect(lastInvocation().event).toMatchObject({
      routeKey: 'GET /registrations/{id}',
      rawPath: '/registrations/01J%20X%2F1',
      pathParameters: { id: '01J X/1' },
      rawQueryString: '',
    });
    expect(lastInvocation().event.body).toBeUndefined();
  });

  it('base64-encodes a body whose content type is not text, as API Gateway does', async () => {
    nextResult = () => ({ statusCode: 204 });
    const bytes = Buffer.from([0, 1, 2, 250, 255]);

    await fetch(`${baseUrl}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });

    const { event } = lastInvocation();
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
  });
});

describe('the body a function receives', () => {
  const send = async (contentType: string | undefined, body: Buffer) => {
    nextResult = () => ({ statusCode: 204 });
    await fetch(`${baseUrl}/registrations`, {
      method: 'POST',
      headers: contentType === undefined ? {} : { 'content-type': contentType },
      body,
    });
    return lastInvocation().event;
  };

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/xml',
    'application/javascript',
  ])('is text for valid UTF-8 of the text type %j, exactly as sent', async (contentType) => {
    const body = Buffer.from('{"name":"Désa Ñ 一 😀"}');

    const event = await send(contentType, body);

    expect(event.isBase64Encoded).toBe(false);
    expect(event.body).toBe(body.toString('utf8'));
  });

  it.each([
    ['a 0xFF byte', [0xff]],
    ['a Latin-1 é', [0xe9]],
    ['a truncated sequence', [0xe4, 0xb8]],
  ])('is base64 when a JSON body holds %s, with every byte kept', async (_kind, bytes) => {
    const body = Buffer.concat([Buffer.from('{"name":"KIM '), Buffer.from(bytes), Buffer.from('"}')]);

    const event = await send('application/json', body);

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(body);
  });

  it.each([
    ['application/problem+json', 'application/problem+json'],
    ['form data', 'application/x-www-form-urlencoded'],
    ['no content type', undefined],
  ])('is base64 for %s, as on an HTTP API', async (_kind, contentType) => {
    const body = Buffer.from('{"a":1}');

    const event = await send(contentType, body);

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(body);
  });
});

describe('the Lambda context', () => {
  it('names the function, gives its memory, a fresh request id per call and the time left before its timeout', async () => {
    nextResult = () => ({ statusCode: 204 });

    await fetch(`${baseUrl}/registrations/a`);
    const first = lastInvocation().context;
    await fetch(`${baseUrl}/registrations/b`);
    const second = lastInvocation().context;

    expect(first).toMatchObject({
      functionName: 'getRegistration',
      functionVersion: '$LATEST',
      memoryLimitInMB: '512',
      invokedFunctionArn: 'arn:aws:lambda:ap-southeast-3:000000000000:function:getRegistration',
      logGroupName: '/aws/lambda/getRegistration',
    });
    expect(first.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.awsRequestId).not.toBe(second.awsRequestId);
    expect(first.getRemainingTimeInMillis()).toBeLessThanOrEqual(300);
  });
});

describe('the response the client gets', () => {
  it('maps status, headers, cookies and a base64 body from the structured result', async () => {
    nextResult = () => ({
      statusCode: 201,
      headers: { 'Content-Type': 'image/png', 'X-Count': 3 },
      cookies: ['a=1; Path=/', 'b=2'],
      body: Buffer.from([137, 80, 78, 71]).toString('base64'),
      isBase64Encoded: true,
    });

    const response = await fetch(`${baseUrl}/registrations`, { method: 'POST' });

    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-count')).toBe('3');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
    expect(response.headers.get('apigw-requestid')).toBe(lastInvocation().event.requestContext.requestId);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from([137, 80, 78, 71]));
  });

  it('sends a result without statusCode as a 200 JSON body, as payload 2.0 does', async () => {
    nextResult = () => ({ hello: 'world' });

    const response = await fetch(`${baseUrl}/openapi.json`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ hello: 'world' });
  });

  it('turns a throwing handler into API Gateway’s generic 500 and logs it without the body', async () => {
    nextResult = () => {
      throw new Error('database on fire');
    };
    errors.length = 0;

    const response = await fetch(`${baseUrl}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"secret":"081234567890"}',
    });

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      message: 'Terjadi kesalahan pada server.',
      messageEn: 'Internal Server Error',
    });
    expect(errors.join('\n')).toContain('database on fire');
    expect(errors.join('\n')).not.toContain('081234567890');
  });

  it('answers 500 when the function runs past its timeout', async () => {
    nextResult = () => new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200 }), 1000));
    errors.length = 0;

    const response = await fetch(`${baseUrl}/registrations/slow`);

    expect(response.status).toBe(500);
    expect(errors.join('\n')).toContain('Task timed out after 0.30 seconds');
  });

  it('answers 500 for a result API Gateway could not map', async () => {
    nextResult = () => ({ statusCode: 'two hundred' });

    const response = await fetch(`${baseUrl}/openapi.json`);

    expect(response.status).toBe(500);
  });
});

describe('requests no function sees', () => {
  it('404s an unknown path and a known path with another method, without invoking anything', async () => {
    const before = invocations.length;

    const unknown = await fetch(`${baseUrl}/regions/51.02`);
    const otherMethod = await fetch(`${baseUrl}/registrations`, { method: 'PUT' });
    const trailingSlash = await fetch(`${baseUrl}/registrations/`);

    for (const response of [unknown, otherMethod, trailingSlash]) {
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ message: 'Tidak ditemukan', messageEn: 'Not Found' });
    }
    expect(invocations.length).toBe(before);
  });

  it('refuses a body over 10 MB with 413, whether declared or streamed', async () => {
    const before = invocations.length;
    const eleven = 11 * 1024 * 1024;

    const declared = await fetch(`${baseUrl}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(eleven, 32),
    });
    const streamed = await fetch(`${baseUrl}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let sent = 0; sent < eleven; sent += 1024 * 1024)
            controller.enqueue(new Uint8Array(1024 * 1024));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);

    for (const response of [declared, streamed]) {
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({
        message: 'Isi permintaan terlalu besar: batasnya 10 MB.',
        messageEn: 'Request Entity Too Large',
      });
    }
    expect(invocations.length).toBe(before);
  });
});

describe('requests Node refuses before any route', () => {
  /** Sends raw bytes and reads the whole answer until the gateway closes the connection. */
  const raw = (text: string) =>
    new Promise<string>((resolve, reject) => {
      const { port } = new URL(baseUrl);
      const socket = connect(Number(port), '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.once('error', reject);
      socket.end(text);
    });
  const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as unknown;

  it('answers a request line and headers over the limit with a bilingual 431', async () => {
    const answer = await raw(`GET /registrations/${'x'.repeat(20_000)} HTTP/1.1\r\nHost: local\r\n\r\n`);

    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer.toLowerCase()).toContain('content-type: application/json');
    expect(bodyOf(answer)).toEqual({
      message: 'Baris permintaan (path dan query) dan header-nya terlalu panjang.',
      messageEn: 'Request Header Fields Too Large',
    });
  });

  it('answers bytes that are not HTTP with a bilingual 400', async () => {
    const answer = await raw('this is not http\r\n\r\n');

    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(answer)).toEqual({
      message: 'Permintaan HTTP ini tidak dapat dibaca.',
      messageEn: 'Bad Request',
    });
  });
});

describe('routes behind a JWT authorizer', () => {
  it('answer 401 without a valid token and 403 without the scope, without invoking the function', async () => {
    const before = invocations.length;

    const anonymous = await fetch(`${baseUrl}/admin/things`);
    const reader = await fetch(`${baseUrl}/admin/things`, { headers: { authorization: 'Bearer reader' } });

    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      message: 'Tidak terautentikasi: token tidak ada atau tidak valid.',
      messageEn: 'Unauthorized',
    });
    expect(reader.status).toBe(403);
    expect(await reader.json()).toEqual({
      message: 'Dilarang: token tidak memuat scope yang diperlukan rute ini.',
      messageEn: 'Forbidden',
    });
    expect(invocations.length).toBe(before);
  });

  it('pass the verified claims and scopes to the function, as requestContext.authorizer.jwt', async () => {
    nextResult = () => ({ statusCode: 204 });

    const response = await fetch(`${baseUrl}/admin/things`, {
      headers: { authorization: 'Bearer reviewer' },
    });

    expect(response.status).toBe(204);
    expect(lastInvocation().event.requestContext).toMatchObject({
      authorizer: {
        jwt: { claims: { sub: 'user-1', 'cognito:groups': ['reviewers'] }, scopes: ['kim/review'] },
      },
    });
  });

  it('stay closed when the gateway has no verifier', async () => {
    const closed = createGateway({
      routes,
      functions: {
        getOpenApi: { handler: echo },
        createRegistration: { handler: echo },
        getRegistration: { handler: echo },
      },
      log: { request: () => undefined, error: () => undefined },
    });
    const port = await closed.listen(0, '127.0.0.1');
    try {
      const response = await fetch(`http://127.0.0.1:${port}/admin/things`, {
        headers: { authorization: 'Bearer reviewer' },
      });

      expect(response.status).toBe(401);
    } finally {
      await closed.close();
    }
  });
});

describe('settling before the answer', () => {
  const withSettle = async (settle: () => Promise<void>, run: (url: string) => Promise<void>) => {
    const settling = createGateway({
      routes,
      functions: {
        getOpenApi: { handler: echo },
        createRegistration: { handler: echo },
        getRegistration: { handler: echo },
      },
      settle,
      log: { request: () => undefined, error: (line) => errors.push(line) },
    });
    const port = await settling.listen(0, '127.0.0.1');
    try {
      await run(`http://127.0.0.1:${port}`);
    } finally {
      await settling.close();
    }
  };

  it('answers only once settle has resolved, after the function returned', async () => {
    const order: string[] = [];
    nextResult = () => {
      order.push('function returned');
      return { statusCode: 201, body: '{}' };
    };

    await withSettle(
      async () => {
        order.push('settle started');
        await new Promise((resolve) => setTimeout(resolve, 50));
        order.push('settle done');
      },
      async (url) => {
        const response = await fetch(`${url}/registrations`, { method: 'POST' });
        order.push(`answer ${response.status}`);
      },
    );

    expect(order).toEqual(['function returned', 'settle started', 'settle done', 'answer 201']);
  });

  it('answers 500 instead of the function’s answer when settle fails', async () => {
    nextResult = () => ({ statusCode: 201, body: '{}' });
    errors.length = 0;

    await withSettle(
      async () => {
        throw new Error('DynamoDB Local is gone');
      },
      async (url) => {
        const response = await fetch(`${url}/registrations`, { method: 'POST' });

        expect(response.status).toBe(500);
      },
    );
    expect(errors.join('\n')).toContain('DynamoDB Local is gone');
  });
});
