/**
 * What every entry of a region directory has: the PPID officers and the digest subscribers are
 * both addresses filed under a region, one per (region, address).
 */
export interface DirectoryEntry {
  readonly id: string;
  /** Trimmed and lower-cased: the uniqueness key within a region. Personal data: never logged. */
  readonly email: string;
  readonly regionCode: string;
}

export interface DirectoryListQuery {
  readonly regionCode: string;
  /** Also the entries of the regions inside `regionCode`. */
  readonly includeDescendants: boolean;
  readonly limit: number;
  /** An opaque cursor from a previous page of the same query. */
  readonly cursor?: string | undefined;
}

export interface DirectoryPage<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** Outcome of a write that claims a (region, address) pair. */
export type DirectoryWriteOutcome =
  | { readonly kind: 'written' }
  /** The entry is gone or changed since it was read. */
  | { readonly kind: 'conflict' }
  /** Another entry holds the pair. */
  | { readonly kind: 'duplicate'; readonly existingId: string };

/** Storage of one region directory: entries with their (region, address) claims. */
export interface RegionDirectoryRepository<T extends DirectoryEntry> {
  get(id: string, options?: { readonly consistent?: boolean }): Promise<T | undefined>;
  /** Stores a new entry and its claim together; `duplicate` names the entry that holds the claim already. */
  create(entry: T): Promise<Exclude<DirectoryWriteOutcome, { kind: 'conflict' }>>;
  /** Removes the entry and its claim if the entry is still stored as read; `conflict` when it changed or is gone. */
  delete(entry: T): Promise<'deleted' | 'conflict'>;
  /**
   * Entries of a region (one Query per page, sorted by region code then id); throws
   * InvalidCursorError (registrations/ports) for a cursor this query did not hand out.
   */
  list(query: DirectoryListQuery): Promise<DirectoryPage<T>>;
}

/** A region directory whose entries change in place, guarded by their `version`. */
export interface EditableRegionDirectory<T extends DirectoryEntry & { readonly version: number }>
  extends RegionDirectoryRepository<T> {
  /**
   * Replaces `previous` by `next` if `previous` is still stored unchanged (same version), moving
   * the claim when the address or region changed — all or nothing.
   */
  update(previous: T, next: T): Promise<DirectoryWriteOutcome>;
}
