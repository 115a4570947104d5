import {
  COUNTER_NAMES,
  type CountedRegistration,
  type CoverageCounters,
  type VillageCoverage,
} from './coverage.js';

/**
 * How coverage counter items are read back (layout in shared/platform/dynamodb/table.ts, `villageCoverage` and
 * `regionCoverage`); the one decoder the coverage writer, reader and digest adapters share.
 */

/** The region a coverage item counts, from its sort key: `COV#<village>` or `COV#<code>#<shard>`. */
export const coverageCodeOf = (sortKey: unknown): string =>
  String(sortKey).slice('COV#'.length).split('#')[0] ?? '';

/** The counters of one item; an absent or non-numeric counter is 0. */
export const countersOfItem = (item: Record<string, unknown>): CoverageCounters => {
  const counters: Record<string, number> = {};
  for (const name of COUNTER_NAMES) {
    const value = Number(item[name] ?? 0);
    counters[name] = Number.isFinite(value) ? value : 0;
  }
  return counters as unknown as CoverageCounters;
};

/** How a village item stores one counted registration: short keys, the item's size is billed. */
export interface StoredCountedRegistration {
  readonly s: CountedRegistration['status'];
  readonly v: number;
}

/** The registrations a village item counts, as the domain reads them. */
export const countedRegistrationsOf = (item: Record<string, unknown>): VillageCoverage['registrations'] => {
  const stored = (item.registrations ?? {}) as Record<string, Partial<StoredCountedRegistration> | undefined>;
  const registrations: Record<string, CountedRegistration> = {};
  for (const [id, entry] of Object.entries(stored)) {
    registrations[id] = { status: entry?.s ?? null, version: Number(entry?.v ?? 0) };
  }
  return registrations;
};

/** The map a village item stores, from the domain's counted registrations. */
export const storedRegistrations = (
  registrations: VillageCoverage['registrations'],
): Record<string, StoredCountedRegistration> =>
  Object.fromEntries(
    Object.entries(registrations).map(([id, state]) => [id, { s: state.status, v: state.version }]),
  );
