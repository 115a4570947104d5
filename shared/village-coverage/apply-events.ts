import type { RegistrationEvent } from '../events/registration-event.js';
import { chunkEvents, planCoverage } from './plan.js';
import type { CoverageRepository } from './ports.js';

export interface ApplyCoverageDeps {
  readonly coverage: CoverageRepository;
  /** Attempts per group when another consumer changed one of its villages meanwhile. @default 8 */
  readonly maxAttempts?: number;
  /** Waits between those attempts. @default jittered exponential from 10 ms */
  readonly backoff?: (attempt: number) => Promise<void>;
  /** Items (villages and region counters) per transaction. @default 40 */
  readonly maxItemsPerTransaction?: number;
  /** @default Math.random */
  readonly random?: () => number;
}

/**
 * Items per coverage transaction. DynamoDB allows 100; smaller groups mean a conflict with a
 * concurrent consumer cancels less work, while a group still shares its district, regency,
 * province and country counters among many villages' events.
 */
export const MAX_ITEMS_PER_TRANSACTION = 40;

export interface ApplyCoverageResult {
  readonly applied: number;
  readonly stale: number;
  /** Events whose group could not be written; the caller reports them as failed so they come back. */
  readonly failed: ReadonlyArray<{ readonly event: RegistrationEvent; readonly error: unknown }>;
  /** Transactions committed. */
  readonly transactions: number;
}

const defaultBackoff = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, 5 * 2 ** (attempt - 1) * Math.random()));

/** A group kept conflicting with concurrent writers beyond the attempts allowed. */
export class CoverageContentionError extends Error {
  override readonly name = 'CoverageContentionError';
}

/**
 * Applies registration events to the coverage counters, each exactly once in effect: events are
 * grouped into transactions of at most `MAX_ITEMS_PER_TRANSACTION` items, each group planned
 * against the villages as read and committed only if none of them changed meanwhile (otherwise the
 * changed villages are re-read and the group re-planned).
 * Stale and repeated events change nothing (see `planCoverage`). A group that fails leaves the
 * other groups applied and is reported in `failed`.
 */
export const applyCoverageEvents = async (
  events: readonly RegistrationEvent[],
  deps: ApplyCoverageDeps,
): Promise<ApplyCoverageResult> => {
  const maxAttempts = deps.maxAttempts ?? 8;
  const backoff = deps.backoff ?? defaultBackoff;
  let applied = 0;
  let stale = 0;
  let transactions = 0;
  const failed: Array<{ event: RegistrationEvent; error: unknown }> = [];

  const groups = chunkEvents(events, deps.maxItemsPerTransaction ?? MAX_ITEMS_PER_TRANSACTION);
  // Each consumer starts at a random group, so concurrent consumers rarely work on the same
  // villages at the same moment.
  const start = Math.floor((deps.random ?? Math.random)() * groups.length);
  for (const group of [...groups.slice(start), ...groups.slice(0, start)]) {
    try {
      const villageCodes = [
        ...new Set(group.flatMap((event) => [event.villageCode, event.oldVillageCode ?? event.villageCode])),
      ];
      const villages = await deps.coverage.getVillages(villageCodes);
      for (let attempt = 1; ; attempt++) {
        const plan = planCoverage(group, villages);
        if (plan.villages.length === 0) {
          stale += plan.stale.length;
          break;
        }
        const outcome = await deps.coverage.commit(plan);
        if (outcome === 'committed') {
          applied += plan.applied.length;
          stale += plan.stale.length;
          transactions += 1;
          break;
        }
        if (attempt >= maxAttempts) {
          throw new CoverageContentionError(`Coverage villages kept changing after ${attempt} attempts`);
        }
        await backoff(attempt);
        // Only the villages another consumer changed need reading again; the rest are as read.
        const reread = await deps.coverage.getVillages(outcome.changedVillages);
        for (const code of outcome.changedVillages) {
          const village = reread.get(code);
          if (village) villages.set(code, village);
          else villages.delete(code);
        }
      }
    } catch (error) {
      for (const event of group) failed.push({ event, error });
    }
  }
  return { applied, stale, failed, transactions };
};
