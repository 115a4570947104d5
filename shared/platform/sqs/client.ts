import type * as Sdk from '@aws-sdk/client-sqs';
import { type AwsCredentials, AwsJsonClient } from '../aws/json-client.js';

/**
 * SQS's JSON API spoken by AwsJsonClient, as the table's client is (see there why not the SDK's
 * client): the one operation a function sends, SendMessageBatch, spelled as the SDK spells it.
 */

export type { SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';

type Output<T> = Omit<T, '$metadata'>;

/** One operation and its input; `Out` only types what `send` answers. */
export abstract class SqsCommand<In, Out> {
  abstract readonly operation: string;
  declare readonly outputType?: Out;
  constructor(readonly input: In) {}
}

export class SendMessageBatchCommand extends SqsCommand<
  Sdk.SendMessageBatchCommandInput,
  Output<Sdk.SendMessageBatchCommandOutput>
> {
  readonly operation = 'SendMessageBatch';
}

export interface SqsClientOptions {
  /** Default: `AWS_ENDPOINT_URL_SQS`, else the region's endpoint. */
  readonly endpoint?: string | undefined;
  /** Default: `AWS_REGION`. */
  readonly region?: string | undefined;
  /** Default: the environment's, read at each request. */
  readonly credentials?: AwsCredentials | undefined;
  /** @default 3 */
  readonly maxAttempts?: number | undefined;
}

export class SqsClient {
  private readonly api: AwsJsonClient;

  constructor(options: SqsClientOptions = {}) {
    this.api = new AwsJsonClient({
      service: 'sqs',
      targetPrefix: 'AmazonSQS',
      endpointVariable: 'AWS_ENDPOINT_URL_SQS',
      maxAttempts: options.maxAttempts ?? 3,
      endpoint: options.endpoint,
      region: options.region,
      credentials: options.credentials,
    });
  }

  send<In, Out>(command: SqsCommand<In, Out>): Promise<Out> {
    return this.api.call<Out>(command.operation, command.input);
  }
}

/**
 * The one SQS client of a function, created once per container. Requests go to
 * `AWS_ENDPOINT_URL_SQS` locally, else the region's endpoint (the queue URLs' host anyway), not to
 * the host named in a queue URL: the local emulator's queue URLs name `sqs.<region>.localhost`,
 * which not every machine resolves.
 */
export const sqsClient = new SqsClient();
