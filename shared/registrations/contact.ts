import { createHash } from 'node:crypto';

/**
 * How a contact address is compared: trimmed and lower-cased. Mail providers treat the local part
 * case-insensitively in practice, and a KIM types its address again at sign-in.
 */
export const normalizeContactEmail = (email: string): string => email.trim().toLowerCase();

/**
 * The lookup key of a contact address: SHA-256 (hex) of the normalised address with a label of
 * its own, so the index holds no address and its keys match no other hash of it in the table.
 */
export const contactEmailHash = (email: string): string =>
  createHash('sha256')
    .update(`kim-registry/contact-email/v1\0${normalizeContactEmail(email)}`, 'utf8')
    .digest('hex');

/** A registration found by its contact address: what a sign-in email needs of it. */
export interface ContactRegistration {
  readonly id: string;
  readonly name: string;
  readonly villageName: string;
  /** The address as stored, for sending. */
  readonly contactEmail: string;
}

/** Finds registrations by their contact address (the registrations' `gsi1` entry). */
export interface RegistrationsByContact {
  /**
   * Registrations whose contact address normalises to `email`'s, at most `limit`, oldest first.
   * The index is eventually consistent: a registration made a moment ago may be missing.
   */
  findByContactEmail(email: string, limit: number): Promise<ContactRegistration[]>;
}
