import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createSesClient,
  type SendEmailRequest,
  SesRequestError,
  sesClient,
  sesErrorType,
} from '../../../shared/platform/mail/ses-client.js';
import { useScriptedHttpServer } from '../../fixtures/scripted-http.js';
import { verifySignature } from '../../fixtures/sigv4.js';

const ses = useScriptedHttpServer(() => ({ status: 200, body: JSON.stringify({ MessageId: 'm-1' }) }));
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const request: SendEmailRequest = {
  FromEmailAddress: 'noreply@kim.example.go.id',
  Destination: { ToAddresses: ['sari@tabanan.go.id'] },
  Content: {
    Simple: {
      Subject: { Data: 'Halo ✓', Charset: 'UTF-8' },
      Body: { Text: { Data: 'Halo', Charset: 'UTF-8' }, Html: { Data: '<p>Halo</p>', Charset: 'UTF-8' } },
    },
  },
};

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

describe('createSesClient: the request', () => {
  it('POSTs the JSON to /v2/email/outbound-emails, signed with Signature V4 for ses in the region', async () => {
    const client = createSesClient({ ...credentials, region: 'ap-southeast-3', endpoint: `${ses.url}/` });

    const response = await client.sendEmail(request);

    expect(response).toEqual({ MessageId: 'm-1' });
    const [received] = ses.requests;
    if (!received) throw new Error('no request');
    expect(received.method).toBe('POST');
    expect(received.path).toBe('/v2/email/outbound-emails');
    expect(received.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received.body)).toEqual(request);
    const signed = verifySignature(received, credentials.secretAccessKey);
    expect(signed).toMatchObject({ accessKeyId: 'AKIDEXAMPLE', region: 'ap-southeast-3', service: 'ses' });
    expect(signed.signedHeaders).toEqual(['host', 'x-amz-date']);
    expect(signed.amzDate).toMatch(new RegExp(`^${signed.date}T\\d{6}Z$`));
    expect(received.headers).not.toHaveProperty('x-amz-security-token');
  });

  it('signs the session token of temporary credentials (what Lambda gives a function)', async () => {
    const client = createSesClient({
      ...credentials,
      sessionToken: 'session-token',
      region: 'ap-southeast-3',
      endpoint: ses.url,
    });

    await client.sendEmail(request);

    const [received] = ses.requests;
    if (!received) throw new Error('no request');
    expect(received.headers['x-amz-security-token']).toBe('session-token');
    expect(verifySignature(received, credentials.secretAccessKey).signedHeaders).toEqual([
      'host',
      'x-amz-date',
      'x-amz-security-token',
    ]);
  });

  it("sends to the region's SES endpoint when no endpoint is configured", async () => {
    const urls: string[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return new Response(JSON.stringify({ MessageId: 'm-2' }), { status: 200 });
    });

    const response = await createSesClient({ ...credentials, region: 'ap-southeast-3' }).sendEmail(request);

    expect(response).toEqual({ MessageId: 'm-2' });
    expect(urls).toEqual(['https://email.ap-southeast-3.amazonaws.com/v2/email/outbound-emails']);
  });

  it('sends once: retrying is the mailer’s decision, not the signer’s', async () => {
    ses.script({ status: 503, body: '' });
    const client = createSesClient({ ...credentials, region: 'ap-southeast-3', endpoint: ses.url });

    await expect(client.sendEmail(request)).rejects.toBeInstanceOf(SesRequestError);
    expect(ses.requests).toHaveLength(1);
  });
});

