import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * The one SQS client of a function, created once per container. Locally the endpoint comes from
 * `AWS_ENDPOINT_URL_SQS`, which the SDK reads itself.
 */
export const sqsClient = new SQSClient({ maxAttempts: 3 });
