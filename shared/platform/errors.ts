/** One bad field of a request, described in Indonesian (`message`) and English (`messageEn`). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
  readonly messageEn: string;
}

/**
 * Field errors one answer lists; the rest are counted in `moreErrors`. A 64 KB body of unknown
 * keys would otherwise answer hundreds of kilobytes, and twenty are more than a form shows at once.
 */
export const MAX_LISTED_ERRORS = 20;

/**
 * Base of every error the domain raises on purpose. Each one is, or extends, one of the kinds
 * below, and the error table (http/error-handler.ts) maps each kind to one HTTP status, so a
 * feature adds its own errors without the table knowing them.
 */
export abstract class DomainError extends Error {
  /** English message; `message` is Indonesian. */
  abstract readonly messageEn: string;

  /**
   * What the answer carries besides the two messages, such as `existingId` or field errors:
   * ids, codes and statuses only, never personal data.
   */
  get details(): Readonly<Record<string, unknown>> {
    return {};
  }
}

/** The request is well-formed JSON but fields are wrong. */
export class ValidationError extends DomainError {
  readonly messageEn = 'The request has invalid fields.';
  constructor(readonly errors: readonly FieldError[]) {
    super('Permintaan berisi isian yang tidak valid.');
    this.name = 'ValidationError';
  }

  override get details() {
    return this.errors.length > MAX_LISTED_ERRORS
      ? {
          errors: this.errors.slice(0, MAX_LISTED_ERRORS),
          moreErrors: this.errors.length - MAX_LISTED_ERRORS,
        }
      : { errors: this.errors };
  }
}

/** The body is not parseable JSON, or not JSON text at all (its bytes are not UTF-8). */
export class MalformedJsonError extends DomainError {
  constructor(
    message = 'Isi permintaan bukan JSON yang valid.',
    readonly messageEn = 'The request body is not valid JSON.',
  ) {
    super(message);
    this.name = 'MalformedJsonError';
  }

  /** The same shape as a validation error, so a client shows it beside the body as a whole. */
  override get details() {
    return { errors: [{ field: '(body)', message: this.message, messageEn: this.messageEn }] };
  }
}

/** The body is larger than the endpoint accepts. */
export class PayloadTooLargeError extends DomainError {
  readonly messageEn: string;
  constructor(readonly maxBytes: number) {
    super(`Isi permintaan melebihi batas ${maxBytes / 1024} KB.`);
    this.messageEn = `The request body exceeds the ${maxBytes / 1024} KB limit.`;
    this.name = 'PayloadTooLargeError';
  }
}

/** The body is not declared as what the endpoint reads (JSON, unless said otherwise). */
export class UnsupportedMediaTypeError extends DomainError {
  constructor(
    message = 'Isi permintaan harus berupa JSON (Content-Type: application/json).',
    readonly messageEn = 'The request body must be JSON (Content-Type: application/json).',
  ) {
    super(message);
    this.name = 'UnsupportedMediaTypeError';
  }
}

/** The body declares a character set other than UTF-8, the only one JSON bodies may use (RFC 8259). */
export class UnsupportedCharsetError extends DomainError {
  readonly messageEn: string;
  /** @param charset the declared label, when it is printable enough to be echoed */
  constructor(readonly charset: string | undefined) {
    const named = charset === undefined ? '' : ` (${charset})`;
    super(
      `Isi permintaan harus berenkode UTF-8: charset${named} tidak didukung; kirim Content-Type: application/json; charset=utf-8, atau tanpa charset.`,
    );
    this.messageEn = `The request body must be UTF-8: the charset${named} is not supported; send Content-Type: application/json; charset=utf-8, or no charset.`;
    this.name = 'UnsupportedCharsetError';
  }
}

/** The addressed resource does not exist (or is outside the deployment scope). */
export class NotFoundError extends DomainError {
  constructor(
    message: string,
    readonly messageEn: string,
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** An Idempotency-Key header that is empty, too long or not printable ASCII. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** An Idempotency-Key was reused with a different body. */
export class IdempotencyKeyReuseError extends DomainError {
  readonly messageEn = 'This Idempotency-Key was already used with a different request body.';
  constructor() {
    super('Idempotency-Key ini sudah dipakai untuk isi permintaan yang berbeda.');
    this.name = 'IdempotencyKeyReuseError';
  }
}

/**
 * The request is well-formed but what it refers to cannot be accepted as it is: for example an
 * uploaded file whose bytes are not the type it was declared as. `fields` are the answer's extra
 * fields (codes and names, never personal data).
 */
export class UnprocessableContentError extends DomainError {
  constructor(
    message: string,
    readonly messageEn: string,
    private readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'UnprocessableContentError';
  }

  override get details(): Readonly<Record<string, string>> {
    return this.fields;
  }
}

/** No identity reached the handler: the request carries no (valid) token. */
export class UnauthorizedError extends DomainError {
  constructor(
    message = 'Anda harus masuk terlebih dahulu: token tidak ada atau tidak valid.',
    readonly messageEn = 'Authentication required: the token is missing or invalid.',
  ) {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

/** The caller is known but may not do this (wrong role, or outside their region). */
export class ForbiddenError extends DomainError {
  constructor(
    message = 'Anda tidak berwenang melakukan tindakan ini.',
    readonly messageEn = 'You are not allowed to do this.',
  ) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/**
 * The request conflicts with the current state of what it addresses. Features extend it with
 * their own cases (a duplicate, a transition the workflow forbids); `details` are the answer's
 * extra fields.
 */
export class ConflictError extends DomainError {
  constructor(
    message: string,
    readonly messageEn: string,
    private readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ConflictError';
  }

  override get details(): Readonly<Record<string, string>> {
    return this.fields;
  }
}

/**
 * The caller sent too many requests in the current window; it may try again after
 * `retryAfterSeconds` (sent as the Retry-After header).
 */
export class TooManyRequestsError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    message = `Terlalu banyak permintaan. Coba lagi dalam ${Math.ceil(retryAfterSeconds / 60)} menit.`,
    readonly messageEn = `Too many requests. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`,
  ) {
    super(message);
    this.name = 'TooManyRequestsError';
  }

  override get details(): Readonly<Record<string, number>> {
    return { retryAfterSeconds: this.retryAfterSeconds };
  }
}

/** Someone else changed the item between our read and our write (optimistic concurrency). */
export class ConcurrentModificationError extends ConflictError {
  constructor(
    message = 'Data ini baru saja diubah oleh orang lain. Muat ulang lalu coba lagi.',
    messageEn = 'Someone else changed this just now. Reload it and try again.',
    fields: Readonly<Record<string, string>> = {},
  ) {
    super(message, messageEn, fields);
    this.name = 'ConcurrentModificationError';
  }
}
