import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { scheduleDefinitions } from '../../infra/pipeline-definition.js';
import {
  type SendDigestsDeps,
  type SendDigestsResult,
  sendDigests,
} from '../../shared/digests/send-digests.js';
import { sendDependencies } from '../../shared/digests/send-wiring.js';
import { logger } from '../../shared/logger.js';
import { parseCron, previousRun } from '../../shared/scheduling/cron.js';

/**
 * The schedule target's input. The schedule passes its scheduled time
 * (`<aws.scheduler.scheduled-time>`); without it, the run is the schedule's latest firing,
 * which a retry of the same firing finds again.
 */
export const scheduledDigestEventSchema = z.looseObject({ scheduledTime: z.iso.datetime().optional() });

const schedule = scheduleDefinitions.digest;
const cron = parseCron(schedule.expression);

/** The run a scheduled invocation belongs to: its scheduled time, to the minute. */
export const runTimeOf = (event: unknown, now: Date): Date => {
  const parsed = scheduledDigestEventSchema.safeParse(event ?? {});
  if (parsed.success && parsed.data.scheduledTime !== undefined) return new Date(parsed.data.scheduledTime);
  return previousRun(cron, schedule.timeZone, now) ?? now;
};

/** EventBridge Scheduler target: every digest subscriber in the scope gets their region's digest. */
export const sendScheduledDigests =
  (deps: SendDigestsDeps) =>
  async (event: unknown): Promise<SendDigestsResult> => {
    const at = runTimeOf(event, deps.clock.now());
    const runId = at.toISOString();
    try {
      const result = await sendDigests(deps, { runId, at });
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

const dependencies = sendDependencies();

export const handler = middy<unknown, SendDigestsResult>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(sendScheduledDigests(dependencies));
