import { type QueueName, queueDefinitions } from '../../../shared/platform/pipeline-settings.js';
import type { RegionRecord } from '../../../shared/regions/master-data.js';
import type { LocalQueues } from '../lambda/pipeline.js';
import type { LocalScheduler } from '../lambda/scheduler.js';
import type { LocalScheduleEntry } from './schedules.js';

/** The deployment scope as seeded. */
export interface ScopeSummary {
  readonly code: string;
  readonly name: string;
  readonly regions: number;
  readonly districts: number;
  readonly villages: number;
  /** Region items the seed had to write (0 on a restart with the data kept). */
  readonly written: number;
  readonly seedMs: number;
}

/** A queue of the pipeline: its URL, its DLQ's URL, and whether its consumer is polled. */
export interface QueueSummary {
  readonly url: string;
  readonly dlqUrl: string;
  readonly consumer: string;
  readonly polled: boolean;
}

/** A schedule, when it fires next, and the function it runs. */
export interface ScheduleSummary {
  readonly name: string;
  readonly function: string;
  readonly expression: string;
  readonly timeZone: string;
  /** Undefined when it is not run (its function is missing). */
  readonly nextRun: Date | undefined;
}

/** The scope's name and how many regions, districts and villages it has. */
export const scopeSummary = (
  scopeCode: string,
  regions: readonly RegionRecord[],
  seed: { readonly written: number; readonly seedMs: number },
): ScopeSummary => {
  const scopeRegion = regions.find((region) => region.code === scopeCode);
  const count = (level: RegionRecord['level']) => regions.filter((region) => region.level === level).length;
  return {
    code: scopeCode,
    name: scopeRegion?.name ?? 'Indonesia',
    regions: regions.length,
    districts: count('district'),
    villages: scopeRegion?.villageCount ?? count('village'),
    written: seed.written,
    seedMs: seed.seedMs,
  };
};

/** Each queue of the pipeline settings as the local SQS has it. */
export const queuesSummary = (
  queues: LocalQueues,
  polled: readonly string[],
): Readonly<Record<QueueName, QueueSummary>> =>
  Object.fromEntries(
    (Object.keys(queueDefinitions) as QueueName[]).map((name) => [
      name,
      {
        url: queues.queues[name].url,
        dlqUrl: queues.queues[name].dlq.url,
        consumer: queueDefinitions[name].consumer,
        polled: polled.includes(name),
      },
    ]),
  ) as Record<QueueName, QueueSummary>;

/** Each schedule with its next firing, as the local cron has it now. */
export const schedulesSummary = (
  entries: readonly LocalScheduleEntry[],
  scheduler: LocalScheduler,
): ScheduleSummary[] =>
  entries.map(({ name, definition }) => ({
    name,
    function: definition.function,
    expression: definition.expression,
    timeZone: definition.timeZone,
    nextRun: scheduler.nextRun(name),
  }));
