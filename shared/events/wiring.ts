import { sqsClient } from '../platform/sqs/client.js';
import type { AwardPublishedEvent } from './award-event.js';
import { parseFanOutConfig } from './config.js';
import type { PublishRegistrationEventsDeps } from './publish-registration-events.js';
import { SqsEventPublisher } from './sqs/event-publisher.js';

/**
 * The fan-out's ports, built once per container: registration events go to the coverage and
 * notification queues, award publications to the notification queue alone.
 */
export const fanOutDependencies = (): PublishRegistrationEventsDeps => {
  const config = parseFanOutConfig(process.env);
  return {
    publisher: new SqsEventPublisher(sqsClient, [config.COVERAGE_QUEUE_URL, config.NOTIFY_QUEUE_URL]),
    awardPublisher: new SqsEventPublisher<AwardPublishedEvent>(sqsClient, [config.NOTIFY_QUEUE_URL]),
  };
};
