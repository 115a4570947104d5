/** A file attached to an email, for example a digest's CSV. */
export interface EmailAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: string | Uint8Array;
}

/** One email to one recipient: always an HTML and a plain-text part. */
export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly attachments?: readonly EmailAttachment[];
}

/** Sends email. The SES v2 adapter implements it on AWS and against the local SES emulator. */
export interface Mailer {
  /** Resolves with the provider's message id once the provider accepted the email. */
  send(email: OutgoingEmail): Promise<{ readonly messageId: string }>;
}

/** The provider will never deliver to this address (rejected, suppressed or malformed): do not retry. */
export class PermanentMailError extends Error {
  override readonly name = 'PermanentMailError';
}

/** The provider refused for now (throttling, a service error): retry later with backoff. */
export class TransientMailError extends Error {
  override readonly name = 'TransientMailError';
}
