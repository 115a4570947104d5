import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AwsJsonClient,
  type AwsJsonClientOptions,
  AwsServiceError,
  type AwsServiceErrorOptions,
} from '../../../shared/platform/aws/json-client.js';
import { type ScriptedAnswer, useScriptedHttpServer } from '../../fixtures/scripted-http.js';
import { verifySignature } from '../../fixtures/sigv4.js';

const server = useScriptedHttpServer(() => ({
  status: 200,
  headers: { 'content-type': 'application/x-amz-json-1.0' },
  body: '{}',
}));
afterEach(() => {
  vi.unstubAllEnvs();
});

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

/** A client of the scripted server that waits for nothing between attempts unless told to. */
const clientOf = (options: Partial<AwsJsonClientOptions> = {}) =>
  new AwsJsonClient({
    service: 'dynamodb',
    targetPrefix: 'DynamoDB_20120810',
    endpointVariable: 'AWS_ENDPOINT_URL_DYNAMODB',
    endpoint: server.url,
    region: 'ap-southeast-3',
    credentials,
    sleep: async () => {},
    ...options,
  });

/** A client that records the waits it is asked for, with a fixed jitter. */
const recordingClient = (random: number, options: Partial<AwsJsonClientOptions> = {}) => {
  const sleeps: number[] = [];
  const client = clientOf({
    random: () => random,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return { client, sleeps };
};

/** An answer with a status (the scripted server can also hang or reset). */
type HttpAnswer = Exclude<ScriptedAnswer, 'hang' | 'reset'>;

/** An answer as DynamoDB writes it: JSON 1.0 document, the error type with its namespace. */
const ok = (document: unknown): HttpAnswer => ({
  status: 200,
  headers: { 'content-type': 'application/x-amz-json-1.0' },
  body: JSON.stringify(document),
});
const failed = (status: number, type: string, members: Record<string, unknown> = {}): HttpAnswer => ({
  status,
  headers: { 'content-type': 'application/x-amz-json-1.0' },
  body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, ...members }),
});
const throttled = failed(400, 'ThrottlingException', { message: 'Rate exceeded' });

const failureOf = async (promise: Promise<unknown>) => {
  const failure = await promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(AwsServiceError);
  return failure as AwsServiceError & Record<string, unknown>;
};

const input = {
  TableName: 'kim-test',
  Key: { PK: { S: 'REGION#51.02' }, SK: { S: 'REGION' } },
  ExpressionAttributeValues: { ':name': { S: 'Desa Tuka — Kuta Utara ✓' } },
};

