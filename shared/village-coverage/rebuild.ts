import { levelOf, parentOf, REGION_LEVELS, type RegionLevel } from '../platform/region-codes.js';
import {
  addCounters,
  type CountedRegistration,
  type CoverageCounters,
  isZero,
  subtractCounters,
  type VillageCoverage,
  villageCounters,
  ZERO_COUNTERS,
} from './coverage.js';
import { type CoveragePlan, districtOf, regionsAbove, type StoredVillage } from './plan.js';
import type { CoverageRebuildRepository, RegistrationState, RegistrationStateSource } from './ports.js';

/**
 * How long a rebuild leaves a registration's latest change to the pipeline on AWS: the coverage
 * queue redelivers an event until its maxReceiveCount (5) receives are spent, each after the
 * visibility timeout (180 s), so an event can still arrive 5 × 180 s = 15 minutes after the
 * change. Counting such a registration earlier would report drift that is not there.
 */
export const PIPELINE_GRACE_MS = 15 * 60 * 1000;

export interface RebuildCoverageDeps {
  readonly coverage: CoverageRebuildRepository;
  readonly registrations: RegistrationStateSource;
  readonly now: () => Date;
  /**
   * Registrations changed this recently are left to the pipeline: their events may still be on
   * the way, and counting them here would report drift that is not there.
   * @default PIPELINE_GRACE_MS (15 minutes)
   */
  readonly graceMs?: number;
  /** Attempts per item when a consumer changes it meanwhile. @default 10 */
  readonly maxAttempts?: number;
}

/** One region whose counters the rebuild corrected, and by how much (expected − stored). */
export interface RegionDrift {
  readonly code: string;
  readonly level: RegionLevel;
  readonly drift: CoverageCounters;
}

export interface RebuildReport {
  readonly regionCode: string;
  /** Villages and regions above them whose counters were compared with a recount. */
  readonly regionsChecked: number;
  readonly regionsDrifted: number;
  readonly details: readonly RegionDrift[];
  /** Registrations changed within the grace period, left to the pipeline. */
  readonly registrationsInFlight: number;
  readonly registrationsCounted: number;
}

/** The rebuild kept losing races with the consumers on one item. */
export class RebuildContentionError extends Error {
  override readonly name = 'RebuildContentionError';
}

const sameRegistrations = (
  a: Readonly<Record<string, CountedRegistration>>,
  b: Readonly<Record<string, CountedRegistration>>,
): boolean => {
  const ids = Object.keys(a);
  return (
    ids.length === Object.keys(b).length &&
    ids.every((id) => a[id]?.status === b[id]?.status && a[id]?.version === b[id]?.version)
  );
};

/**
 * What a village should count: each registration at its latest version in the village it is in.
 * Only newer information replaces what the village counted, so an index that lags behind never
 * undoes the pipeline's work.
 */
const targetRegistrations = async (
  stored: VillageCoverage,
  here: readonly RegistrationState[],
  elsewhere: (id: string) => Promise<RegistrationState | undefined | 'in-flight'>,
): Promise<Record<string, CountedRegistration>> => {
  const target: Record<string, CountedRegistration> = { ...stored.registrations };
  const present = new Set<string>();
  for (const registration of here) {
    present.add(registration.id);
    const counted = target[registration.id];
    if (counted === undefined || counted.version < registration.version) {
      target[registration.id] = { status: registration.status, version: registration.version };
    }
  }
  for (const [id, counted] of Object.entries(stored.registrations)) {
    if (present.has(id) || counted.status === null) continue;
    // Counted here, but the recount did not find it here: it moved, or it does not exist.
    const actual = await elsewhere(id);
    if (actual === 'in-flight') continue;
    if (actual === undefined) {
      target[id] = { status: null, version: counted.version };
    } else if (actual.villageCode !== stored.code && actual.version >= counted.version) {
      target[id] = { status: null, version: actual.version };
    }
  }
  return target;
};

/**
 * Recomputes the coverage counters of `regionCode` (a district or larger) from the registrations,
 * repairs every difference and reports it.
 *
 * Villages are rebuilt from the registrations, each with a conditional write plus the same change
 * to every region above it, exactly like the consumer. Then every region from the districts up
 * to the country is compared with the sum of its children and corrected, on the condition that
 * none of its shards changed since it was read: every consumer write below a region also writes
 * that region, so a correction can never undo or double a concurrent event. Registrations changed
 * within the grace period are left to the pipeline.
 */
