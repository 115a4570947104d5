import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod/mini';
import {
  sendTermReminders as sendEveryReminder,
  type TermReminderDeps,
  type TermReminderResult,
  TermRemindersIncompleteError,
} from '../../shared/notifications/term-reminders.js';
import { createTermReminderDependencies } from '../../shared/notifications/wiring.js';
import { getConfig } from '../../shared/platform/config.js';
import type { LambdaFunction } from '../../shared/platform/lambda.js';
import { logger } from '../../shared/platform/logger.js';

/** The schedule's input: its firing's scheduled time; an EventBridge-style event carries `time`. */
export const scheduledReminderEventSchema = z.looseObject({
  scheduledTime: z.optional(z.iso.datetime({ offset: true })),
  time: z.optional(z.iso.datetime({ offset: true })),
});

/**
 * The moment a run stands for: the firing's scheduled time (so a retry hours later still reminds
 * as of the day it was meant for; the ledger keeps it from sending twice), else now.
 */
export const runTimeOf = (event: unknown, now: Date): Date => {
  const parsed = scheduledReminderEventSchema.safeParse(event ?? {});
  const named = parsed.success ? (parsed.data.scheduledTime ?? parsed.data.time) : undefined;
  return named === undefined ? now : new Date(named);
};

/** EventBridge Scheduler target, daily: the term reminders of the deployment scope. */
export const sendTermReminders =
  (deps: TermReminderDeps & { readonly scope: string }): LambdaFunction<unknown, TermReminderResult> =>
  async (event) => {
    const at = runTimeOf(event, deps.clock.now());
    try {
      const result = await sendEveryReminder(deps, { scope: deps.scope, at });
      logger.info('Term reminders sent', { ...result });
      return result;
    } catch (error) {
      // Counts only; throwing lets the schedule retry, and the ledger sends only what is still owed.
      logger.error('Term reminder run incomplete', {
        errorName: (error as Error).name,
        errorMessage: (error as Error).message,
        ...(error instanceof TermRemindersIncompleteError ? { result: error.result } : {}),
      });
      throw error;
    }
  };

export const handler = middy<unknown, TermReminderResult>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(sendTermReminders({ ...createTermReminderDependencies(), scope: getConfig().SCOPE_CODE }));
