import type { EmailUndeliverable } from '../directory/officer.js';

/** Who a notification goes to: a PPID officer (by their directory ids) or the KIM's contact. */
export type RecipientKind = 'officer' | 'contact';

/** Where a permanently bad officer address is recorded. */
export interface OfficerMailStatus {
  /**
   * Marks the officer's address undeliverable if the officer still has `email` (a change of
   * address since the send wins); false when the officer is gone or has another address now.
   */
  markEmailUndeliverable(officerId: string, email: string, mark: EmailUndeliverable): Promise<boolean>;
}
