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

/**
 * A profile update of a registration whose status does not allow one: a REJECTED registration is
 * corrected whole (PUT /registrations/{id}), a DEACTIVATED one is closed.
 */
export class ProfileNotEditableError extends ConflictError {
  constructor(readonly currentStatus: string) {
    const rejected = currentStatus === 'REJECTED';
    super(
      rejected
        ? 'Pendaftaran yang ditolak diperbaiki seluruhnya lewat formulir perbaikan (PUT /registrations/{id}), bukan pembaruan profil.'
        : `Profil KIM berstatus ${currentStatus} tidak dapat diubah.`,
      rejected
        ? 'A rejected registration is corrected whole through the correction (PUT /registrations/{id}), not by a profile update.'
        : `The profile of a KIM whose status is ${currentStatus} cannot be changed.`,
      { currentStatus },
    );
    this.name = 'ProfileNotEditableError';
  }
}

/** A profile update based on a version that is no longer the stored one. */
export class StaleVersionError extends ConcurrentModificationError {
  constructor(
    readonly currentStatus: string,
    readonly sentVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      `Pendaftaran ini telah berubah sejak versi ${sentVersion} (sekarang versi ${currentVersion}). Muat ulang profilnya lalu coba lagi.`,
      `This registration has changed since version ${sentVersion} (it is now version ${currentVersion}). Reload its profile and try again.`,
      { currentStatus, currentVersion: String(currentVersion) },
    );
    this.name = 'StaleVersionError';
  }
}
