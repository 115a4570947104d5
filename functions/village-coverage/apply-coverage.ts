import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type RegistrationEvent, registrationEventSchema } from '../../shared/events/registration-event.js';
import type { LambdaFunction } from '../../shared/platform/lambda.js';
import { logger } from '../../shared/platform/logger.js';
import { type ApplyCoverageDeps, applyCoverageEvents } from '../../shared/village-coverage/apply-events.js';
import { coverageDependencies } from '../../shared/village-coverage/wiring.js';

const dependencies = coverageDependencies();

const parseBody = (body: string): RegistrationEvent | undefined => {
  try {
    const parsed = registrationEventSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Coverage queue consumer: applies a batch of registration events to the coverage counters.
 * A malformed message fails alone (and ends in the dead-letter queue after its retries); a group
 * whose transaction fails fails its own messages only. Redelivered messages are harmless: the
 * counters remember which version of each registration they counted. The batch, not the record, is
 * the unit (events share transactions), which is why Powertools' per-record `BatchProcessor` is
 * not used here (docs/libraries.md).
 */
export const applyCoverage =
  (deps: ApplyCoverageDeps): LambdaFunction<SQSEvent, SQSBatchResponse> =>
  async (event) => {
    const failures = new Set<string>();
    const messagesOf = new Map<RegistrationEvent, string>();
    for (const record of event.Records) {
      const parsed = parseBody(record.body);
      if (parsed === undefined) {
        logger.error('Malformed coverage event', { messageId: record.messageId });
        failures.add(record.messageId);
      } else {
        messagesOf.set(parsed, record.messageId);
      }
    }
    const result = await applyCoverageEvents([...messagesOf.keys()], deps);
    for (const { event: failed, error } of result.failed) {
      failures.add(messagesOf.get(failed) ?? '');
      logger.warn('Coverage group failed', {
        messageId: messagesOf.get(failed),
        registrationId: failed.registrationId,
        error: error instanceof Error ? error.name : 'unknown',
      });
    }
    logger.info('Coverage applied', {
      received: event.Records.length,
      applied: result.applied,
      stale: result.stale,
      failed: failures.size,
      transactions: result.transactions,
    });
    return { batchItemFailures: [...failures].map((itemIdentifier) => ({ itemIdentifier })) };
  };

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(applyCoverage(dependencies));
