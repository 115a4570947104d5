import { createHash } from 'node:crypto';

/**
 * The states of one send-once record: `SENDING` while an attempt holds the claim (under a
 * lease), then `SENT` or `REFUSED` (the mail provider refused the address for good), both final.
 * A transient failure releases the claim: the record is removed, so the next attempt sends at once.
 */
export type SendOnceState = 'SENDING' | 'SENT' | 'REFUSED';

/** One email to one recipient: what it is sent for and who receives it. */
export interface SendOnceKey {
  /** What the email is sent for: a registration event's id, a digest run's key. */
  readonly sendKey: string;
  /** See `recipientHash`: the address itself is never stored. */
  readonly recipientHash: string;
}

/** Facts kept on the record for operators (ids, kinds), never an address. */
export type SendOnceFacts = Readonly<Record<string, string | readonly string[]>>;

export interface SendOnceClaimRequest extends SendOnceKey {
  readonly now: Date;
  /** How long the claim protects the send; after that a new attempt may take it over. */
  readonly leaseMs: number;
  /** Unique per attempt: only the attempt that holds the claim may complete or release it. */
  readonly attemptId: string;
  readonly facts?: SendOnceFacts;
}

/** A claim held by one attempt. */
export interface SendOnceClaim extends SendOnceKey {
  readonly attemptId: string;
}

/** Outcome of trying to claim one (send, recipient) pair. */
export type SendOnceOutcome =
  | {
      readonly kind: 'claimed';
      readonly claim: SendOnceClaim;
      /** True when an earlier attempt's lease had expired (it crashed or timed out mid-send). */
      readonly takenOver: boolean;
    }
  | { readonly kind: 'sent' }
  | { readonly kind: 'refused' }
  /** Another attempt holds an unexpired lease: try again later. */
  | { readonly kind: 'in-progress' };

/**
 * The exactly-once record of emails, one per (send, recipient), for notifications and digests
 * alike. A send happens only under a claim; a SENT or REFUSED record means never again.
 */
export interface SendOnceLedger {
  /**
   * Creates the record SENDING with a lease, or takes over a SENDING record whose lease expired.
   * Atomic: two concurrent attempts never both get `claimed`.
   */
  claim(request: SendOnceClaimRequest): Promise<SendOnceOutcome>;
  /** Records the provider's message id; false when the claim was lost (the lease expired and was taken). */
  markSent(claim: SendOnceClaim, messageId: string, at: Date): Promise<boolean>;
  /** Records a permanent refusal; false when the claim was lost. */
  markRefused(claim: SendOnceClaim, reason: string, at: Date): Promise<boolean>;
  /** Gives the claim up after a failure that may pass, so a retry can send at once. */
  release(claim: SendOnceClaim): Promise<void>;
}

/** SHA-256 (hex) of an address, trimmed and lower-cased: how a recipient is keyed without storing it. */
export const recipientHash = (email: string): string =>
  createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
