import { randomBytes } from 'node:crypto';
import { type SESv2Client, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import {
  type EmailAttachment,
  type Mailer,
  type OutgoingEmail,
  PermanentMailError,
  TransientMailError,
} from './mailer.js';

/** How SesMailer retries a transient refusal. */
export interface MailRetryOptions {
  /** Sends in all, the first included. @default 4 */
  readonly maxAttempts?: number;
  /** Ceiling of the first backoff; doubles after each attempt. @default 200 */
  readonly baseDelayMs?: number;
  /** Ceiling of any one backoff. @default 2000 */
  readonly maxDelayMs?: number;
  /** Waits `ms`; tests pass a fake. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1): the jitter. @default Math.random */
  readonly random?: () => number;
}

export interface SesMailerOptions {
  /** Sender address: a verified SES identity. */
  readonly from: string;
  /** SES configuration set (event destinations, suppression, dedicated IPs), when one is used. */
  readonly configurationSetName?: string | undefined;
  readonly retry?: MailRetryOptions;
}

/** What a refusal from SES means for the email. */
export type SesErrorKind = 'transient' | 'permanent' | 'other';

const TRANSIENT_NAMES = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'SendingPausedException',
  'AccountSendingPausedException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'InternalServiceErrorException',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

/** Refusals about this recipient or this message: sending it again would be refused again. */
const PERMANENT_NAMES = new Set(['MessageRejected', 'BadRequestException', 'NotFoundException']);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $retryable?: { readonly throttling?: boolean };
}

const errorName = (error: unknown): string => {
  const shape = (error ?? {}) as SdkErrorShape;
  return typeof shape.name === 'string' ? shape.name : 'UnknownError';
};

const httpStatusOf = (error: unknown): number | undefined =>
  ((error ?? {}) as SdkErrorShape).$metadata?.httpStatusCode;

/**
 * Sorts an SES v2 SendEmail failure: throttling, paused sending, 5xx and network failures are
 * transient; a rejected message, a malformed recipient or an unknown identity is permanent;
 * anything else (access denied, an unverified sender, a suspended account) is a configuration
 * problem that neither a retry nor giving up on the recipient fixes.
 */
export const classifySesError = (error: unknown): SesErrorKind => {
  const name = errorName(error);
  const shape = (error ?? {}) as SdkErrorShape;
  if (TRANSIENT_NAMES.has(name) || shape.$retryable !== undefined) return 'transient';
  if (typeof shape.code === 'string' && NETWORK_CODES.has(shape.code)) return 'transient';
  if (PERMANENT_NAMES.has(name)) return 'permanent';
  const status = httpStatusOf(error);
  if (status === 429 || (status !== undefined && status >= 500)) return 'transient';
  // No HTTP answer at all: the request never reached SES or its answer never came back.
  if (status === undefined && error instanceof Error) return 'transient';
  return 'other';
};

const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]+/gu;

/** A header value on one line: control characters (CR, LF, ...) become spaces. */
const oneLine = (value: string) => value.replace(CONTROL_CHARACTERS, ' ').trim();

const ADDRESS = /^[^\s@<>"(),;:\\[\]]+@[^\s@<>"(),;:\\[\]]+$/;

const assertAddress = (address: string) => {
  if (!ADDRESS.test(address)) throw new PermanentMailError('The recipient is not a single email address');
};

const CRLF = '\r\n';

