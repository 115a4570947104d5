import type { Principal } from '../auth/principal.js';
import { type AdminQueryDeps, listRegistrations, PAGE_LIMIT } from '../registrations/admin-queries.js';
import type { RegistrationSummary } from '../registrations/ports.js';
import { REGISTRATION_STATUSES, type RegistrationStatus } from '../registrations/schema.js';

/** The queue's rows per page. */
export const QUEUE_PAGE_SIZE = 20;
/** Listing pages one search may read before it answers what it found with a cursor to go on. */
const MAX_SEARCH_READS = 10;

/** The status filter: one status, or every status. */
export type QueueStatus = RegistrationStatus | 'ALL';

/** What the queue shows: the officer's region or a district or village inside it, a status, a name. */
export interface QueueFilter {
  /** A region code inside the officer's region; undefined for the whole of it. */
  readonly region: string | undefined;
  /** @default 'SUBMITTED': the queue is what awaits verification */
  readonly status: QueueStatus;
  /** Part of the KIM name, any case; empty for no search. */
  readonly search: string;
  readonly cursor: string | undefined;
}

export interface QueuePage {
  readonly items: readonly RegistrationSummary[];
  readonly nextCursor: string | null;
}

/** The queue filter from a page's query string; anything unknown is the default. */
export const queueFilterOf = (query: Readonly<Record<string, string | undefined>>): QueueFilter => {
  const status = query.status;
  return {
    region: query.wilayah?.trim() || undefined,
    status:
      status === 'ALL' || (REGISTRATION_STATUSES as readonly string[]).includes(status ?? '')
        ? (status as QueueStatus)
        : 'SUBMITTED',
    search: (query.q ?? '').trim().slice(0, 120),
    cursor: query.cursor?.trim() || undefined,
  };
};

const folded = (value: string) => value.normalize('NFKC').toLocaleLowerCase('id-ID');

/**
 * One page of the review queue of the principal's region, oldest first, through the same listing
 * use case as GET /admin/registrations (region indexes, never a Scan; a region outside the
 * principal's is 403 there). A name search reads listing pages and keeps the rows whose name holds
 * the words, in any case, until it has a page or has read MAX_SEARCH_READS pages; the cursor then
 * goes on from where it stopped.
 */
export const readQueue = async (
  deps: AdminQueryDeps,
  principal: Principal,
  filter: QueueFilter,
): Promise<QueuePage> => {
  const query = {
    ...(filter.region === undefined ? {} : { region: filter.region }),
    ...(filter.status === 'ALL' ? {} : { status: filter.status }),
  };
  if (filter.search === '') {
    return listRegistrations(
      deps,
      principal,
      { ...query, limit: String(QUEUE_PAGE_SIZE), ...(filter.cursor ? { cursor: filter.cursor } : {}) },
      { order: 'oldest' },
    );
  }
  const wanted = folded(filter.search);
  const found: RegistrationSummary[] = [];
  let cursor = filter.cursor;
  for (let reads = 0; reads < MAX_SEARCH_READS; reads++) {
    const page = await listRegistrations(
      deps,
      principal,
      { ...query, limit: String(PAGE_LIMIT.max), ...(cursor ? { cursor } : {}) },
      { order: 'oldest' },
    );
    found.push(...page.items.filter((item) => folded(item.name).includes(wanted)));
    if (page.nextCursor === null) return { items: found, nextCursor: null };
    cursor = page.nextCursor;
    if (found.length >= QUEUE_PAGE_SIZE) break;
  }
  return { items: found, nextCursor: cursor ?? null };
};
