import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * The one SQS client of a function, created once per container. Locally the endpoint comes from
 * `AWS_ENDPOINT_URL_SQS`, which the SDK reads itself. Requests go to that endpoint (on AWS, the
 * region's, which is the queue URLs' host anyway), not to the host named in a queue URL: the
 * local emulator's queue URLs name `sqs.<region>.localhost`, which not every machine resolves.
 */
export const sqsClient = new SQSClient({ maxAttempts: 3, useQueueUrlAsEndpoint: false });
