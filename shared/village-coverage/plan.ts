import type { RegistrationEvent } from '../events/registration-event.js';
import { lineageOf } from '../platform/region-codes.js';
import {
  addCounters,
  type CountedRegistration,
  type CoverageCounters,
  subtractCounters,
  type VillageCoverage,
  villageCounters,
  ZERO_COUNTERS,
} from './coverage.js';

/** A village's coverage as read, with the revision its conditional write must still find. */
export interface StoredVillage {
  readonly coverage: VillageCoverage;
  /** The item's revision; undefined when the village has no coverage item yet. */
  readonly rev: number | undefined;
}

/** A village whose coverage a plan changes: the write is conditional on `rev` being unchanged. */
export interface VillageWrite {
  readonly before: StoredVillage;
  readonly after: VillageCoverage;
}

/**
 * What one coverage transaction writes: the changed villages (each conditional on its revision)
 * and, for every region above them, what to add to its counters. A region is listed whenever one
 * of its villages changes, even when its delta is zero, so its revision moves with every change
 * below it (the rebuild relies on that to repair a region without racing the consumers).
 */
export interface CoveragePlan {
  readonly villages: readonly VillageWrite[];
  /** District, regency, province and country codes → the counters to add. */
  readonly regionDeltas: ReadonlyMap<string, CoverageCounters>;
  /** Events that changed something. */
  readonly applied: readonly RegistrationEvent[];
  /** Events already counted, or older than what is counted: duplicates and late arrivals. */
  readonly stale: readonly RegistrationEvent[];
}

/** The code of the district a village lies in. */
export const districtOf = (villageCode: string): string => villageCode.split('.').slice(0, 3).join('.');

/** The regions above a village that keep counters: district, regency, province, country. */
export const regionsAbove = (villageCode: string): string[] => lineageOf(villageCode).slice(1);

const emptyVillage = (code: string): StoredVillage => ({
  coverage: { code, districtCode: districtOf(code), registrations: {} },
  rev: undefined,
});

/**
 * Counts one registration state into a village when it is newer than what the village counted
 * for that registration. Returns the new registrations map, or undefined when the state is stale.
 */
const countState = (
  registrations: Readonly<Record<string, CountedRegistration>>,
  registrationId: string,
  state: CountedRegistration,
): Readonly<Record<string, CountedRegistration>> | undefined => {
  const counted = registrations[registrationId];
  if (counted !== undefined && counted.version >= state.version) return undefined;
  return { ...registrations, [registrationId]: state };
};

/**
 * Plans the coverage writes of a set of events against the villages as read.
 *
 * Each village keeps, per registration, the status and version it counted. An event is applied
 * to a village only when its version is newer than the one counted there, so a repeated delivery
 * or an event overtaken by a later one changes nothing, and the final counts depend only on the
 * latest version of each registration: exact under duplicates and any order of delivery. A
 * registration that moved out of a village leaves a tombstone (status null) at the version of
 * the move, so a late event from before the move cannot count it there again.
 *
 * `villages` must hold every village the events name (as new or old village); absent ones are
 * treated as having no coverage item yet.
 */
export const planCoverage = (
  events: readonly RegistrationEvent[],
  villages: ReadonlyMap<string, StoredVillage>,
): CoveragePlan => {
  const current = new Map<string, VillageCoverage>();
  const read = (code: string): StoredVillage => villages.get(code) ?? emptyVillage(code);
  const coverageOf = (code: string): VillageCoverage => current.get(code) ?? read(code).coverage;

  const applied: RegistrationEvent[] = [];
  const stale: RegistrationEvent[] = [];
  for (const event of events) {
    let changed = false;
    const target = coverageOf(event.villageCode);
    const counted = countState(target.registrations, event.registrationId, {
      status: event.newStatus,
      version: event.version,
    });
    if (counted) {
      current.set(event.villageCode, { ...target, registrations: counted });
      changed = true;
    }
    if (event.oldVillageCode !== null && event.oldVillageCode !== event.villageCode) {
      const source = coverageOf(event.oldVillageCode);
      const left = countState(source.registrations, event.registrationId, {
        status: null,
        version: event.version,
      });
      if (left) {
        current.set(event.oldVillageCode, { ...source, registrations: left });
        changed = true;
      }
    }
    (changed ? applied : stale).push(event);
  }

  const writes: VillageWrite[] = [];
  const regionDeltas = new Map<string, CoverageCounters>();
  for (const [code, after] of current) {
    const before = read(code);
    writes.push({ before, after });
    const delta = subtractCounters(
      villageCounters(after.registrations),
      villageCounters(before.coverage.registrations),
    );
    for (const region of regionsAbove(code)) {
      regionDeltas.set(region, addCounters(regionDeltas.get(region) ?? ZERO_COUNTERS, delta));
    }
  }
  return { villages: writes, regionDeltas, applied, stale };
};

/** The items a plan for these events may write: each village named and every region above. */
export const itemsTouched = (events: readonly RegistrationEvent[]): Set<string> => {
  const items = new Set<string>();
  for (const event of events) {
    for (const village of [event.villageCode, event.oldVillageCode]) {
      if (village === null) continue;
      items.add(village);
      for (const region of regionsAbove(village)) items.add(region);
    }
  }
  return items;
};

/**
 * Splits events into groups whose transaction stays within `maxItems` actions (DynamoDB allows
 * 100 per TransactWriteItems). Events are grouped by village first, so neighbours share their
 * region counters and a batch costs as few writes as it can.
 */
export const chunkEvents = (events: readonly RegistrationEvent[], maxItems = 100): RegistrationEvent[][] => {
  const sorted = [...events].sort((a, b) =>
    a.villageCode < b.villageCode ? -1 : a.villageCode > b.villageCode ? 1 : 0,
  );
  const chunks: RegistrationEvent[][] = [];
  let chunk: RegistrationEvent[] = [];
  let items = new Set<string>();
  for (const event of sorted) {
    const next = new Set([...items, ...itemsTouched([event])]);
    if (chunk.length > 0 && next.size > maxItems) {
      chunks.push(chunk);
      chunk = [event];
      items = itemsTouched([event]);
    } else {
      chunk.push(event);
      items = next;
    }
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
};