export const rebuildCoverage = async (
  regionCode: string,
  deps: RebuildCoverageDeps,
): Promise<RebuildReport> => {
  const maxAttempts = deps.maxAttempts ?? 10;
  const graceMs = deps.graceMs ?? PIPELINE_GRACE_MS;
  const cutoff = deps.now().getTime() - graceMs;
  const drifts = new Map<string, CoverageCounters>();
  const addDrift = (code: string, delta: CoverageCounters) => {
    if (!isZero(delta)) drifts.set(code, addCounters(drifts.get(code) ?? ZERO_COUNTERS, delta));
  };

  // 1. The registrations, by village; the recent ones are left to the pipeline.
  const byVillage = new Map<string, RegistrationState[]>();
  const inFlight = new Set<string>();
  let counted = 0;
  for await (const registration of deps.registrations.listRegistrationStates(regionCode)) {
    if (Date.parse(registration.updatedAt) > cutoff) {
      inFlight.add(registration.id);
      continue;
    }
    counted += 1;
    const list = byVillage.get(registration.villageCode) ?? [];
    list.push(registration);
    byVillage.set(registration.villageCode, list);
  }

  // 2. The districts to rebuild: those with registrations and those with counters.
  const districts = new Set([...byVillage.keys()].map(districtOf));
  const walk = async (code: string): Promise<void> => {
    if (levelOf(code) === 'district') {
      districts.add(code);
      return;
    }
    for (const child of (await deps.coverage.getChildCounters(code)).keys()) await walk(child);
  };
  await walk(regionCode);

  const elsewhere = async (id: string) => {
    if (inFlight.has(id)) return 'in-flight' as const;
    const actual = await deps.registrations.getRegistrationState(id);
    return actual !== undefined && Date.parse(actual.updatedAt) > cutoff ? ('in-flight' as const) : actual;
  };

  // 3. Villages, district by district.
  let villagesChecked = 0;
  for (const district of [...districts].sort()) {
    const stored = await deps.coverage.getDistrictVillages(district);
    const villageCodes = new Set([
      ...stored.keys(),
      ...[...byVillage.keys()].filter((code) => districtOf(code) === district),
    ]);
    for (const code of [...villageCodes].sort()) {
      villagesChecked += 1;
      let current: StoredVillage = stored.get(code) ?? {
        coverage: { code, districtCode: district, registrations: {} },
        rev: undefined,
      };
      for (let attempt = 1; ; attempt++) {
        const target = await targetRegistrations(current.coverage, byVillage.get(code) ?? [], elsewhere);
        if (sameRegistrations(current.coverage.registrations, target)) break;
        const delta = subtractCounters(
          villageCounters(target),
          villageCounters(current.coverage.registrations),
        );
        const plan: CoveragePlan = {
          villages: [{ before: current, after: { ...current.coverage, registrations: target } }],
          regionDeltas: new Map(regionsAbove(code).map((region) => [region, delta])),
          applied: [],
          stale: [],
        };
        if ((await deps.coverage.commit(plan)) === 'committed') {
          addDrift(code, delta);
          for (const region of regionsAbove(code)) addDrift(region, delta);
          break;
        }
        if (attempt >= maxAttempts) throw new RebuildContentionError(`Village ${code} kept changing`);
        const reread = (await deps.coverage.getVillages([code])).get(code);
        if (reread === undefined)
          throw new RebuildContentionError(`Village ${code} vanished while rebuilding`);
        current = reread;
      }
    }
  }

  // 4. Every region from the districts up, against the sum of its children.
  const regions = new Set<string>();
  for (const district of districts) {
    for (let code: string | undefined = district; code !== undefined; code = parentOf(code))
      regions.add(code);
  }
  // Deepest first: a region is checked against children that are already right.
  const ordered = [...regions].sort(
    (a, b) => REGION_LEVELS.indexOf(levelOf(b)) - REGION_LEVELS.indexOf(levelOf(a)) || a.localeCompare(b),
  );
  for (const code of ordered) {
    for (let attempt = 1; ; attempt++) {
      // The region first, then its children: any consumer write in between moves the region's revision.
      const stored = await deps.coverage.getRegionCounters(code);
      let expected = ZERO_COUNTERS;
      for (const child of (await deps.coverage.getChildCounters(code)).values()) {
        expected = addCounters(expected, child);
      }
      const correction = subtractCounters(expected, stored.counters);
      if (isZero(correction)) break;
      if ((await deps.coverage.correctRegion(stored, correction)) === 'committed') {
        addDrift(code, correction);
        break;
      }
      if (attempt >= maxAttempts) throw new RebuildContentionError(`Region ${code} kept changing`);
    }
  }

  const details = [...drifts]
    .map(([code, drift]) => ({ code, level: levelOf(code), drift }))
    .sort(
      (a, b) =>
        REGION_LEVELS.indexOf(a.level) - REGION_LEVELS.indexOf(b.level) || a.code.localeCompare(b.code),
    );
  return {
    regionCode,
    regionsChecked: villagesChecked + regions.size,
    regionsDrifted: details.length,
    details,
    registrationsInFlight: inFlight.size,
    registrationsCounted: counted,
  };
};