describe('AwsJsonClient: the request', () => {
  it('POSTs the input as a JSON 1.0 document to /, the operation in X-Amz-Target, signed with Signature V4', async () => {
    const port = new URL(server.url).port;

    await clientOf().call('GetItem', input);

    expect(server.requests).toHaveLength(1);
    const [received] = server.requests;
    if (!received) throw new Error('no request');
    expect(received.method).toBe('POST');
    expect(received.path).toBe('/');
    expect(received.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(received.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(received.headers.host).toBe(`127.0.0.1:${port}`);
    expect(received.body).toBe(JSON.stringify(input));
    expect(JSON.parse(received.body)).toEqual(input);
    expect(Number(received.headers['content-length'])).toBe(Buffer.byteLength(received.body, 'utf8'));
    const signed = verifySignature(received, credentials.secretAccessKey);
    expect(signed).toMatchObject({
      accessKeyId: 'AKIDEXAMPLE',
      region: 'ap-southeast-3',
      service: 'dynamodb',
    });
    expect(signed.signedHeaders).toEqual(
      expect.arrayContaining(['content-type', 'host', 'x-amz-date', 'x-amz-target']),
    );
    expect(signed.signedHeaders).not.toContain('x-amz-security-token');
    expect(signed.amzDate).toMatch(new RegExp(`^${signed.date}T\\d{6}Z$`));
    expect(received.headers).not.toHaveProperty('x-amz-security-token');
  });

  it('sends and signs the session token of temporary credentials (what Lambda gives a function)', async () => {
    await clientOf({ credentials: { ...credentials, sessionToken: 'session-token' } }).call('Query', input);

    const [received] = server.requests;
    if (!received) throw new Error('no request');
    expect(received.headers['x-amz-security-token']).toBe('session-token');
    expect(verifySignature(received, credentials.secretAccessKey).signedHeaders).toContain(
      'x-amz-security-token',
    );
  });

  it('spells the target with the service’s own prefix', async () => {
    await clientOf({ service: 'sqs', targetPrefix: 'AmazonSQS' }).call('SendMessage', { QueueUrl: 'q' });

    const [received] = server.requests;
    if (!received) throw new Error('no request');
    expect(received.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
    expect(verifySignature(received, credentials.secretAccessKey).service).toBe('sqs');
  });

  it('reuses one kept-alive connection for consecutive calls', async () => {
    const client = clientOf();

    await client.call('GetItem', input);
    await client.call('GetItem', input);

    const [first, second] = server.requests;
    if (!first || !second) throw new Error('two requests expected');
    expect(first.headers.connection).toBe('keep-alive');
    expect(first.remotePort).toBeDefined();
    expect(second.remotePort).toBe(first.remotePort);
  });
});

describe('AwsJsonClient: configuration from the environment', () => {
  const environmentClient = () =>
    new AwsJsonClient({
      service: 'dynamodb',
      targetPrefix: 'DynamoDB_20120810',
      endpointVariable: 'AWS_ENDPOINT_URL_DYNAMODB',
    });

  it('takes the endpoint, region and credentials from the environment, read at each request', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', server.url);
    vi.stubEnv('AWS_REGION', 'ap-southeast-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFIRST');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
    vi.stubEnv('AWS_SESSION_TOKEN', 'token-1');
    const client = environmentClient();

    await client.call('GetItem', input);
    // Lambda renews a role's credentials in the environment of a running container.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDSECOND');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'second-secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token-2');
    await client.call('GetItem', input);

    const [first, second] = server.requests;
    if (!first || !second) throw new Error('two requests expected');
    expect(verifySignature(first, credentials.secretAccessKey)).toMatchObject({
      accessKeyId: 'AKIDFIRST',
      region: 'ap-southeast-1',
      service: 'dynamodb',
    });
    expect(first.headers['x-amz-security-token']).toBe('token-1');
    expect(verifySignature(second, 'second-secret')).toMatchObject({ accessKeyId: 'AKIDSECOND' });
    expect(second.headers['x-amz-security-token']).toBe('token-2');
  });

  it('sends no session token when the environment has none', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', server.url);
    vi.stubEnv('AWS_SESSION_TOKEN', '');

    await environmentClient().call('GetItem', input);

    const [received] = server.requests;
    if (!received) throw new Error('no request');
    expect(received.headers).not.toHaveProperty('x-amz-security-token');
    verifySignature(received, 'local');
  });

  it("goes to the region's endpoint when none is configured", () => {
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', undefined);
    vi.stubEnv('AWS_ENDPOINT_URL', undefined);
    vi.stubEnv('AWS_REGION', 'ap-southeast-3');

    expect(environmentClient().endpoint().href).toBe('https://dynamodb.ap-southeast-3.amazonaws.com/');
    expect(clientOf({ endpoint: undefined, region: 'us-east-1' }).endpoint().href).toBe(
      'https://dynamodb.us-east-1.amazonaws.com/',
    );
  });

  it("falls back to AWS_ENDPOINT_URL, the SDK's endpoint of every service, after the service's own", () => {
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:4566');
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', undefined);
    expect(environmentClient().endpoint().href).toBe('http://127.0.0.1:4566/');

    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', 'http://127.0.0.1:8000');
    expect(environmentClient().endpoint().href).toBe('http://127.0.0.1:8000/');
  });

  it('counts an empty AWS_ENDPOINT_URL_DYNAMODB as unset, as it does the other variables', () => {
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', '');
    vi.stubEnv('AWS_ENDPOINT_URL', undefined);
    vi.stubEnv('AWS_REGION', 'ap-southeast-3');

    expect(environmentClient().endpoint().href).toBe('https://dynamodb.ap-southeast-3.amazonaws.com/');
  });

  it('prefers the endpoint it was given to the environment’s', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', 'http://127.0.0.1:9');

    await clientOf().call('GetItem', input);

    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['AWS_REGION', /dynamodb: no region \(AWS_REGION is not set\)/],
    ['AWS_ACCESS_KEY_ID', /dynamodb: no credentials \(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/],
    ['AWS_SECRET_ACCESS_KEY', /dynamodb: no credentials \(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/],
  ])('fails, naming the variable and sending nothing, without %s', async (variable, message) => {
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', server.url);
    vi.stubEnv(variable, undefined);

    await expect(environmentClient().call('GetItem', input)).rejects.toThrow(message);
    expect(server.requests).toHaveLength(0);
  });

  it('fails without a region even to find the default endpoint', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', undefined);
    vi.stubEnv('AWS_REGION', '');

    await expect(environmentClient().call('GetItem', input)).rejects.toThrow(/AWS_REGION is not set/);
  });
});

describe('AwsJsonClient: answers', () => {
  it("answers the service's document as it came", async () => {
    const document = {
      Items: [
        {
          PK: { S: 'REGION#51.02' },
          count: { N: '12' },
          active: { BOOL: true },
          note: { NULL: true },
          tags: { SS: ['a', 'b'] },
          history: { L: [{ M: { at: { S: '2025-07-01' } } }] },
        },
      ],
      Count: 1,
      LastEvaluatedKey: { PK: { S: 'REGION#51.02' }, SK: { S: 'REGION' } },
    };
    server.script(ok(document));

    expect(await clientOf().call('Query', input)).toEqual(document);
  });

  it('reads a large answer whole, characters split across its chunks included', async () => {
    const names = Array.from({ length: 20_000 }, (_, index) => ({ S: `Désa ✓ ${index} — ꦱꦸꦫꦏꦂꦠ` }));
    server.script(ok({ Item: { names: { L: names } } }));

    const output = await clientOf().call<{ Item: { names: { L: unknown[] } } }>('GetItem', input);

    expect(output.Item.names.L).toEqual(names);
  });

  it('answers an empty document for a success without a body', async () => {
    server.script({ status: 200, body: '' });

    expect(await clientOf().call('PutItem', input)).toEqual({});
  });

  it.each([
    ['an HTML page', '<html>Bad gateway</html>'],
    ['truncated JSON', '{"Item":{"PK":'],
    ['JSON null', 'null'],
    ['a JSON string', '"ok"'],
  ])('calls a success with %s a MalformedResponse, and does not send again', async (_name, body) => {
    server.script({ status: 200, body });

    const failure = await failureOf(clientOf().call('GetItem', input));

    expect(failure).toMatchObject({
      name: 'MalformedResponse',
      message: 'dynamodb: the answer to GetItem is not JSON',
      $metadata: { httpStatusCode: 200, attempts: 1 },
    });
    expect(server.requests).toHaveLength(1);
  });
});

describe('AwsJsonClient: errors', () => {
  it('names the error by its type without the namespace, with the message, status and attempts', async () => {
    server.script(failed(400, 'ResourceNotFoundException', { message: 'Requested resource not found' }));

    const failure = await failureOf(clientOf().call('GetItem', input));

    expect(failure).toBeInstanceOf(Error);
    expect(failure.name).toBe('ResourceNotFoundException');
    expect(failure.message).toBe('Requested resource not found');
    expect(failure.$metadata).toEqual({ httpStatusCode: 400, attempts: 1 });
    expect(failure).not.toHaveProperty('__type');
  });

  it('reads the message from Message too (as DynamoDB writes it for a cancelled transaction)', async () => {
    server.script(failed(400, 'TransactionCanceledException', { Message: 'Transaction cancelled' }));

    const failure = await failureOf(clientOf().call('TransactWriteItems', input));

    expect(failure.message).toBe('Transaction cancelled');
    expect(failure).not.toHaveProperty('Message');
  });

  it('names the type as the message when the document has none', async () => {
    server.script(failed(400, 'AccessDeniedException'));

    expect((await failureOf(clientOf().call('GetItem', input))).message).toBe('AccessDeniedException');
  });

  it('takes the type from the x-amzn-ErrorType header, without its URI', async () => {
    server.script({
      status: 400,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-ErrorType': 'ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/',
      },
      body: JSON.stringify({ message: 'One or more parameter values were invalid' }),
    });

    const failure = await failureOf(clientOf().call('PutItem', input));

    expect(failure).toMatchObject({
      name: 'ValidationException',
      message: 'One or more parameter values were invalid',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
  });

  it('copies the other members of the error document onto the error', async () => {
    const CancellationReasons = [
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { PK: { S: 'A' } } },
    ];
    server.script(
      failed(400, 'TransactionCanceledException', { Message: 'Transaction cancelled', CancellationReasons }),
    );

    const failure = await failureOf(clientOf().call('TransactWriteItems', input));

    expect(failure.CancellationReasons).toEqual(CancellationReasons);
  });

  it('keeps the error its class whatever the members are called: a `__proto__` member is data', async () => {
    // JSON.parse makes `__proto__` an own member; assigned to the error, it would replace its prototype.
    server.script({
      status: 400,
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body: '{"__type":"com.amazonaws.dynamodb.v20120810#ValidationException","message":"Invalid","__proto__":{"polluted":true}}',
    });

    const failure = await failureOf(clientOf().call('PutItem', input));

    expect(Object.getPrototypeOf(failure)).toBe(AwsServiceError.prototype);
    expect(failure).toBeInstanceOf(Error);
    expect(failure.name).toBe('ValidationException');
    expect(failure.polluted).toBeUndefined();
  });

  it('constructs the class the options give an error type, and a plain AwsServiceError for the rest', async () => {
    class ConditionalCheckFailed extends AwsServiceError {
      constructor(options: AwsServiceErrorOptions) {
        super({ ...options, name: 'ConditionalCheckFailedException' });
      }
    }
    const client = clientOf({ errorClasses: { ConditionalCheckFailedException: ConditionalCheckFailed } });
    server.script(
      failed(400, 'ConditionalCheckFailedException', {
        message: 'The conditional request failed',
        Item: { PK: { S: 'A' } },
      }),
      failed(400, 'ResourceNotFoundException', { message: 'Requested resource not found' }),
    );

    const conditional = await failureOf(client.call('PutItem', input));
    const other = await failureOf(client.call('PutItem', input));

    expect(conditional).toBeInstanceOf(ConditionalCheckFailed);
    expect(conditional).toMatchObject({
      name: 'ConditionalCheckFailedException',
      message: 'The conditional request failed',
      Item: { PK: { S: 'A' } },
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
    expect(other).not.toBeInstanceOf(ConditionalCheckFailed);
    expect(other.name).toBe('ResourceNotFoundException');
  });

  it.each([
    [
      'an HTML page',
      { status: 403, headers: { 'content-type': 'text/html' }, body: '<html>Forbidden</html>' },
    ],
    ['no body', { status: 403, body: '' }],
    ['a type that is not an identifier', failed(400, 'Rejected for sari@tabanan.go.id')],
  ] as const)('calls an error answer with %s UnknownError', async (_name, answer) => {
    server.script(answer);

    const failure = await failureOf(clientOf().call('GetItem', input));

    expect(failure.name).toBe('UnknownError');
    expect(failure.$metadata.httpStatusCode).toBe(answer.status);
    expect(server.requests).toHaveLength(1);
  });
});

describe('AwsJsonClient: retries', () => {
  it.each([
    ['a throttle', throttled],
    ['exceeded provisioned throughput', failed(400, 'ProvisionedThroughputExceededException')],
    ['a 429 without a type', { status: 429, body: '' }],
    ['an internal server error', failed(500, 'InternalServerError', { message: 'Internal server error' })],
    ['a 503 without a body', { status: 503, body: '' }],
    [
      'a 502 HTML page',
      { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad gateway</html>' },
    ],
    ['a request timeout', failed(400, 'RequestTimeout')],
    ['a reset connection', 'reset'],
  ] as const)('sends again after %s, and answers the next success', async (_name, answer) => {
    server.script(answer, ok({ Item: { PK: { S: 'A' } } }));

    expect(await clientOf().call('GetItem', input)).toEqual({ Item: { PK: { S: 'A' } } });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body).toBe(server.requests[0]?.body);
    verifySignature(server.requests[1] as (typeof server.requests)[number], credentials.secretAccessKey);
  });

  it.each([
    ['a validation error', failed(400, 'ValidationException', { message: 'Invalid' })],
    [
      'a failed condition',
      failed(400, 'ConditionalCheckFailedException', { message: 'The conditional request failed' }),
    ],
    [
      'a cancelled transaction',
      failed(400, 'TransactionCanceledException', { Message: 'Transaction cancelled' }),
    ],
    ['a missing table', failed(400, 'ResourceNotFoundException')],
  ] as const)('does not send again after %s', async (_name, answer) => {
    const { client, sleeps } = recordingClient(0.5);
    server.script(answer, ok({}));

    const failure = await failureOf(client.call('PutItem', input));

    expect(failure.$metadata).toEqual({ httpStatusCode: 400, attempts: 1 });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('sends maxAttempts times in all, then throws the last failure with the attempts it took', async () => {
    server.script(throttled);

    const failure = await failureOf(clientOf({ maxAttempts: 4 }).call('GetItem', input));

    expect(failure).toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400, attempts: 4 },
    });
    expect(server.requests).toHaveLength(4);
  });

  it('sends 3 times in all by default', async () => {
    server.script({ status: 500, body: '' });

    const failure = await failureOf(clientOf().call('GetItem', input));

    expect(failure.$metadata).toEqual({ httpStatusCode: 500, attempts: 3 });
    expect(server.requests).toHaveLength(3);
  });

  it('names a connection reset on every attempt by its code, with no status', async () => {
    server.script('reset');

    const failure = await failureOf(clientOf({ maxAttempts: 2 }).call('GetItem', input));

    expect(failure).toMatchObject({ name: 'ECONNRESET', $metadata: { attempts: 2 } });
    expect(failure.$metadata.httpStatusCode).toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  it('names a refused connection by its code, after maxAttempts tries', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { client, sleeps } = recordingClient(0.5, { endpoint: `http://127.0.0.1:${port}`, maxAttempts: 3 });

    const failure = await failureOf(client.call('GetItem', input));

    expect(failure).toMatchObject({ name: 'ECONNREFUSED', $metadata: { attempts: 3 } });
    expect(sleeps).toHaveLength(2);
  });

  it('sends again when the connection drops in the middle of an answer, never answering half a document', async () => {
    // A raw server: the scripted one answers whole bodies only.
    let answered = 0;
    const cutting = createServer((socket) => {
      socket.once('data', () => {
        answered += 1;
        if (answered === 1) {
          socket.write(
            'HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 100\r\n\r\n{"Item":',
          );
          setTimeout(() => socket.destroy(), 20);
          return;
        }
        socket.end(
          'HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 2\r\n\r\n{}',
        );
      });
    });
    await new Promise<void>((resolve) => cutting.listen(0, '127.0.0.1', resolve));
    const { port } = cutting.address() as AddressInfo;
    try {
      expect(await clientOf({ endpoint: `http://127.0.0.1:${port}` }).call('GetItem', input)).toEqual({});
      expect(answered).toBe(2);
    } finally {
      await new Promise<void>((resolve) => cutting.close(() => resolve()));
    }
  });

  it('times out an answer that stalls in the middle, and sends again', async () => {
    let answered = 0;
    const stalling = createServer((socket) => {
      socket.once('data', () => {
        answered += 1;
        socket.write(
          'HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 100\r\n\r\n{"Item":',
        );
      });
    });
    const sockets: Socket[] = [];
    stalling.on('connection', (socket) => sockets.push(socket));
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    const { port } = stalling.address() as AddressInfo;
    const started = performance.now();
    try {
      const failure = await failureOf(
        clientOf({ endpoint: `http://127.0.0.1:${port}`, attemptTimeoutMs: 100, maxAttempts: 2 }).call(
          'GetItem',
          input,
        ),
      );

      expect(failure).toMatchObject({ name: 'TimeoutError', $metadata: { attempts: 2 } });
      expect(answered).toBe(2);
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => stalling.close(() => resolve()));
    }
  });

  it('gives up on an attempt that gets no answer within attemptTimeoutMs, and sends again', async () => {
    server.script('hang', ok({ Item: { PK: { S: 'A' } } }));
    const started = performance.now();

    expect(await clientOf({ attemptTimeoutMs: 150 }).call('GetItem', input)).toEqual({
      Item: { PK: { S: 'A' } },
    });

    expect(server.requests).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('calls attempts that all time out a TimeoutError', async () => {
    server.script('hang');
    const started = performance.now();

    const failure = await failureOf(
      clientOf({ attemptTimeoutMs: 100, maxAttempts: 2 }).call('GetItem', input),
    );

    expect(failure).toMatchObject({ name: 'TimeoutError', $metadata: { attempts: 2 } });
    expect(failure.$metadata.httpStatusCode).toBeUndefined();
    expect(server.requests).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('AwsJsonClient: backoff', () => {
  // As the SDK's standard retry mode: the wait before retry n (n = 1, 2, ...) is
  // random × min(20 s, base × 2^(n−1)), so the first retry waits at most the base.
  it('waits with full jitter from a 500 ms base after a throttle, doubling at each attempt', async () => {
    const { client, sleeps } = recordingClient(0.5, { maxAttempts: 5 });
    server.script(throttled, throttled, throttled, throttled, ok({}));

    await client.call('GetItem', input);

    expect(sleeps).toEqual([250, 500, 1_000, 2_000]);
  });

  it('waits from a 100 ms base after other faults', async () => {
    const { client, sleeps } = recordingClient(0.5, { maxAttempts: 5 });
    server.script({ status: 503, body: '' }, failed(500, 'InternalServerError'), 'reset', ok({}));

    await client.call('GetItem', input);

    expect(sleeps).toEqual([50, 100, 200]);
  });

  it('chooses the base by the failure of each attempt', async () => {
    const { client, sleeps } = recordingClient(0.5, { maxAttempts: 5 });
    server.script(throttled, { status: 503, body: '' }, throttled, ok({}));

    await client.call('GetItem', input);

    expect(sleeps).toEqual([250, 100, 1_000]);
  });

  it('spreads the wait over the whole interval: no wait at the low end of the jitter', async () => {
    const { client, sleeps } = recordingClient(0, { maxAttempts: 3 });
    server.script(throttled, { status: 500, body: '' }, ok({}));

    await client.call('GetItem', input);

    expect(sleeps).toEqual([0, 0]);
  });

  it('never waits more than 20 s', async () => {
    const { client, sleeps } = recordingClient(0.999, { maxAttempts: 10 });
    server.script(throttled);

    await failureOf(client.call('GetItem', input));

    expect(sleeps).toEqual([499, 999, 1_998, 3_996, 7_992, 15_984, 20_000, 20_000, 20_000]);
  });

  it('does not wait after the last attempt', async () => {
    const { client, sleeps } = recordingClient(0.5, { maxAttempts: 2 });
    server.script({ status: 500, body: '' });

    await failureOf(client.call('GetItem', input));

    expect(sleeps).toEqual([50]);
  });
});
