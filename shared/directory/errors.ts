import { ConflictError } from '../platform/errors.js';

/** An officer with the same email address is already listed for the same region. */
export class DuplicateOfficerError extends ConflictError {
  constructor(readonly existingId: string) {
    super(
      'Petugas dengan alamat email ini sudah terdaftar untuk wilayah tersebut.',
      'An officer with this email address is already listed for this region.',
      { existingId },
    );
    this.name = 'DuplicateOfficerError';
  }
}

/** The same email address already receives the digest of the same region. */
export class DuplicateDigestSubscriberError extends ConflictError {
  constructor(readonly existingId: string) {
    super(
      'Alamat email ini sudah menerima ringkasan untuk wilayah tersebut.',
      'This email address already receives the digest of this region.',
      { existingId },
    );
    this.name = 'DuplicateDigestSubscriberError';
  }
}
