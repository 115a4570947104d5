import * as z from 'zod/mini';
import { configFromEnv, parseEnv } from '../platform/config.js';
import {
  CronExpressionError,
  type CronSchedule,
  isTimeZone,
  parseCron,
} from '../platform/scheduling/cron.js';

/**
 * Settings of the digest senders (sendDigests, sendDigestsNow): the digest schedule as deployed,
 * with the deployment's `digestSchedule` override applied. The CDK stack and the local stack set
 * them from the same resolved schedule the schedule itself is built from (`digestScheduleEnvironment`).
 */
export const digestConfigSchema = z.object({
  /** The schedule's EventBridge Scheduler cron expression: its firings name the scheduled runs. */
  DIGEST_SCHEDULE_EXPRESSION: z.pipe(
    z.string(),
    z.transform((value: string, context): CronSchedule => {
      try {
        return parseCron(value);
      } catch (error) {
        if (!(error instanceof CronExpressionError)) throw error;
        context.issues.push({
          code: 'custom',
          input: value,
          message: `must be a cron(...) expression (${error.message})`,
        });
        return z.NEVER;
      }
    }),
  ),
  /** IANA time zone the expression is read in, and the digests' dates are shown in. */
  DIGEST_SCHEDULE_TIME_ZONE: z
    .string()
    .check(z.refine(isTimeZone, 'must be an IANA time zone such as Asia/Makassar')),
});

export type DigestConfig = z.infer<typeof digestConfigSchema>;

/** Parses `env` into a DigestConfig, or throws one clear error naming every bad variable. */
export const parseDigestConfig = (env: NodeJS.ProcessEnv): DigestConfig =>
  parseEnv(digestConfigSchema, env, 'digest configuration');

/** The digest configuration of this process, parsed on first use at module load of a handler. */
export const getDigestConfig = configFromEnv(digestConfigSchema, 'digest configuration');

/** The environment that gives the digest senders `schedule`: what the stacks set from the resolved schedule. */
export const digestScheduleEnvironment = (schedule: {
  readonly expression: string;
  readonly timeZone: string;
}): Record<keyof DigestConfig, string> => ({
  DIGEST_SCHEDULE_EXPRESSION: schedule.expression,
  DIGEST_SCHEDULE_TIME_ZONE: schedule.timeZone,
});
