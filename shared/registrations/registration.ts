import { dropInvisibles } from '../platform/validation/text.js';
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
  /** The canonical form of the SK number (`normalizeSkNumber`): the duplicate key. */
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

/** Every character Unicode calls a dash (hyphens, en and em dashes, the minus sign, …) becomes `-`. */
const DASHES = /\p{Dash}/gu;
/** Division slash, fraction slash, big solidus, box-drawing diagonal and fullwidth solidus become `/`. */
const SLASHES = /[\u2044\u2215\u2571\u29f8\uff0f]/gu;
const SPACED_PUNCTUATION = / ?([./\-(),:]) ?/g;
const SK_NUMBER_CHARACTER = /^[A-Za-z0-9 ./\-(),:]$/;

/** What an SK number may hold once folded, in words (the API description). */
export const SK_NUMBER_ALPHABET = 'the letters A–Z, the digits 0–9, spaces and . / - ( ) , :';

/**
 * The SK number as the alphabet is checked on: invisible characters dropped, NFKC (fullwidth and
 * compatibility forms to their plain letters, digits and spaces), every dash folded to `-`, every
 * slash to `/`, whitespace runs to one space, trimmed.
 */
export const foldSkNumber = (skNumber: string): string =>
  dropInvisibles(skNumber)
    .normalize('NFKC')
    .replace(DASHES, '-')
    .replace(SLASHES, '/')
    .replace(/\s+/gu, ' ')
    .trim();

/**
 * The first character of the SK number that folds to something outside the alphabet (letters
 * A–Z, digits, space and `. / - ( ) , :`), as typed; undefined when there is none. Judged one
 * character at a time so the answer names what the person typed (a combining accent rather than
 * the accented letter NFKC makes of it); the number as a whole folds into the alphabet exactly
 * when each of its characters does.
 */
export const disallowedSkCharacter = (skNumber: string): string | undefined => {
  for (const character of dropInvisibles(skNumber)) {
    const folded = foldSkNumber(character);
    if (![...folded].every((part) => SK_NUMBER_CHARACTER.test(part))) return character;
  }
  return undefined;
};

/** Whether the SK number holds a letter or a digit: punctuation alone numbers nothing. */
export const skNumberHasAlphanumeric = (skNumber: string): boolean =>
  /[A-Za-z0-9]/.test(foldSkNumber(skNumber));

const withoutLeadingZeros = (digits: string) => digits.replace(/^0+(?=\d)/, '');

/**
 * The canonical SK number, compared for duplicates within a village: folded (`foldSkNumber`),
 * no spaces next to `. / - ( ) , :`, leading zeros of every digit run dropped (`0905` is `905`),
 * lower-cased. Meaningful for numbers inside the alphabet (`disallowedSkCharacter`); part of the
 * duplicate claim's key, so a change here needs the claims rewritten.
 */
export const normalizeSkNumber = (skNumber: string): string =>
  foldSkNumber(skNumber)
    .replace(SPACED_PUNCTUATION, '$1')
    .replace(/\d+/g, withoutLeadingZeros)
    .toLowerCase()
    // Lower-casing can leave a letter and its combining mark apart (T + U+0308 becomes t + U+0308,
    // which NFKC composes to U+1E97): composed again, a canonical form is its own canonical form.
    .normalize('NFKC');

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
