import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import {
  type ItemChange,
  type PublishRegistrationEventsDeps,
  publishRegistrationEvents,
} from '../../shared/events/publish-registration-events.js';
import { fanOutDependencies } from '../../shared/events/wiring.js';
import type { LambdaFunction } from '../../shared/platform/lambda.js';
import { logger } from '../../shared/platform/logger.js';

const dependencies = fanOutDependencies();

type Image = Record<string, AttributeValue>;

const plain = (image: unknown): Record<string, unknown> | undefined =>
  image === undefined ? undefined : unmarshall(image as Image);

/** A stream record as the use case sees it: images unmarshalled, nothing of Lambda left. */
export const itemChangeOf = (record: DynamoDBRecord): ItemChange => {
  const stream = record.dynamodb;
  const oldImage = plain(stream?.OldImage);
  const newImage = plain(stream?.NewImage);
  return {
    position: stream?.SequenceNumber ?? '',
    eventId: record.eventID ?? '',
    kind: record.eventName ?? 'MODIFY',
    at: new Date((stream?.ApproximateCreationDateTime ?? Number.NaN) * 1000),
    keys: plain(stream?.Keys) ?? {},
    ...(oldImage === undefined ? {} : { oldImage }),
    ...(newImage === undefined ? {} : { newImage }),
  };
};

/**
 * Table stream → coverage and notification queues. Each registration status or village change
 * becomes one event on both queues, each award publication (a round's result inserted) one event
 * on the notification queue; other records are skipped and only counted. A record that
 * cannot be sent is reported as the batch's first failure, so the stream resumes from it.
 */
export const fanOut =
  (deps: PublishRegistrationEventsDeps): LambdaFunction<DynamoDBStreamEvent, DynamoDBBatchResponse> =>
  async (event) => {
    const outcome = await publishRegistrationEvents(
      deps,
      event.Records.map(itemChangeOf),
      (eventId, problem) => logger.error('Registration change cannot become an event', { eventId, problem }),
    );
    const summary = {
      records: event.Records.length,
      published: outcome.published,
      skipped: outcome.skipped,
      failed: outcome.failed,
    };
    if (outcome.firstFailedPosition === undefined) {
      logger.info('Registration changes fanned out', summary);
      return { batchItemFailures: [] };
    }
    logger.warn('Some registration changes could not be fanned out', {
      ...summary,
      resumeFrom: outcome.firstFailedPosition,
    });
    return { batchItemFailures: [{ itemIdentifier: outcome.firstFailedPosition }] };
  };

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(fanOut(dependencies));
