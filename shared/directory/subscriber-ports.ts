import type { DigestSubscriber } from './subscriber.js';

export interface DigestSubscriberListQuery {
  readonly regionCode: string;
  /** Also subscribers of the regions inside `regionCode`. */
  readonly includeDescendants: boolean;
  readonly limit: number;
  /** An opaque cursor from a previous page of the same query. */
  readonly cursor?: string | undefined;
}

export interface DigestSubscriberPage {
  readonly items: DigestSubscriber[];
  readonly nextCursor: string | null;
}

/** Storage of the digest subscribers. */
export interface DigestSubscriberRepository {
  get(id: string, options?: { readonly consistent?: boolean }): Promise<DigestSubscriber | undefined>;
  /**
   * Stores a subscriber and its (region, email) claim together; `duplicate` names the subscriber
   * that holds the claim already.
   */
  create(
    subscriber: DigestSubscriber,
  ): Promise<{ readonly kind: 'written' } | { readonly kind: 'duplicate'; readonly existingId: string }>;
  /** Removes the subscriber and its claim; `missing` when it was gone already. */
  delete(subscriber: DigestSubscriber): Promise<'deleted' | 'missing'>;
  /**
   * Subscribers of a region (one Query per page, sorted by region code then id); throws
   * InvalidCursorError (registrations/ports) for a cursor this query did not hand out.
   */
  list(query: DigestSubscriberListQuery): Promise<DigestSubscriberPage>;
}
