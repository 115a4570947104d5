import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type RegistrationEvent, registrationEventSchema } from '../../shared/events/registration-event.js';
import {
  NotificationIncompleteError,
  type NotifyDeps,
  notifyRegistrationEvent,
} from '../../shared/notifications/notify-registration-event.js';
import { createNotifyDependencies, NOTIFY_SEND_RESERVE_MS } from '../../shared/notifications/wiring.js';
import type { LambdaFunction } from '../../shared/platform/lambda.js';
import { logger } from '../../shared/platform/logger.js';

const dependencies = createNotifyDependencies();

/** Records of one batch handled at the same time: enough to overlap SES calls, few enough not to hit its rate. */
const CONCURRENT_RECORDS = 4;

const parseBody = (record: SQSRecord): RegistrationEvent | undefined => {
  try {
    const parsed = registrationEventSchema.safeParse(JSON.parse(record.body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

/** Runs `work` over `items`, at most `limit` at a time. */
const eachLimited = async <T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) => {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
};

/**
 * Notification queue consumer: for each registration event, emails the PPID officers of a new
 * or resubmitted registration, or the KIM's contact of a verification or rejection — exactly
 * once per (event, recipient). Records are handled one by one; a malformed or unfinished one
 * fails alone (`batchItemFailures`), is delivered again by the queue, and ends in the
 * dead-letter queue after its retries.
 */
export const notify =
  (deps: NotifyDeps): LambdaFunction<SQSEvent, SQSBatchResponse> =>
  async (event, context) => {
    const remainingTimeMs = () => context.getRemainingTimeInMillis();
    const failures: string[] = [];
    let sent = 0;
    await eachLimited(event.Records, CONCURRENT_RECORDS, async (record) => {
      const parsed = parseBody(record);
      if (parsed === undefined) {
        logger.error('Malformed notification event', { messageId: record.messageId });
        failures.push(record.messageId);
        return;
      }
      try {
        const result = await notifyRegistrationEvent(deps, parsed, {
          remainingTimeMs,
          reserveMs: NOTIFY_SEND_RESERVE_MS,
        });
        sent += result.sent;
        logger.info('Notification event handled', {
          messageId: record.messageId,
          eventId: parsed.eventId,
          registrationId: parsed.registrationId,
          villageCode: parsed.villageCode,
          newStatus: parsed.newStatus,
          ...result,
        });
      } catch (error) {
        failures.push(record.messageId);
        logger.warn('Notification event failed', {
          messageId: record.messageId,
          eventId: parsed.eventId,
          registrationId: parsed.registrationId,
          error: error instanceof Error ? error.name : 'unknown',
          ...(error instanceof NotificationIncompleteError
            ? { ...error.counts, causes: [...new Set(error.causes)] }
            : {}),
        });
      }
    });
    logger.info('Notifications processed', { received: event.Records.length, sent, failed: failures.length });
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(notify(dependencies));
