/** One bad field of a request, described in Indonesian (`message`) and English (`messageEn`). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
  readonly messageEn: string;
}

/** Base of every error the domain raises on purpose; each maps to one HTTP status. */
export abstract class DomainError extends Error {
  /** English message; `message` is Indonesian. */
  abstract readonly messageEn: string;
}

/** The request is well-formed JSON but fields are wrong. */
export class ValidationError extends DomainError {
  readonly messageEn = 'The request has invalid fields.';
  constructor(readonly errors: readonly FieldError[]) {
    super('Permintaan berisi isian yang tidak valid.');
    this.name = 'ValidationError';
  }
}

/** The body is not parseable JSON. */
export class MalformedJsonError extends DomainError {
  readonly messageEn = 'The request body is not valid JSON.';
  constructor() {
    super('Isi permintaan bukan JSON yang valid.');
    this.name = 'MalformedJsonError';
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

/** A registration for the same village and SK number already exists. */
export class DuplicateRegistrationError extends DomainError {
  readonly messageEn = 'A KIM with this SK number is already registered for this village.';
  constructor(readonly existingId: string) {
    super('KIM dengan nomor SK ini sudah terdaftar untuk desa tersebut.');
    this.name = 'DuplicateRegistrationError';
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

/** A status change the workflow does not allow from the registration's current status. */
export class InvalidTransitionError extends DomainError {
  readonly messageEn: string;
  constructor(
    readonly currentStatus: string,
    readonly action: string,
  ) {
    super(`Tindakan ${action} tidak diizinkan untuk pendaftaran berstatus ${currentStatus}.`);
    this.messageEn = `${action} is not allowed for a registration whose status is ${currentStatus}.`;
    this.name = 'InvalidTransitionError';
  }
}

/**
 * Someone else changed the item between our read and our write (optimistic concurrency). For a
 * registration, `currentStatus` is its status after that change.
 */
export class ConcurrentModificationError extends DomainError {
  readonly messageEn: string;
  constructor(readonly currentStatus?: string) {
    super(
      currentStatus === undefined
        ? 'Data ini baru saja diubah oleh orang lain. Muat ulang lalu coba lagi.'
        : `Pendaftaran ini baru saja diubah oleh orang lain; statusnya sekarang ${currentStatus}.`,
    );
    this.messageEn =
      currentStatus === undefined
        ? 'Someone else changed this just now. Reload it and try again.'
        : `Someone else changed this registration just now; its status is now ${currentStatus}.`;
    this.name = 'ConcurrentModificationError';
  }
}

/** An officer with the same email address is already listed for the same region. */
export class DuplicateOfficerError extends DomainError {
  readonly messageEn = 'An officer with this email address is already listed for this region.';
  constructor(readonly existingId: string) {
    super('Petugas dengan alamat email ini sudah terdaftar untuk wilayah tersebut.');
    this.name = 'DuplicateOfficerError';
  }
}

/** The same email address already receives the digest of the same region. */
export class DuplicateDigestSubscriberError extends DomainError {
  readonly messageEn = 'This email address already receives the digest of this region.';
  constructor(readonly existingId: string) {
    super('Alamat email ini sudah menerima ringkasan untuk wilayah tersebut.');
    this.name = 'DuplicateDigestSubscriberError';
  }
}
