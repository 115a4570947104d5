import {
  type EmailAttachment,
  type Mailer,
  type OutgoingEmail,
  PermanentMailError,
  TransientMailError,
} from './mailer.js';
import type { SendEmailRequest, SesAttachment, SesClient } from './ses-client.js';

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

/** What a failed send carries: `SesRequestError`'s fields, or those of anything else thrown. */
interface SesErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly status?: unknown;
}

const errorName = (error: unknown): string => {
  const shape = (error ?? {}) as SesErrorShape;
  return typeof shape.name === 'string' ? shape.name : 'UnknownError';
};

const httpStatusOf = (error: unknown): number | undefined => {
  const status = ((error ?? {}) as SesErrorShape).status;
  return typeof status === 'number' ? status : undefined;
};

/**
 * Sorts an SES v2 SendEmail failure: throttling, paused sending, 5xx and network failures are
 * transient; a rejected message, a malformed recipient or an unknown identity is permanent;
 * anything else (access denied, an unverified sender, a suspended account) is a configuration
 * problem that neither a retry nor giving up on the recipient fixes.
 */
export const classifySesError = (error: unknown): SesErrorKind => {
  const name = errorName(error);
  const shape = (error ?? {}) as SesErrorShape;
  if (TRANSIENT_NAMES.has(name)) return 'transient';
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

const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/**
 * An attachment as SES v2 takes it in Simple content: SES writes the MIME part (base64, the file
 * name encoded as the name needs). Text content is sent as its UTF-8 bytes.
 */
const attachmentOf = (attachment: EmailAttachment): SesAttachment => {
  if (!CONTENT_TYPE.test(attachment.contentType)) {
    throw new Error('An attachment content type must be a plain type/subtype');
  }
  return {
    FileName: oneLine(attachment.filename) || 'attachment',
    ContentType: attachment.contentType,
    ContentDisposition: 'ATTACHMENT',
    ContentTransferEncoding: 'BASE64',
    RawContent: (typeof attachment.content === 'string'
      ? Buffer.from(attachment.content, 'utf8')
      : Buffer.from(attachment.content.buffer, attachment.content.byteOffset, attachment.content.byteLength)
    ).toString('base64'),
  };
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The Mailer port over SES v2 SendEmail with Simple content: subject, HTML and text in UTF-8, and
 * the attachments, from which SES builds the MIME message itself. Transient refusals are retried
 * with full-jitter exponential backoff, bounded by `retry.maxAttempts`; then TransientMailError.
 * Permanent refusals throw PermanentMailError at once. Error messages name the SES error, never
 * the address.
 */
export class SesMailer implements Mailer {
  private readonly retry: Required<MailRetryOptions>;

  constructor(
    private readonly client: SesClient,
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
        const output = await this.client.sendEmail(input);
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

  private inputFor(email: OutgoingEmail): SendEmailRequest {
    const attachments = (email.attachments ?? []).map(attachmentOf);
    return {
      FromEmailAddress: this.options.from,
      Destination: { ToAddresses: [email.to] },
      ...(this.options.configurationSetName
        ? { ConfigurationSetName: this.options.configurationSetName }
        : {}),
      Content: {
        Simple: {
          Subject: { Data: oneLine(email.subject), Charset: 'UTF-8' },
          Body: {
            Text: { Data: email.text, Charset: 'UTF-8' },
            Html: { Data: email.html, Charset: 'UTF-8' },
          },
          ...(attachments.length > 0 ? { Attachments: attachments } : {}),
        },
      },
    };
  }
}
