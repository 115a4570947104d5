import type { HistoryEntry } from './history.js';
import type { Registration } from './registration.js';
import type { RegistrationStatus, RegistrationStatusView } from './schema.js';

/**
 * What an Idempotency-Key remembers: the request's fingerprint and the answer it got. Neither the
 * raw key nor the edit token is kept: the key as its SHA-256, the token sealed with a key derived
 * from the raw Idempotency-Key (see edit-token.ts).
 */
export interface IdempotencyRecord {
  /** SHA-256 (hex) of the Idempotency-Key. */
  readonly keyHash: string;
  readonly bodyHash: string;
  readonly response: RegistrationStatusView;
  readonly sealedEditToken: string;
  /**
   * The stored registration's `editTokenHash` (never changed after submission): with the body it
   * rebuilds the registration a crashed request did not store, and tells that registration apart
   * from another one with the same id.
   */
  readonly editTokenHash: string;
  /** Epoch seconds after which the key may be reused (DynamoDB TTL). */
  readonly expiresAt: number;
}

/** Outcome of an atomic create. */
export type CreateRegistrationOutcome =
  /**
   * `id` is the id the registration was stored under: the store keeps the time part of the id it
   * was given and may choose the rest (see dynamodb/items.ts); the idempotency record answers it.
   */
  | { readonly kind: 'created'; readonly id: string }
  | { readonly kind: 'duplicate'; readonly existingId: string }
  | { readonly kind: 'idempotency-key-taken'; readonly record: IdempotencyRecord };

export interface GetRegistrationOptions {
  /** Read the latest committed state (a strongly consistent read). @default false */
  readonly consistent?: boolean;
}

/** Storage of registrations. */
export interface RegistrationRepository {
  /**
   * Stores a new registration, its (village, SK number) claim and its SUBMIT audit entry — all or
   * nothing — and, when given, its idempotency record. Reports a duplicate claim (then no record
   * is left either) or an idempotency key already taken. A taken key's record is returned as is:
   * when its `bodyHash` is the one given, its registration is stored (written now from the record
   * and `registration`'s input if an earlier request stopped before storing it), and the record's
   * response names it. The id stored (and in the record's response) keeps the given id's first
   * ten characters, its ULID time; the store may choose the rest.
   */
  create(registration: Registration, idempotency?: IdempotencyRecord): Promise<CreateRegistrationOutcome>;
  get(id: string, options?: GetRegistrationOptions): Promise<Registration | undefined>;
  /** The record stored under the SHA-256 of an Idempotency-Key. */
  getIdempotencyRecord(keyHash: string): Promise<IdempotencyRecord | undefined>;
}

/** A status change, applied only if the registration still has `from` and `expectedVersion`. */
export interface StatusChange {
  readonly id: string;
  readonly from: RegistrationStatus;
  readonly to: RegistrationStatus;
  readonly expectedVersion: number;
  readonly at: string;
  /** Attributes set along with the status (review facts); `null` removes one. */
  readonly set: Readonly<Record<string, unknown>>;
  readonly history: HistoryEntry;
}

/** Storage the review workflow needs. */
export interface RegistrationReviewRepository {
  get(id: string, options?: GetRegistrationOptions): Promise<Registration | undefined>;
  /**
   * Applies the change and appends its audit entry in one transaction. `conflict` when the
   * registration no longer has the expected status and version (someone else changed it).
   */
  changeStatus(change: StatusChange): Promise<'changed' | 'conflict'>;
}

/** Outcome of an atomic resubmission. */
export type ResubmitOutcome =
  | { readonly kind: 'resubmitted' }
  | { readonly kind: 'conflict' }
  | { readonly kind: 'duplicate'; readonly existingId: string };

/** Storage a resubmission needs. */
export interface RegistrationResubmissionRepository {
  get(id: string, options?: GetRegistrationOptions): Promise<Registration | undefined>;
  /**
   * Replaces `previous` by `next` if `previous` is still stored unchanged (same status and
   * version), appends `history`, and moves the (village, SK number) claim when it changed — all
   * or nothing. `duplicate` when the new claim belongs to another registration.
   */
  resubmit(previous: Registration, next: Registration, history: HistoryEntry): Promise<ResubmitOutcome>;
}

/** Storage a profile update needs. */
export interface RegistrationProfileRepository {
  get(id: string, options?: GetRegistrationOptions): Promise<Registration | undefined>;
  /**
   * The resubmission's write, for any status: replaces `previous` by `next` if `previous` is still
   * stored unchanged (same status and version), appends `history`, and moves the (village, SK
   * number) claim when it changed — all or nothing. `resubmitted` means written; `duplicate` when
   * the new claim belongs to another registration; `conflict` when someone changed it meanwhile.
   */
  replace(previous: Registration, next: Registration, history: HistoryEntry): Promise<ResubmitOutcome>;
}

/** The listing columns of a registration, as the region indexes hold them. */
export interface RegistrationSummary {
  readonly id: string;
  readonly name: string;
  readonly villageCode: string;
  readonly villageName: string;
  readonly districtCode: string;
  readonly status: RegistrationStatus;
  readonly submittedAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** Which registrations a listing reads: one region (any level), optionally one status. */
export interface RegistrationListQuery {
  readonly regionCode: string;
  readonly status?: RegistrationStatus | undefined;
  readonly limit: number;
  /** `oldest` first (submission order, as a review queue reads) or `newest` first. @default 'newest' */
  readonly order?: 'newest' | 'oldest';
  /** An opaque cursor from a previous page of the same query. */
  readonly cursor?: string | undefined;
}

export interface RegistrationPage {
  readonly items: RegistrationSummary[];
  /** Cursor of the next page, or null at the end. */
  readonly nextCursor: string | null;
}

/** A cursor that does not decode, or belongs to another query. */
export class InvalidCursorError extends Error {
  constructor() {
    super('Invalid cursor');
    this.name = 'InvalidCursorError';
  }
}

/** Read access for the admin API. */
export interface RegistrationQueryRepository {
  get(id: string, options?: GetRegistrationOptions): Promise<Registration | undefined>;
  /**
   * Registrations inside a region, newest first unless `order` says oldest, `limit` at most per page; throws
   * InvalidCursorError for a cursor this query did not hand out.
   */
  list(query: RegistrationListQuery): Promise<RegistrationPage>;
  /** The audit trail of a registration, oldest first. */
  listHistory(id: string): Promise<HistoryEntry[]>;
}
