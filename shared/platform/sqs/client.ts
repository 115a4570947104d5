import type * as Sdk from '@aws-sdk/client-sqs';
import { AwsCommand, AwsJsonClient, type AwsServiceClientOptions } from '../aws/json-client.js';

/**
 * SQS's JSON API spoken by AwsJsonClient, as the table's client is (see there why not the SDK's
 * client): the one operation a function sends, SendMessageBatch, spelled as the SDK spells it.
 */

export type { SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';

export class SendMessageBatchCommand extends AwsCommand<
  Sdk.SendMessageBatchCommandInput,
  Omit<Sdk.SendMessageBatchCommandOutput, '$metadata'>
> {
  readonly operation = 'SendMessageBatch';
}

/** SQS's client: its names, 3 sends of a request at most by default. */
export class SqsClient extends AwsJsonClient {
  constructor(options: AwsServiceClientOptions = {}) {
    super({
      ...options,
      service: 'sqs',
      targetPrefix: 'AmazonSQS',
      endpointVariable: 'AWS_ENDPOINT_URL_SQS',
      maxAttempts: options.maxAttempts ?? 3,
    });
  }
}

/**
 * The one SQS client of a function, created once per container. Requests go to
 * `AWS_ENDPOINT_URL_SQS` locally, else the region's endpoint (the queue URLs' host anyway), not to
 * the host named in a queue URL: the local emulator's queue URLs name `sqs.<region>.localhost`,
 * which not every machine resolves.
 */
export const sqsClient = new SqsClient();
