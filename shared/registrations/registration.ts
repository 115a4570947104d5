import type { Actor } from './history.js';
import type { RegistrationInput, RegistrationStatus, RegistrationStatusView } from './schema.js';

/** A KIM registration as stored. Officers and contact are personal data. */
export interface Registration extends RegistrationInput {
  readonly id: string;
  readonly villageName: string;
  readonly districtCode: string;
  readonly regencyCode: string;
  readonly provinceCode: string;
  /** The country pseudo code `ID`: the partition of the country-wide listing index. */
  readonly countryCode: string;
  /** SK number trimmed, lower-cased, inner whitespace collapsed: the duplicate key. */
  readonly skNumberNormalized: string;
  readonly status: RegistrationStatus;
  readonly submittedAt: string;
  readonly updatedAt: string;
  /** Incremented on every change (optimistic concurrency). */
  readonly version: number;
  /** SHA-256 (hex) of the edit token; the token itself is never stored. */
  readonly editTokenHash: string;
  /** The last review (verify, reject or deactivate), when there was one since the last submission. */
  readonly reviewedAt?: string;
  readonly reviewedBy?: Actor;
  readonly rejectionReason?: string;
  readonly deactivationReason?: string;
}

/** The SK number as compared for duplicates: trimmed, case-insensitive, whitespace runs collapsed. */
export const normalizeSkNumber = (skNumber: string): string =>
  skNumber.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

/** The public view of a registration: no names, phone numbers or email addresses. */
export const toStatusView = (registration: Registration): RegistrationStatusView => ({
  id: registration.id,
  name: registration.name,
  villageCode: registration.villageCode,
  villageName: registration.villageName,
  districtCode: registration.districtCode,
  status: registration.status,
  submittedAt: registration.submittedAt,
  updatedAt: registration.updatedAt,
});

/**
 * The full registration as an admin or PPID officer sees it, personal data included; without the
 * edit token hash and the internal duplicate key.
 */
export const toAdminView = (registration: Registration): RegistrationAdminView => {
  // Built field by field: a stored item comes back in no particular key order, an answer should not.
  const view: RegistrationAdminView = {
    id: registration.id,
    name: registration.name,
    status: registration.status,
    villageCode: registration.villageCode,
    villageName: registration.villageName,
    districtCode: registration.districtCode,
    regencyCode: registration.regencyCode,
    provinceCode: registration.provinceCode,
    countryCode: registration.countryCode,
    sk: registration.sk,
    officers: registration.officers,
    memberCount: registration.memberCount,
    focusAreas: registration.focusAreas,
    media: registration.media,
    contact: registration.contact,
    submittedAt: registration.submittedAt,
    updatedAt: registration.updatedAt,
    version: registration.version,
    reviewedAt: registration.reviewedAt,
    reviewedBy: registration.reviewedBy,
    rejectionReason: registration.rejectionReason,
    deactivationReason: registration.deactivationReason,
  };
  return Object.fromEntries(
    Object.entries(view).filter(([, value]) => value !== undefined),
  ) as RegistrationAdminView;
};

export type RegistrationAdminView = Omit<Registration, 'editTokenHash' | 'skNumberNormalized'>;
