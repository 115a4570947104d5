import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import aws4 from 'aws4';
import { awsErrorType, jsonDocument, NETWORK_CODE } from './error-type.js';

/**
 * A client of the AWS services that speak the JSON 1.0 protocol (DynamoDB, SQS): one signed
 * `POST /` per operation over `node:http(s)`, with the SDK's standard retry mode.
 *
 * Why not the SDK clients: DynamoDB's is 190 KB minified and takes about 45 ms of CPU to import,
 * more than all of a function's own code; a cold start is most requests here (see
 * docs/benchmarks.md, "Import time"). What the functions use of it is this wire call: the
 * operations' inputs and outputs are the JSON documents themselves, `AttributeValue`s included,
 * and the types stay the SDK's own. Signing is `aws4`'s (Signature V4 over Node.js's crypto), and
 * the requests go through `node:https` rather than `fetch`, whose first use loads undici (about
 * 20 ms of a cold request).
 */

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

export interface AwsJsonClientOptions {
  /** The signing name of the service: `dynamodb`, `sqs`. */
  readonly service: string;
  /** The `X-Amz-Target` prefix of its operations: `DynamoDB_20120810`, `AmazonSQS`. */
  readonly targetPrefix: string;
  /**
   * Base URL of the service. Default: the environment variable `endpointVariable`
   * (`AWS_ENDPOINT_URL_DYNAMODB`), else `AWS_ENDPOINT_URL`, as the SDK reads them, else
   * `https://<service>.<region>.amazonaws.com`.
   */
  readonly endpoint?: string | undefined;
  readonly endpointVariable: string;
  /** Default: `AWS_REGION`. */
  readonly region?: string | undefined;
  /**
   * Default: the environment's `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`,
   * which Lambda sets from the function's role, read at each request.
   */
  readonly credentials?: AwsCredentials | undefined;
  /** Sends of one request in all, the first included, while it fails in a way worth retrying. @default 3 */
  readonly maxAttempts?: number | undefined;
  /** How long one attempt may go without a byte from the service before it counts as timed out. @default 10000 */
  readonly attemptTimeoutMs?: number | undefined;
  /** The service's error types (`__type`, without its namespace) that have a class of their own. */
  readonly errorClasses?: Readonly<Record<string, new (options: AwsServiceErrorOptions) => AwsServiceError>>;
  /** @default Math.random */
  readonly random?: (() => number) | undefined;
  /** @default setTimeout */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
}

/** One operation and its input; `Out` only types what `send` answers. Spelled as the SDK's commands. */
export abstract class AwsCommand<In, Out> {
  abstract readonly operation: string;
  declare readonly outputType?: Out;
  constructor(readonly input: In) {}
}

/** What a service's client takes: what the service fixes (its names, its errors) left out. */
export type AwsServiceClientOptions = Omit<
  AwsJsonClientOptions,
  'service' | 'targetPrefix' | 'endpointVariable' | 'errorClasses'
>;

export interface AwsServiceErrorOptions {
  readonly message: string;
  /** The error type, where the class does not fix it. */
  readonly name?: string;
  readonly $metadata?: {
    readonly httpStatusCode?: number | undefined;
    readonly attempts?: number | undefined;
  };
  /** The other members of the service's error document (`CancellationReasons`, `Item`, ...). */
  readonly [member: string]: unknown;
}

/**
 * A failed request, spelled as the SDK spells its exceptions: `name` is the service's error type
 * (`ConditionalCheckFailedException`), `TimeoutError` when no answer came in time, or the network
 * error's code (`ECONNRESET`); the error document's other members are properties of the error.
 */
export class AwsServiceError extends Error {
  readonly $metadata: {
    readonly httpStatusCode?: number | undefined;
    readonly attempts?: number | undefined;
  };

  constructor(options: AwsServiceErrorOptions) {
    super(options.message);
    const { message: _message, name, $metadata, ...members } = options;
    if (name !== undefined) this.name = name;
    this.$metadata = $metadata ?? {};
    // Defined, not assigned: a member the document calls `__proto__` stays data, not the error's
    // prototype. Not enumerable: a logger that writes an error's own properties (Powertools'
    // formatError does) must not write an `Item` or a cancellation reason's item, which hold
    // personal data.
    for (const [member, value] of Object.entries(members)) {
      Object.defineProperty(this, member, { value, enumerable: false, writable: true, configurable: true });
    }
  }
}

/**
 * Error types the SDK's standard retry mode sends again: throttling (with a longer backoff) and
 * transient faults; any 5xx answer and any request that got no answer are sent again too.
 */
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
]);
const TRANSIENT = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalServerError',
]);

const DELAY_BASE_MS = 100;
const THROTTLING_DELAY_BASE_MS = 500;
const MAX_DELAY_MS = 20_000;

interface Answer {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// One keep-alive pool per container: the second request to DynamoDB reuses the first's TLS session.
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 64 });
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 64 });

