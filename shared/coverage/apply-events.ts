import type { RegistrationEvent } from '../events/registration-event.js';
import { chunkEvents, planCoverage } from './plan.js';
import type { CoverageRepository } from './ports.js';

export interface ApplyCoverageDeps {
  readonly coverage: CoverageRepository;
  /** Attempts per group when another consumer changed one of its villages meanwhile. @default 8 */
  readonly maxAttempts?: number;
  /** Waits between those attempts. @default jittered exponential from 10 ms */
  readonly backoff?: (attempt: number) => Promise<void>;
}

export interface ApplyCoverageResult {
  readonly applied: number;
  readonly stale: number;
  /** Events whose group could not be written; the caller reports them as failed so they come back. */
  readonly failed: ReadonlyArray<{ readonly event: RegistrationEvent; readonly error: unknown }>;
  /** Transactions committed. */
  readonly transactions: number;
}

const defaultBackoff = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, 10 * 2 ** (attempt - 1) * (0.5 + Math.random())));

/** A group kept conflicting with concurrent writers beyond the attempts allowed. */
export class CoverageContentionError extends Error {
  override readonly name = 'CoverageContentionError';
}

/**
 * Applies registration events to the coverage counters, each exactly once in effect: events are
 * grouped into transactions of at most 100 items, each group planned against the villages as
 * read and committed only if none of them changed meanwhile (otherwise re-read and re-planned).
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

  for (const group of chunkEvents(events)) {
    try {
      const villageCodes = [
        ...new Set(group.flatMap((event) => [event.villageCode, event.oldVillageCode ?? event.villageCode])),
      ];
      for (let attempt = 1; ; attempt++) {
        const villages = await deps.coverage.getVillages(villageCodes);
        const plan = planCoverage(group, villages);
        if (plan.villages.length === 0) {
          stale += plan.stale.length;
          break;
        }
        if ((await deps.coverage.commit(plan)) === 'committed') {
          applied += plan.applied.length;
          stale += plan.stale.length;
          transactions += 1;
          break;
        }
        if (attempt >= maxAttempts) {
          throw new CoverageContentionError(`Coverage villages kept changing after ${attempt} attempts`);
        }
        await backoff(attempt);
      }
    } catch (error) {
      for (const event of group) failed.push({ event, error });
    }
  }
  return { applied, stale, failed, transactions };
};
