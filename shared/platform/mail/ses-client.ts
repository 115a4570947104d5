import { AwsClient } from 'aws4fetch';
import * as z from 'zod/mini';
import { awsErrorType, jsonDocument, NETWORK_CODE } from '../aws/error-type.js';
import { configFromEnv } from '../config.js';

/**
 * What SES requests are signed with: the function's credentials, which Lambda puts in the
 * environment of every function (dummy ones locally), its region, and locally the endpoint of the
 * SES emulator (`AWS_ENDPOINT_URL_SESV2`).
 */
const sesConfigSchema = z.object({
  AWS_REGION: z.string().check(z.minLength(1)),
  AWS_ACCESS_KEY_ID: z.string().check(z.minLength(1)),
  AWS_SECRET_ACCESS_KEY: z.string().check(z.minLength(1)),
  AWS_SESSION_TOKEN: z.optional(z.string()),
  AWS_ENDPOINT_URL_SESV2: z.optional(z.url({ protocol: /^https?$/ })),
});

const getSesConfig = configFromEnv(sesConfigSchema, 'SES configuration');

interface Content {
  readonly Data: string;
  readonly Charset: 'UTF-8';
}

/** One attachment of Simple content; SES writes its MIME part. */
export interface SesAttachment {
  readonly FileName: string;
  readonly ContentType: string;
  readonly ContentDisposition: 'ATTACHMENT';
  readonly ContentTransferEncoding: 'BASE64';
  /** The file's bytes, base64 (a blob in SES's JSON). */
  readonly RawContent: string;
}

/** The members of SES v2 `SendEmail` this project sends, spelled as SES's JSON spells them. */
export interface SendEmailRequest {
  readonly FromEmailAddress: string;
  readonly Destination: { readonly ToAddresses: readonly string[] };
  readonly ConfigurationSetName?: string;
  readonly Content: {
    readonly Simple: {
      readonly Subject: Content;
      readonly Body: { readonly Text: Content; readonly Html: Content };
      readonly Attachments?: readonly SesAttachment[];
    };
  };
}

export interface SendEmailResponse {
  readonly MessageId?: string;
}

/** Sends SES v2 requests. */
export interface SesClient {
  /** `POST /v2/email/outbound-emails`, once: retrying is the caller's decision. */
  sendEmail(request: SendEmailRequest): Promise<SendEmailResponse>;
}

/**
 * A SendEmail that failed: `name` is SES's error type (`MessageRejected`, `TooManyRequestsException`,
 * ...), `TimeoutError` when no answer came in time, or the network error's code (`ECONNRESET`, ...);
 * `status` is the HTTP status when SES answered. The message never carries SES's own message,
 * which can name the recipient.
 */
export class SesRequestError extends Error {
  constructor(
    override readonly name: string,
    readonly status: number | undefined,
    readonly code?: string,
  ) {
    super(status === undefined ? `SES: ${name}` : `SES: ${name} (HTTP ${status})`);
  }
}

/** The error type of an SES answer (see awsErrorType): SES's own message is never read. */
export const sesErrorType = (header: string | null, body: string): string =>
  awsErrorType(header, jsonDocument(body));

/** A fetch that threw (no answer from SES) as an SesRequestError naming what happened. */
const requestFailure = (error: unknown): SesRequestError => {
  if (error instanceof SesRequestError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return new SesRequestError('TimeoutError', undefined);
  const cause = error instanceof Error ? (error.cause as { readonly code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' && NETWORK_CODE.test(cause.code) ? cause.code : undefined;
  return new SesRequestError(code ?? 'NetworkError', undefined, code);
};

export interface SesClientOptions {
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
  /** Base URL of the SES API; `https://email.<region>.amazonaws.com` when not given. */
  readonly endpoint?: string | undefined;
  /** How long one request may take, connecting and reading the answer included. @default 4000 */
  readonly timeoutMs?: number;
}

/**
 * SES v2 over the runtime's `fetch`, signed with Signature V4 by `aws4fetch` (service `ses`),
 * rather than `@aws-sdk/client-sesv2`: one JSON call does not need the SDK client's 72–80 KB and its
 * import time (measured in docs/libraries.md). aws4fetch's own retries are off: `SesMailer` retries
 * with its own bounded, jittered backoff, so that one place decides what is transient.
 */
export const createSesClient = (options: SesClientOptions): SesClient => {
  const signer = new AwsClient({
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.secretAccessKey,
    ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
    service: 'ses',
    region: options.region,
    retries: 0,
  });
  const base = (options.endpoint ?? `https://email.${options.region}.amazonaws.com`).replace(/\/+$/, '');
  const url = `${base}/v2/email/outbound-emails`;
  const timeoutMs = options.timeoutMs ?? 4_000;
  return {
    async sendEmail(request) {
      let status: number;
      let errorHeader: string | null;
      let body: string;
      try {
        const response = await signer.fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(request),
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        errorHeader = response.headers.get('x-amzn-errortype');
        // The answer is read within the same timeout: a body that never ends is a timeout too.
        body = await response.text();
      } catch (error) {
        throw requestFailure(error);
      }
      if (status < 200 || status >= 300) throw new SesRequestError(sesErrorType(errorHeader, body), status);
      const messageId = jsonDocument(body)?.MessageId;
      return typeof messageId === 'string' ? { MessageId: messageId } : {};
    },
  };
};

let shared: SesClient | undefined;

/**
 * The one SES client of a function, created on first use from the function's environment: a
 * wiring module calls it when it builds its ports, so a missing variable fails the cold start,
 * not an email.
 *
 * A SendEmail answers in well under a second; the 4 s bound of one request keeps the mailer's four
 * attempts (at most 4 × 4 s plus 1.4 s of backoff) inside a 30 s function with time to spare.
 */
export const sesClient = (): SesClient => {
  if (!shared) {
    const config = getSesConfig();
    shared = createSesClient({
      region: config.AWS_REGION,
      accessKeyId: config.AWS_ACCESS_KEY_ID,
      secretAccessKey: config.AWS_SECRET_ACCESS_KEY,
      sessionToken: config.AWS_SESSION_TOKEN,
      endpoint: config.AWS_ENDPOINT_URL_SESV2,
    });
  }
  return shared;
};
