import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import pLimit from 'p-limit';
import { type AwardPublishedEvent, awardPublishedEventSchema } from '../../shared/events/award-event.js';
import { type RegistrationEvent, registrationEventSchema } from '../../shared/events/registration-event.js';
import { type AwardNotifyDeps, notifyAwardWinners } from '../../shared/notifications/notify-award-winners.js';
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
export const CONCURRENT_RECORDS = 4;

/** The notify function's ports: the registration notifications', and the award store's reads for award publications. */
export type NotifyFunctionDeps = NotifyDeps & Partial<Pick<AwardNotifyDeps, 'awards' | 'scope'>>;

/** A message that is not a registration event: it fails alone and ends in the dead-letter queue. */
class MalformedNotificationEventError extends Error {
  override readonly name = 'MalformedNotificationEventError';
}

const parseBody = (record: SQSRecord): RegistrationEvent | AwardPublishedEvent | undefined => {
  try {
    const body: unknown = JSON.parse(record.body);
    const award = awardPublishedEventSchema.safeParse(body);
    if (award.success) return award.data;
    const parsed = registrationEventSchema.safeParse(body);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

/** An award publication: the round's winners and their officers, each emailed once. */
const handleAwardEvent = async (
  deps: NotifyFunctionDeps,
  record: SQSRecord,
  event: AwardPublishedEvent,
  remainingTimeMs: () => number,
): Promise<number> => {
  const { awards, scope } = deps;
  if (awards === undefined || scope === undefined) {
    throw new MalformedNotificationEventError(`Message ${record.messageId}: no award store to read`);
  }
  try {
    const result = await notifyAwardWinners({ ...deps, awards, scope }, event, {
      remainingTimeMs,
      reserveMs: NOTIFY_SEND_RESERVE_MS,
    });
    logger.info('Award notification event handled', {
      messageId: record.messageId,
      eventId: event.eventId,
      roundId: event.roundId,
      ...result,
    });
    return result.sent;
  } catch (error) {
    logger.warn('Award notification event failed', {
      messageId: record.messageId,
      eventId: event.eventId,
      roundId: event.roundId,
      error: error instanceof Error ? error.name : 'unknown',
      ...(error instanceof NotificationIncompleteError
        ? { ...error.counts, causes: [...new Set(error.causes)] }
        : {}),
    });
    throw error;
  }
};

/**
 * Notification queue consumer: for each registration event, emails the PPID officers of a new
 * or resubmitted registration, or the KIM's contact of a verification or rejection — exactly
 * once per (event, recipient); for each award publication, the winners' contacts and their PPID
 * officers — exactly once per (round, recipient). Powertools' `BatchProcessor` handles the records one by one, at
 * most `CONCURRENT_RECORDS` at a time; a malformed or unfinished one fails alone
 * (`batchItemFailures`), is delivered again by the queue, and ends in the dead-letter queue after
 * its retries.
 */
export const notify =
  (deps: NotifyFunctionDeps): LambdaFunction<SQSEvent, SQSBatchResponse> =>
  async (event, context) => {
    const remainingTimeMs = () => context.getRemainingTimeInMillis();
    const limit = pLimit(CONCURRENT_RECORDS);
    let sent = 0;
    const handleRecord = async (record: SQSRecord) => {
      const parsed = parseBody(record);
      if (parsed === undefined) {
        logger.error('Malformed notification event', { messageId: record.messageId });
        throw new MalformedNotificationEventError(`Message ${record.messageId} is not a registration event`);
      }
      if ('type' in parsed) {
        sent += await handleAwardEvent(deps, record, parsed, remainingTimeMs);
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
        logger.warn('Notification event failed', {
          messageId: record.messageId,
          eventId: parsed.eventId,
          registrationId: parsed.registrationId,
          error: error instanceof Error ? error.name : 'unknown',
          ...(error instanceof NotificationIncompleteError
            ? { ...error.counts, causes: [...new Set(error.causes)] }
            : {}),
        });
        throw error;
      }
    };
    // A processor per invocation: its state is per batch, and the local runtime runs several
    // invocations of this module at once. A batch whose records all fail is still reported record
    // by record rather than thrown, so the Errors alarm means a crash, not a bounced email.
    const response = await processPartialResponse(
      event,
      (record: SQSRecord) => limit(() => handleRecord(record)),
      new BatchProcessor(EventType.SQS),
      { throwOnFullBatchFailure: false },
    );
    logger.info('Notifications processed', {
      received: event.Records.length,
      sent,
      failed: response.batchItemFailures.length,
    });
    return response;
  };

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(notify(dependencies));