describe('createSesClient: failures', () => {
  const failureOf = async (promise: Promise<unknown>) => {
    const failure = await promise.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SesRequestError);
    return failure as SesRequestError;
  };
  const client = () => createSesClient({ ...credentials, region: 'ap-southeast-3', endpoint: ses.url });

  it('names SES’s error type and status, never SES’s message (which can name the recipient)', async () => {
    ses.script({
      status: 400,
      headers: {
        'content-type': 'application/json',
        'x-amzn-errortype': 'MessageRejected:http://internal.amazon.com/coral/com.amazon.coral.validate/',
      },
      body: JSON.stringify({ message: 'Email address is not verified: sari@tabanan.go.id' }),
    });

    const failure = await failureOf(client().sendEmail(request));

    expect(failure).toMatchObject({ name: 'MessageRejected', status: 400 });
    expect(failure.message).toBe('SES: MessageRejected (HTTP 400)');
    expect(JSON.stringify({ ...failure, message: failure.message })).not.toContain('@');
  });

  it('reads the type from the body when the header is missing, and calls an unreadable answer UnknownError', async () => {
    ses.script(
      { status: 429, body: JSON.stringify({ __type: 'com.amazonaws.sesv2#TooManyRequestsException' }) },
      { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad gateway</html>' },
    );

    expect(await failureOf(client().sendEmail(request))).toMatchObject({
      name: 'TooManyRequestsException',
      status: 429,
    });
    expect(await failureOf(client().sendEmail(request))).toMatchObject({ name: 'UnknownError', status: 502 });
  });

  it('calls a refused connection by its code, with no HTTP status', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const failure = await failureOf(
      createSesClient({
        ...credentials,
        region: 'ap-southeast-3',
        endpoint: `http://127.0.0.1:${port}`,
      }).sendEmail(request),
    );

    expect(failure).toMatchObject({ name: 'ECONNREFUSED', code: 'ECONNREFUSED', status: undefined });
  });

  it('gives up on an answer that does not come within the timeout: TimeoutError', async () => {
    ses.script('hang');
    const started = performance.now();

    const failure = await failureOf(
      createSesClient({
        ...credentials,
        region: 'ap-southeast-3',
        endpoint: ses.url,
        timeoutMs: 150,
      }).sendEmail(request),
    );

    expect(failure).toMatchObject({ name: 'TimeoutError', status: undefined });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('answers a success without a message id with an empty response', async () => {
    ses.script({ status: 200, body: 'OK' });

    expect(await client().sendEmail(request)).toEqual({});
  });
});

describe('sesErrorType', () => {
  it.each([
    ['MessageRejected:http://internal.amazon.com/coral/', '{}', 'MessageRejected'],
    ['TooManyRequestsException', '', 'TooManyRequestsException'],
    [null, '{"code":"NotFoundException","message":"x"}', 'NotFoundException'],
    [null, '{"__type":"com.amazonaws.sesv2#LimitExceededException"}', 'LimitExceededException'],
    [null, '{"message":"no type"}', 'UnknownError'],
    [null, 'not json', 'UnknownError'],
    [null, 'null', 'UnknownError'],
    // Anything but a bare identifier is not an error type: nothing else reaches an error message.
    ['sari@tabanan.go.id', '{}', 'UnknownError'],
    [null, '{"__type":"Rejected for sari@tabanan.go.id"}', 'UnknownError'],
  ])('%s with %s is %s', (header, body, type) => {
    expect(sesErrorType(header, body)).toBe(type);
  });
});

describe('sesClient: the function’s one client', () => {
  it('fails at wiring, naming the variable, when the environment lacks the credentials', () => {
    vi.stubEnv('AWS_REGION', 'ap-southeast-3');
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');

    expect(() => sesClient()).toThrow(/SES configuration: AWS_ACCESS_KEY_ID/);
  });

  it('is built from the environment (region, credentials, AWS_ENDPOINT_URL_SESV2) once', async () => {
    vi.stubEnv('AWS_REGION', 'ap-southeast-3');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
    vi.stubEnv('AWS_SESSION_TOKEN', 'session-token');
    vi.stubEnv('AWS_ENDPOINT_URL_SESV2', ses.url);

    const client = sesClient();
    expect(sesClient()).toBe(client);
    expect(await client.sendEmail(request)).toEqual({ MessageId: 'm-1' });

    const [received] = ses.requests;
    if (!received) throw new Error('no request');
    expect(received.headers['x-amz-security-token']).toBe('session-token');
    expect(verifySignature(received, credentials.secretAccessKey)).toMatchObject({
      accessKeyId: 'AKIDEXAMPLE',
      region: 'ap-southeast-3',
      service: 'ses',
    });
  });
});
