import {
  SCHEDULED_TIME_INPUT,
  type ScheduleDefinition,
  type ScheduleName,
} from '../../../shared/platform/pipeline-settings.js';
import type { FunctionName } from '../../app-definition.js';
import { functionExists, loadFunction } from '../lambda/pipeline.js';
import { type LocalScheduler, startScheduler } from '../lambda/scheduler.js';

/**
 * The event a schedule's function gets: the target input the CDK stack gives every schedule
 * (`SCHEDULED_TIME_INPUT`), with the firing's scheduled time filled in as EventBridge Scheduler
 * fills `<aws.scheduler.scheduled-time>` (ISO 8601, to the second). Cron schedules fire on the
 * minute, so the scheduled time is the current minute.
 */
export const scheduledEvent = (firedAt: Date) => {
  const scheduled = new Date(firedAt);
  scheduled.setUTCSeconds(0, 0);
  return JSON.parse(
    SCHEDULED_TIME_INPUT.replace(
      '<aws.scheduler.scheduled-time>',
      scheduled.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ),
  ) as {
    scheduledTime: string;
  };
};

/** A schedule of the local stack; it runs only if its function exists. */
export interface LocalScheduleEntry {
  readonly name: string;
  readonly definition: ScheduleDefinition;
}

export interface LocalSchedules {
  readonly scheduler: LocalScheduler;
  readonly entries: readonly LocalScheduleEntry[];
}

export interface LocalSchedulesOptions {
  readonly root: string;
  readonly region: string;
  /** The schedules as deployed (see `resolveSchedules`). */
  readonly schedules: Readonly<Record<ScheduleName, ScheduleDefinition>>;
  /** Told about a run that threw, in one line; the schedule keeps going. */
  readonly log: (line: string) => void;
  /** Awaited after each run, before it counts as done (see `loadFunction`). */
  readonly settle?: () => Promise<void>;
}

/**
 * The local cron: each schedule whose function exists fires it at the times EventBridge
 * Scheduler would, in the same time zone, with the event the deployed schedule sends.
 */
export const startSchedules = async (options: LocalSchedulesOptions): Promise<LocalSchedules> => {
  const loaded = await Promise.all(
    Object.entries(options.schedules).map(async ([name, definition]) => {
      const fn = definition.function as FunctionName;
      const invoke = functionExists(options.root, fn)
        ? await loadFunction(options.root, fn, options.region, undefined, options.settle)
        : undefined;
      return { name, definition, invoke };
    }),
  );
  const scheduler = startScheduler({
    schedules: loaded.flatMap(({ name, definition, invoke }) =>
      invoke === undefined
        ? []
        : [
            {
              name,
              expression: definition.expression,
              timeZone: definition.timeZone,
              run: async () => {
                await invoke(scheduledEvent(new Date()));
              },
            },
          ],
    ),
    onError: (name, error) =>
      options.log(
        `[scheduler] ${name} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      ),
  });
  return {
    scheduler,
    entries: loaded.map(({ name, definition }) => ({ name, definition })),
  };
};
