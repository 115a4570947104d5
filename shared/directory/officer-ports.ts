import type { Officer } from './officer.js';

/** Outcome of a write that claims an (email, region) pair. */
export type OfficerWriteOutcome =
  | { readonly kind: 'written' }
  | { readonly kind: 'conflict' }
  | { readonly kind: 'duplicate'; readonly existingId: string };

export interface OfficerListQuery {
  readonly regionCode: string;
  /** Also officers of the regions inside `regionCode`. */
  readonly includeDescendants: boolean;
  readonly limit: number;
  /** An opaque cursor from a previous page of the same query. */
  readonly cursor?: string | undefined;
}

export interface OfficerPage {
  readonly items: Officer[];
  readonly nextCursor: string | null;
}

/** Storage of the PPID officer directory. */
export interface OfficerRepository {
  get(id: string, options?: { readonly consistent?: boolean }): Promise<Officer | undefined>;
  /** Stores a new officer and its (region, email) claim together; `duplicate` when the claim is taken. */
  create(officer: Officer): Promise<Exclude<OfficerWriteOutcome, { kind: 'conflict' }>>;
  /**
   * Replaces `previous` by `next` if `previous` is still stored unchanged (same version), moving
   * the claim when the email or region changed — all or nothing.
   */
  update(previous: Officer, next: Officer): Promise<OfficerWriteOutcome>;
  /** Removes the officer and its claim if it is still stored unchanged. */
  delete(officer: Officer): Promise<'deleted' | 'conflict'>;
  /**
   * Officers of a region (one Query per page, sorted by region code then id); throws
   * InvalidCursorError (registrations/ports) for a cursor this query did not hand out.
   */
  list(query: OfficerListQuery): Promise<OfficerPage>;
}
