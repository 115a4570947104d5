import { ConcurrentModificationError, ConflictError } from '../platform/errors.js';

/** A registration for the same village and SK number already exists. */
export class DuplicateRegistrationError extends ConflictError {
  constructor(readonly existingId: string) {
    super(
      'KIM dengan nomor SK ini sudah terdaftar untuk desa tersebut.',
      'A KIM with this SK number is already registered for this village.',
      { existingId },
    );
    this.name = 'DuplicateRegistrationError';
  }
}

/** A status change the workflow does not allow from the registration's current status. */
export class InvalidTransitionError extends ConflictError {
  constructor(
    readonly currentStatus: string,
    readonly action: string,
  ) {
    super(
      `Tindakan ${action} tidak diizinkan untuk pendaftaran berstatus ${currentStatus}.`,
      `${action} is not allowed for a registration whose status is ${currentStatus}.`,
      { currentStatus },
    );
    this.name = 'InvalidTransitionError';
  }
}

/**
 * Someone else changed the registration between our read and our write; `currentStatus` is its
 * status after that change, undefined when it is gone.
 */
export class RegistrationChangedError extends ConcurrentModificationError {
  constructor(readonly currentStatus?: string) {
    // Without a status (the registration is gone) the generic messages of the kind apply.
    const known = currentStatus !== undefined;
    super(
      known
        ? `Pendaftaran ini baru saja diubah oleh orang lain; statusnya sekarang ${currentStatus}.`
        : undefined,
      known
        ? `Someone else changed this registration just now; its status is now ${currentStatus}.`
        : undefined,
      known ? { currentStatus } : {},
    );
    this.name = 'RegistrationChangedError';
  }
}
