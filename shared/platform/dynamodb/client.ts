import type * as Sdk from '@aws-sdk/client-dynamodb';
import {
  type AwsCredentials,
  AwsJsonClient,
  AwsServiceError,
  type AwsServiceErrorOptions,
} from '../aws/json-client.js';

/**
 * The table's client: DynamoDB's JSON API spoken by AwsJsonClient (see there why not the SDK's
 * client). Commands and exceptions are spelled as the SDK spells them, with the SDK's own types
 * for inputs and outputs, so a store reads as it would with the SDK; only their module differs.
 * Binary attributes (`B`, `BS`) are not used by the table and not converted.
 */

export type {
  AttributeValue,
  CancellationReason,
  ConsumedCapacity,
  GetItemCommandInput,
  KeysAndAttributes,
  PutItemCommandInput,
  QueryCommandInput,
  TransactWriteItem,
  TransactWriteItemsCommandInput,
  UpdateItemCommandInput,
  WriteRequest,
} from '@aws-sdk/client-dynamodb';

type Output<T> = Omit<T, '$metadata'>;

/** What an operation answers: the SDK's output type, without the SDK's own `$metadata`. */
export type BatchGetItemCommandOutput = Output<Sdk.BatchGetItemCommandOutput>;
export type QueryCommandOutput = Output<Sdk.QueryCommandOutput>;

/** One operation and its input; `Out` only types what `send` answers. */
export abstract class DynamoDbCommand<In, Out> {
  abstract readonly operation: string;
  declare readonly outputType?: Out;
  constructor(readonly input: In) {}
}

export class GetItemCommand extends DynamoDbCommand<
  Sdk.GetItemCommandInput,
  Output<Sdk.GetItemCommandOutput>
> {
  readonly operation = 'GetItem';
}
export class PutItemCommand extends DynamoDbCommand<
  Sdk.PutItemCommandInput,
  Output<Sdk.PutItemCommandOutput>
> {
  readonly operation = 'PutItem';
}
export class UpdateItemCommand extends DynamoDbCommand<
  Sdk.UpdateItemCommandInput,
  Output<Sdk.UpdateItemCommandOutput>
> {
  readonly operation = 'UpdateItem';
}
export class DeleteItemCommand extends DynamoDbCommand<
  Sdk.DeleteItemCommandInput,
  Output<Sdk.DeleteItemCommandOutput>
> {
  readonly operation = 'DeleteItem';
}
export class QueryCommand extends DynamoDbCommand<Sdk.QueryCommandInput, Output<Sdk.QueryCommandOutput>> {
  readonly operation = 'Query';
}
export class ScanCommand extends DynamoDbCommand<Sdk.ScanCommandInput, Output<Sdk.ScanCommandOutput>> {
  readonly operation = 'Scan';
}
export class BatchGetItemCommand extends DynamoDbCommand<
  Sdk.BatchGetItemCommandInput,
  Output<Sdk.BatchGetItemCommandOutput>
> {
  readonly operation = 'BatchGetItem';
}
export class BatchWriteItemCommand extends DynamoDbCommand<
  Sdk.BatchWriteItemCommandInput,
  Output<Sdk.BatchWriteItemCommandOutput>
> {
  readonly operation = 'BatchWriteItem';
}
export class TransactWriteItemsCommand extends DynamoDbCommand<
  Sdk.TransactWriteItemsCommandInput,
  Output<Sdk.TransactWriteItemsCommandOutput>
> {
  readonly operation = 'TransactWriteItems';
}

/** A failed condition of a single-item write; `Item` is the item, where the write asked for it. */
export class ConditionalCheckFailedException extends AwsServiceError {
  declare readonly Item?: Record<string, Sdk.AttributeValue>;
  constructor(options: AwsServiceErrorOptions) {
    super({ ...options, name: 'ConditionalCheckFailedException' });
  }
}

/** A cancelled transaction: one reason per action, in order. */
export class TransactionCanceledException extends AwsServiceError {
  declare readonly CancellationReasons?: Sdk.CancellationReason[];
  constructor(options: AwsServiceErrorOptions) {
    super({ ...options, name: 'TransactionCanceledException' });
  }
}

export interface DynamoDbClientOptions {
  /** Default: `AWS_ENDPOINT_URL_DYNAMODB`, else the region's endpoint. */
  readonly endpoint?: string | undefined;
  /** Default: `AWS_REGION`. */
  readonly region?: string | undefined;
  /** Default: the environment's, read at each request. */
  readonly credentials?: AwsCredentials | undefined;
  /** @default 5 */
  readonly maxAttempts?: number | undefined;
  /** How long one attempt may go without a byte from DynamoDB. @default 10000 */
  readonly attemptTimeoutMs?: number | undefined;
  /** @default Math.random */
  readonly random?: (() => number) | undefined;
  /** @default setTimeout */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
}

export class DynamoDbClient {
  private readonly api: AwsJsonClient;

  constructor(options: DynamoDbClientOptions = {}) {
    this.api = new AwsJsonClient({
      service: 'dynamodb',
      targetPrefix: 'DynamoDB_20120810',
      endpointVariable: 'AWS_ENDPOINT_URL_DYNAMODB',
      maxAttempts: options.maxAttempts ?? 5,
      attemptTimeoutMs: options.attemptTimeoutMs,
      endpoint: options.endpoint,
      region: options.region,
      credentials: options.credentials,
      random: options.random,
      sleep: options.sleep,
      errorClasses: { ConditionalCheckFailedException, TransactionCanceledException },
    });
  }

  send<In, Out>(command: DynamoDbCommand<In, Out>): Promise<Out> {
    return this.api.call<Out>(command.operation, command.input);
  }
}

/**
 * The one DynamoDB client of a function, created once per container. Locally the endpoint comes
 * from `AWS_ENDPOINT_URL_DYNAMODB`.
 */
export const dynamoDbClient = new DynamoDbClient();
