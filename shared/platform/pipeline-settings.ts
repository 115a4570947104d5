/**
 * The one table of event-pipeline settings: the table stream's event source, the queues with
 * their consumers, and the schedules. The CDK stacks build the event source mappings, queues and
 * schedules from it; the local runtime's pollers and cron play them from the same values, so what
 * runs on `npm start` is what is deployed.
 */

/** How a function reads the table's stream (a Lambda event source mapping on AWS). */
export interface StreamSourceDefinition {
  /** Key into `functionDefinitions`. */
  readonly function: string;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  /** Retries of a failing batch before its records go to the on-failure destination. */
  readonly retryAttempts: number;
  readonly maxRecordAgeSeconds: number;
  readonly bisectBatchOnError: boolean;
  readonly parallelizationFactor: number;
  /**
   * Lambda event filter: only records whose keys match reach the function. Registrations are the
   * items with `SK = REG` (see `keys.registration`); the rare claim item at a registration slot
   * (`type` SK_CLAIM) passes too and is skipped by the function. An award round's published
   * result is the item with `SK = RESULT` (see `keys.awardResult`): its insertion is the
   * publication the winners are emailed about.
   */
  readonly filterPattern: Record<string, unknown>;
}

/** A queue, its dead-letter queue, and the function that consumes it. */
export interface QueueDefinition {
  /** Key into `functionDefinitions`. */
  readonly consumer: string;
  /** Records per invocation; above 10 needs a batching window (Lambda's rule). */
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  /** Lambda's `ScalingConfig.MaximumConcurrency` (2–1000). */
  readonly maximumConcurrency: number;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** Must be at least 6× the consumer's timeout (AWS guidance for Lambda consumers). */
  readonly visibilityTimeoutSeconds: number;
  readonly retentionDays: number;
  /** The dead-letter queue keeps messages this long: long enough for someone to look. */
  readonly deadLetterRetentionDays: number;
}

/** A cron schedule (EventBridge Scheduler on AWS, a local cron in `npm start`). */
export interface ScheduleDefinition {
  /** Key into `functionDefinitions`. */
  readonly function: string;
  /** EventBridge Scheduler cron expression: `cron(minutes hours day-of-month month day-of-week year)`. */
  readonly expression: string;
  /** IANA time zone the expression is read in. */
  readonly timeZone: string;
  readonly description: string;
}

/**
 * The application's own CloudWatch metrics (Powertools Metrics, embedded metric format): the
 * namespace, and the names the functions publish and the alarms watch.
 */
export const applicationMetrics = {
  namespace: 'KimRegistry',
  /** Regions whose counters the weekly rebuild found drifted from the registrations (and repaired); alarmed above 0. */
  coverageDriftRegions: 'CoverageDriftRegions',
  /** Regions the weekly rebuild checked. */
  coverageRegionsChecked: 'CoverageRegionsChecked',
} as const;

/** Consumer timeouts, in seconds; the queues' visibility timeouts derive from them. */
export const consumerTimeoutSeconds = {
  fanOut: 30,
  applyCoverage: 30,
  notify: 30,
} as const;

export const streamSource = {
  function: 'fanOut',
  batchSize: 100,
  maxBatchingWindowSeconds: 1,
  retryAttempts: 10,
  maxRecordAgeSeconds: 3600,
  bisectBatchOnError: true,
  parallelizationFactor: 1,
  filterPattern: { dynamodb: { Keys: { SK: { S: ['REG', 'RESULT'] } } } },
} as const satisfies StreamSourceDefinition;

export const queueDefinitions = {
  coverage: {
    consumer: 'applyCoverage',
    // Large batches amortise the counters: a burst's events for one village become one write of
    // that village, and one group's regions are written once for all its villages.
    batchSize: 1000,
    maxBatchingWindowSeconds: 1,
    // Two consumers already apply thousands of events a second; more would mostly race each
    // other on the same villages (each race costs a cancelled transaction and a re-read).
    maximumConcurrency: 2,
    maxReceiveCount: 5,
    visibilityTimeoutSeconds: 6 * consumerTimeoutSeconds.applyCoverage,
    retentionDays: 4,
    deadLetterRetentionDays: 14,
  },
  notify: {
    consumer: 'notify',
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    maximumConcurrency: 5,
    maxReceiveCount: 5,
    visibilityTimeoutSeconds: 6 * consumerTimeoutSeconds.notify,
    retentionDays: 4,
    deadLetterRetentionDays: 14,
  },
} as const satisfies Record<string, QueueDefinition>;

export type QueueName = keyof typeof queueDefinitions;

/**
 * What a schedule hands its function: the firing's scheduled time (an EventBridge Scheduler
 * context attribute), which names the run, so a retried firing is recognised as the same run. The
 * local cron fills it in the same way.
 */
export const SCHEDULED_TIME_INPUT = JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' });

/** Time zone of the schedules: WITA, the time of Bali and the first user. */
export const SCHEDULE_TIME_ZONE = 'Asia/Makassar';

export const scheduleDefinitions = {
  rebuildCoverage: {
    function: 'scheduledRebuildCoverage',
    expression: 'cron(0 2 ? * SUN *)',
    timeZone: SCHEDULE_TIME_ZONE,
    description:
      'Weekly: recompute every coverage counter from the registrations, publish and repair the drift',
  },
  digest: {
    function: 'sendDigests',
    expression: 'cron(0 8 ? * MON *)',
    timeZone: SCHEDULE_TIME_ZONE,
    description: 'Monday 08:00 WITA: coverage digests to the digest subscribers',
  },
  termReminders: {
    function: 'sendTermReminders',
    // 07:00 WITA is 06:00 WIB and 08:00 WIT: the same calendar day in all three zones.
    expression: 'cron(0 7 * * ? *)',
    timeZone: SCHEDULE_TIME_ZONE,
    description: 'Daily 07:00 WITA: reminders 60 and 14 days before a KIM term (masa bakti) ends',
  },
} as const satisfies Record<string, ScheduleDefinition>;

export type ScheduleName = keyof typeof scheduleDefinitions;

/** What a deployment may change in a schedule (cdk.json `digestSchedule` for the digest). */
export type ScheduleOverride = Partial<Pick<ScheduleDefinition, 'expression' | 'timeZone'>>;

/**
 * The schedules as deployed: `scheduleDefinitions` with the configured overrides applied (an
 * undefined field keeps the default). The CDK stack and the local scheduler both call this, so
 * they run the same expression in the same time zone.
 */
export const resolveSchedules = (
  overrides: Partial<Record<ScheduleName, ScheduleOverride | undefined>> = {},
): Record<ScheduleName, ScheduleDefinition> => {
  const resolve = (name: ScheduleName): ScheduleDefinition => {
    const base: ScheduleDefinition = scheduleDefinitions[name];
    const override = overrides[name];
    return {
      ...base,
      expression: override?.expression ?? base.expression,
      timeZone: override?.timeZone ?? base.timeZone,
    };
  };
  return {
    rebuildCoverage: resolve('rebuildCoverage'),
    digest: resolve('digest'),
    termReminders: resolve('termReminders'),
  };
};
