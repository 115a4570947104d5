import { nextRun as nextCronRun, parseCron } from '../../../shared/platform/scheduling/cron.js';

/** One local schedule: the same expression and time zone the EventBridge Scheduler schedule has. */
export interface LocalSchedule {
  readonly name: string;
  /** `cron(minutes hours day-of-month month day-of-week year)`. */
  readonly expression: string;
  /** IANA time zone the expression is read in. */
  readonly timeZone: string;
  readonly run: () => Promise<void>;
}

export interface SchedulerOptions {
  readonly schedules: readonly LocalSchedule[];
  /** Told about a run that threw; the schedule keeps going. */
  readonly onError: (name: string, error: unknown) => void;
}

export interface LocalScheduler {
  stop(): void;
  /** When the schedule fires next; undefined for an unknown name, a stopped scheduler or an expression that never fires again. */
  nextRun(name: string): Date | undefined;
}

/** setTimeout's largest delay (about 24.8 days); longer waits are taken in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Starts a cron for each schedule, firing at the times EventBridge Scheduler would. Every
 * expression is parsed up front, so a bad one fails the start with a message naming it.
 */
export const startScheduler = (options: SchedulerOptions): LocalScheduler => {
  const names = new Set<string>();
  const parsed = options.schedules.map((schedule) => {
    if (names.has(schedule.name)) throw new Error(`Two schedules are named ${schedule.name}`);
    names.add(schedule.name);
    return { ...schedule, cron: parseCron(schedule.expression) };
  });
  // Fail on an unknown time zone at start too.
  for (const schedule of parsed) nextCronRun(schedule.cron, schedule.timeZone, new Date());

  let stopped = false;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const upcoming = new Map<string, Date>();

  const arm = (schedule: (typeof parsed)[number], after: Date) => {
    const due = nextCronRun(schedule.cron, schedule.timeZone, after);
    if (due === undefined) {
      upcoming.delete(schedule.name);
      return;
    }
    upcoming.set(schedule.name, due);
    const wait = () => {
      if (stopped) return;
      const remaining = due.getTime() - Date.now();
      if (remaining > 0) {
        timers.set(schedule.name, setTimeout(wait, Math.min(remaining, MAX_TIMEOUT_MS)));
        return;
      }
      // The next time is counted from this one, so a late timer neither skips nor repeats a run.
      arm(schedule, due);
      Promise.resolve()
        .then(() => schedule.run())
        .catch((error: unknown) => options.onError(schedule.name, error));
    };
    wait();
  };

  for (const schedule of parsed) arm(schedule, new Date());

  return {
    stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      upcoming.clear();
    },
    nextRun(name: string) {
      return stopped ? undefined : upcoming.get(name);
    },
  };
};