/** Base64 in lines of 76 characters, as MIME wants it. */
const base64Lines = (content: Uint8Array) =>
  (
    Buffer.from(content)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join(CRLF);

/**
 * An RFC 2047 header value: ASCII without `=?` as is, else UTF-8 "B" encoded words of at most
 * 75 characters (whole characters per word), folded onto continuation lines.
 */
export const encodeHeaderWord = (value: string): string => {
  if (/^[\x20-\x7e]*$/.test(value) && !value.includes('=?')) return value;
  const words: string[] = [];
  let chunk = '';
  for (const character of value) {
    // 45 bytes of UTF-8 become 60 base64 characters: with `=?UTF-8?B?` and `?=`, 72 in all.
    if (Buffer.byteLength(chunk + character, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += character;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
};

const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/**
 * A file name as MIME parameters: a quoted ASCII `name`/`filename` (quotes, slashes and control
 * characters replaced), plus the RFC 2231 `filename*` when the name is not ASCII.
 */
const fileNames = (filename: string) => {
  const clean = oneLine(filename).replace(/["\\/]/g, '_') || 'attachment';
  const ascii = clean.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_');
  if (ascii === clean) return { type: `name="${clean}"`, disposition: `filename="${clean}"` };
  const encoded = encodeURIComponent(clean).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return { type: `name="${ascii}"`, disposition: `filename="${ascii}"; filename*=UTF-8''${encoded}` };
};

const attachmentPart = (attachment: EmailAttachment) => {
  if (!CONTENT_TYPE.test(attachment.contentType)) {
    throw new Error('An attachment content type must be a plain type/subtype');
  }
  const isText = typeof attachment.content === 'string';
  const bytes = isText ? Buffer.from(attachment.content as string, 'utf8') : attachment.content;
  const names = fileNames(attachment.filename);
  return [
    `Content-Type: ${attachment.contentType}${isText ? '; charset=UTF-8' : ''}; ${names.type}`,
    `Content-Disposition: attachment; ${names.disposition}`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(bytes as Uint8Array),
  ].join(CRLF);
};

const textPart = (subtype: 'plain' | 'html', content: string) =>
  [
    `Content-Type: text/${subtype}; charset=UTF-8`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(Buffer.from(content, 'utf8')),
  ].join(CRLF);

const multipart = (subtype: 'mixed' | 'alternative', boundary: string, parts: readonly string[]) =>
  [
    `Content-Type: multipart/${subtype}; boundary="${boundary}"`,
    '',
    ...parts.map((part) => `--${boundary}${CRLF}${part}`),
    `--${boundary}--`,
    '',
  ].join(CRLF);

/**
 * The whole message as MIME: multipart/mixed holding a multipart/alternative (plain text, then
 * HTML, every body UTF-8 and base64) and one base64 part per attachment.
 */
export const buildMimeMessage = (
  email: OutgoingEmail,
  from: string,
  options: { readonly date?: Date; readonly boundarySeed?: string } = {},
): string => {
  const seed = options.boundarySeed ?? randomBytes(12).toString('hex');
  const alternative = multipart('alternative', `alt-${seed}`, [
    textPart('plain', email.text),
    textPart('html', email.html),
  ]);
  const body = multipart('mixed', `mixed-${seed}`, [
    alternative,
    ...(email.attachments ?? []).map(attachmentPart),
  ]);
  return [
    `From: ${oneLine(from)}`,
    `To: ${oneLine(email.to)}`,
    `Subject: ${encodeHeaderWord(oneLine(email.subject))}`,
    `Date: ${(options.date ?? new Date()).toUTCString()}`,
    'MIME-Version: 1.0',
    body,
  ].join(CRLF);
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The Mailer port over SES v2 SendEmail: Simple content (subject, HTML and text, UTF-8) for an
 * email without attachments, Raw MIME for one with attachments. Transient refusals are retried
 * with full-jitter exponential backoff, bounded by `retry.maxAttempts`; then TransientMailError.
 * Permanent refusals throw PermanentMailError at once. Error messages name the SES error, never
 * the address.
 */
export class SesMailer implements Mailer {
  private readonly retry: Required<MailRetryOptions>;

  constructor(
    private readonly client: SESv2Client,
    private readonly options: SesMailerOptions,
  ) {
    this.retry = {
      maxAttempts: options.retry?.maxAttempts ?? 4,
      baseDelayMs: options.retry?.baseDelayMs ?? 200,
      maxDelayMs: options.retry?.maxDelayMs ?? 2_000,
      sleep: options.retry?.sleep ?? defaultSleep,
      random: options.retry?.random ?? Math.random,
    };
  }

  async send(email: OutgoingEmail): Promise<{ readonly messageId: string }> {
    assertAddress(email.to);
    const input = this.inputFor(email);
    for (let attempt = 1; ; attempt++) {
      try {
        const output = await this.client.send(new SendEmailCommand(input));
        if (!output.MessageId) throw new TransientMailError('SES accepted the email without a message id');
        return { messageId: output.MessageId };
      } catch (error) {
        if (error instanceof TransientMailError) throw error;
        const name = errorName(error);
        const status = httpStatusOf(error);
        switch (classifySesError(error)) {
          case 'permanent':
            throw new PermanentMailError(`SES refused the email for good: ${name}`);
          case 'other':
            throw new Error(
              `SES SendEmail failed: ${name}${status === undefined ? '' : ` (HTTP ${status})`}`,
            );
          case 'transient':
            if (attempt >= this.retry.maxAttempts) {
              throw new TransientMailError(`SES refused the email ${attempt} times, last with ${name}`);
            }
            await this.retry.sleep(this.backoff(attempt));
        }
      }
    }
  }

  /** Full jitter: a random wait below min(maxDelay, base × 2^(attempt−1)). */
  private backoff(attempt: number) {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.retry.random() * ceiling);
  }

  private inputFor(email: OutgoingEmail): SendEmailCommandInput {
    const common = {
      FromEmailAddress: this.options.from,
      Destination: { ToAddresses: [email.to] },
      ...(this.options.configurationSetName
        ? { ConfigurationSetName: this.options.configurationSetName }
        : {}),
    };
    if (email.attachments && email.attachments.length > 0) {
      return {
        ...common,
        Content: { Raw: { Data: Buffer.from(buildMimeMessage(email, this.options.from), 'utf8') } },
      };
    }
    return {
      ...common,
      Content: {
        Simple: {
          Subject: { Data: oneLine(email.subject), Charset: 'UTF-8' },
          Body: {
            Text: { Data: email.text, Charset: 'UTF-8' },
            Html: { Data: email.html, Charset: 'UTF-8' },
          },
        },
      },
    };
  }
}
