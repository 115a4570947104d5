import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod/mini';
import { getDigestConfig } from '../../shared/digests/config.js';
import {
  type SendDigestsDeps,
  type SendDigestsResult,
  sendDigests as sendEveryDigest,
} from '../../shared/digests/send-digests.js';
import { sendDependencies } from '../../shared/digests/wiring.js';
import type { LambdaFunction } from '../../shared/platform/lambda.js';
import { logger } from '../../shared/platform/logger.js';
import { type CronSchedule, previousRun } from '../../shared/platform/scheduling/cron.js';

/**
 * The schedule target's input: the schedule passes its scheduled time
 * (`<aws.scheduler.scheduled-time>`); an EventBridge-style scheduled event carries `time`.
 */
export const scheduledDigestEventSchema = z.looseObject({
  scheduledTime: z.optional(z.iso.datetime({ offset: true })),
  time: z.optional(z.iso.datetime({ offset: true })),
});

/** The digest schedule as deployed: the expression and time zone its firings come from. */
export interface DigestSchedule {
  readonly cron: CronSchedule;
  readonly timeZone: string;
}

/** The digest senders' ports, and the schedule whose firings name the runs. */
export interface ScheduledDigestsDeps extends SendDigestsDeps {
  readonly schedule: DigestSchedule;
}

/**
 * The run an invocation belongs to: the schedule's latest firing at or before the time the event
 * names (or now), so every retry of one firing, whenever it comes, is the same run.
 */
export const runTimeOf = (schedule: DigestSchedule, event: unknown, now: Date): Date => {
  const parsed = scheduledDigestEventSchema.safeParse(event ?? {});
  const named = parsed.success ? (parsed.data.scheduledTime ?? parsed.data.time) : undefined;
  const time = named === undefined ? now : new Date(named);
  return previousRun(schedule.cron, schedule.timeZone, time) ?? time;
};

/** EventBridge Scheduler target: every digest subscriber in the scope gets their region's digest. */
export const sendDigests =
  (deps: ScheduledDigestsDeps): LambdaFunction<unknown, SendDigestsResult> =>
  async (event) => {
    const at = runTimeOf(deps.schedule, event, deps.clock.now());
    const runId = at.toISOString();
    try {
      const result = await sendEveryDigest(deps, { runId, at });
      logger.info('Digests sent', { runId, regions: result.regions });
      return result;
    } catch (error) {
      // DigestDeliveryError carries counts and subscriber ids only; throwing lets the schedule retry.
      logger.error('Digest run failed', {
        runId,
        errorName: (error as Error).name,
        errorMessage: (error as Error).message,
        regions: (error as { result?: SendDigestsResult }).result?.regions,
      });
      throw error;
    }
  };

const config = getDigestConfig();
const dependencies: ScheduledDigestsDeps = {
  ...sendDependencies(),
  schedule: { cron: config.DIGEST_SCHEDULE_EXPRESSION, timeZone: config.DIGEST_SCHEDULE_TIME_ZONE },
};

export const handler = middy<unknown, SendDigestsResult>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(sendDigests(dependencies));
