import type { Registration } from './registration.js';
import type { RegistrationStatusView } from './schema.js';

/** What an Idempotency-Key remembers: the request's fingerprint and the answer it got. */
export interface IdempotencyRecord {
  readonly key: string;
  readonly bodyHash: string;
  readonly response: RegistrationStatusView;
  /** Epoch seconds after which the key may be reused (DynamoDB TTL). */
  readonly expiresAt: number;
}

/** Outcome of an atomic create. */
export type CreateRegistrationOutcome =
  | { readonly kind: 'created' }
  | { readonly kind: 'duplicate'; readonly existingId: string }
  | { readonly kind: 'idempotency-key-taken'; readonly record: IdempotencyRecord };

/** Storage of registrations. */
export interface RegistrationRepository {
  /**
   * Stores a new registration, its (village, SK number) claim and, when given, its idempotency
   * record — all or nothing. Reports a duplicate claim or an idempotency key already taken.
   */
  create(registration: Registration, idempotency?: IdempotencyRecord): Promise<CreateRegistrationOutcome>;
  get(id: string): Promise<Registration | undefined>;
  getIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined>;
}