export class AwsJsonClient {
  private readonly maxAttempts: number;
  private readonly attemptTimeoutMs: number;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: AwsJsonClientOptions) {
    this.maxAttempts = options.maxAttempts ?? 3;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? sleepFor;
  }

  /** Sends one command: `call` with its operation and input. */
  send<In, Out>(command: AwsCommand<In, Out>): Promise<Out> {
    return this.call<Out>(command.operation, command.input);
  }

  /** The base URL requests go to (resolved at each call, so it follows the environment). */
  endpoint(): URL {
    const configured =
      this.options.endpoint ??
      (process.env[this.options.endpointVariable] || undefined) ??
      (process.env.AWS_ENDPOINT_URL || undefined);
    return new URL(configured ?? `https://${this.options.service}.${this.region()}.amazonaws.com`);
  }

  private region(): string {
    const region = this.options.region ?? process.env.AWS_REGION;
    if (!region) throw new Error(`${this.options.service}: no region (AWS_REGION is not set)`);
    return region;
  }

  private credentials(): AwsCredentials {
    if (this.options.credentials) return this.options.credentials;
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      throw new Error(
        `${this.options.service}: no credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set)`,
      );
    }
    return { accessKeyId, secretAccessKey, sessionToken: process.env.AWS_SESSION_TOKEN || undefined };
  }

  /**
   * Sends `operation` with `input` as its JSON document and answers the service's document.
   * Retries throttling, 5xx answers, timeouts and network errors with full-jitter exponential
   * backoff (base 100 ms, 500 ms for throttling, at most 20 s), `maxAttempts` sends in all; throws
   * an AwsServiceError otherwise, or when the attempts are spent.
   */
  async call<O>(operation: string, input: unknown): Promise<O> {
    const body = JSON.stringify(input);
    const target = { url: this.endpoint(), region: this.region(), credentials: this.credentials() };
    for (let attempt = 1; ; attempt++) {
      let answer: Answer;
      try {
        answer = await this.post(target, operation, body);
      } catch (error) {
        // No answer: timed out, refused, reset. Sent again, as the SDK does.
        const failure = this.requestFailure(error, attempt);
        if (attempt >= this.maxAttempts) throw failure;
        await this.sleep(this.delayMs(attempt, DELAY_BASE_MS));
        continue;
      }
      const document = jsonDocument(answer.body);
      if (answer.status >= 200 && answer.status < 300) {
        if (document === undefined && answer.body.length > 0) {
          throw new AwsServiceError({
            message: `${this.options.service}: the answer to ${operation} is not JSON`,
            name: 'MalformedResponse',
            $metadata: { httpStatusCode: answer.status, attempts: attempt },
          });
        }
        return (document ?? {}) as O;
      }
      const type = awsErrorType(answer.headers['x-amzn-errortype'], document);
      const failure = this.serviceError(type, answer.status, attempt, document ?? {});
      const throttled = THROTTLING.has(type) || answer.status === 429;
      const retryable = throttled || TRANSIENT.has(type) || answer.status >= 500;
      if (!retryable || attempt >= this.maxAttempts) throw failure;
      await this.sleep(this.delayMs(attempt, throttled ? THROTTLING_DELAY_BASE_MS : DELAY_BASE_MS));
    }
  }

  /** The wait after failed attempt n: random × base × 2^(n−1), as the SDK's (its retry count starts at 0). */
  private delayMs(attempt: number, base: number): number {
    return Math.floor(Math.min(MAX_DELAY_MS, this.random() * 2 ** (attempt - 1) * base));
  }

  private serviceError(
    type: string,
    status: number,
    attempts: number,
    document: Record<string, unknown>,
  ): AwsServiceError {
    const { __type: _type, message, Message, ...members } = document;
    const text = typeof message === 'string' ? message : typeof Message === 'string' ? Message : type;
    const ErrorClass = this.options.errorClasses?.[type] ?? AwsServiceError;
    return new ErrorClass({
      ...members,
      message: text,
      name: type,
      $metadata: { httpStatusCode: status, attempts },
    });
  }

  private requestFailure(error: unknown, attempts: number): AwsServiceError {
    const code = (error as { code?: unknown } | null)?.code;
    const name =
      error instanceof AttemptTimeout
        ? 'TimeoutError'
        : typeof code === 'string' && NETWORK_CODE.test(code)
          ? code
          : 'NetworkError';
    return new AwsServiceError({
      message: `${this.options.service}: ${name}`,
      name,
      $metadata: { attempts },
    });
  }

  private post(
    target: { readonly url: URL; readonly region: string; readonly credentials: AwsCredentials },
    operation: string,
    body: string,
  ): Promise<Answer> {
    const { url } = target;
    const secure = url.protocol === 'https:';
    const signed = aws4.sign(
      {
        service: this.options.service,
        region: target.region,
        method: 'POST',
        host: url.host,
        path: url.pathname || '/',
        headers: {
          'Content-Type': 'application/x-amz-json-1.0',
          'X-Amz-Target': `${this.options.targetPrefix}.${operation}`,
        },
        body,
      },
      target.credentials,
    );
    return new Promise<Answer>((resolve, reject) => {
      const request = (secure ? httpsRequest : httpRequest)(
        {
          protocol: url.protocol,
          // An IPv6 literal comes bracketed in a URL, and bare to `request`.
          hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: url.port || (secure ? 443 : 80),
          path: signed.path,
          method: 'POST',
          headers: signed.headers as Record<string, string>,
          agent: secure ? httpsAgent : httpAgent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      request.setTimeout(this.attemptTimeoutMs, () => request.destroy(new AttemptTimeout()));
      request.on('error', reject);
      request.end(body);
    });
  }
}

class AttemptTimeout extends Error {
  override readonly name = 'TimeoutError';
}
