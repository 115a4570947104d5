import { sqsClient } from '../platform/sqs/client.js';
import { parseFanOutConfig } from './config.js';
import type { PublishRegistrationEventsDeps } from './publish-registration-events.js';
import { SqsEventPublisher } from './sqs/event-publisher.js';

/** The fan-out's ports: one publisher to the coverage and notification queues, built once per container. */
export const fanOutDependencies = (): PublishRegistrationEventsDeps => {
  const config = parseFanOutConfig(process.env);
  return {
    publisher: new SqsEventPublisher(sqsClient, [config.COVERAGE_QUEUE_URL, config.NOTIFY_QUEUE_URL]),
  };
};
