import type { EmailUndeliverable } from '../directory/officer.js';

/** Who a notification goes to: a PPID officer (by their directory ids) or the KIM's contact. */
export type RecipientKind = 'officer' | 'contact';

/** The states of one (event, recipient) notification record. */
export type NotificationStatus = 'IN_PROGRESS' | 'SENT' | 'FAILED_PERMANENT';

/** What is being claimed: the (event, recipient) pair and facts kept for operators (no address). */
export interface NotificationClaimRequest {
  readonly eventId: string;
  /** SHA-256 (hex) of the recipient's address, lower-cased: the address itself is never stored. */
  readonly recipientHash: string;
  readonly registrationId: string;
  readonly recipientKind: RecipientKind;
  /** The directory ids of the officers with this address (officer notifications only). */
  readonly officerIds?: readonly string[];
  readonly now: Date;
  /** How long the claim protects the send; after that a new attempt may take it over. */
  readonly leaseMs: number;
  /** Unique per attempt: only the attempt that holds the claim may complete or release it. */
  readonly attemptId: string;
}

/** A claim held by one attempt. */
export interface NotificationClaim {
  readonly eventId: string;
  readonly recipientHash: string;
  readonly attemptId: string;
}

/** Outcome of trying to claim an (event, recipient) pair. */
export type ClaimOutcome =
  | {
      readonly kind: 'claimed';
      readonly claim: NotificationClaim;
      /** True when an earlier attempt's lease had expired (it crashed or timed out mid-send). */
      readonly takenOver: boolean;
    }
  | { readonly kind: 'sent' }
  | { readonly kind: 'failed-permanent' }
  /** Another attempt holds an unexpired lease: try again later. */
  | { readonly kind: 'in-progress' };

/**
 * The exactly-once record of notifications: one record per (event, recipient). A send happens
 * only under a claim; a SENT or FAILED_PERMANENT record means never again.
 */
export interface NotificationLedger {
  /**
   * Creates the record IN_PROGRESS with a lease, or takes over an IN_PROGRESS record whose lease
   * expired. Atomic: two concurrent attempts never both get `claimed`.
   */
  claim(request: NotificationClaimRequest): Promise<ClaimOutcome>;
  /** Records the provider's message id; false when the claim was lost (the lease expired and was taken). */
  markSent(claim: NotificationClaim, messageId: string, at: Date): Promise<boolean>;
  /** Records a permanent refusal; false when the claim was lost. */
  markFailedPermanent(claim: NotificationClaim, reason: string, at: Date): Promise<boolean>;
  /** Gives the claim up after a failure that may pass, so a redelivery can send at once. */
  release(claim: NotificationClaim): Promise<void>;
}

/** Where a permanently bad officer address is recorded. */
export interface OfficerMailStatus {
  /**
   * Marks the officer's address undeliverable if the officer still has `email` (a change of
   * address since the send wins); false when the officer is gone or has another address now.
   */
  markEmailUndeliverable(officerId: string, email: string, mark: EmailUndeliverable): Promise<boolean>;
}
