import type * as Sdk from '@aws-sdk/client-dynamodb';
import {
  AwsCommand,
  AwsJsonClient,
  type AwsServiceClientOptions,
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

export class GetItemCommand extends AwsCommand<Sdk.GetItemCommandInput, Output<Sdk.GetItemCommandOutput>> {
  readonly operation = 'GetItem';
}
export class PutItemCommand extends AwsCommand<Sdk.PutItemCommandInput, Output<Sdk.PutItemCommandOutput>> {
  readonly operation = 'PutItem';
}
export class UpdateItemCommand extends AwsCommand<
  Sdk.UpdateItemCommandInput,
  Output<Sdk.UpdateItemCommandOutput>
> {
  readonly operation = 'UpdateItem';
}
export class DeleteItemCommand extends AwsCommand<
  Sdk.DeleteItemCommandInput,
  Output<Sdk.DeleteItemCommandOutput>
> {
  readonly operation = 'DeleteItem';
}
export class QueryCommand extends AwsCommand<Sdk.QueryCommandInput, Output<Sdk.QueryCommandOutput>> {
  readonly operation = 'Query';
}
export class ScanCommand extends AwsCommand<Sdk.ScanCommandInput, Output<Sdk.ScanCommandOutput>> {
  readonly operation = 'Scan';
}
export class BatchGetItemCommand extends AwsCommand<
  Sdk.BatchGetItemCommandInput,
  Output<Sdk.BatchGetItemCommandOutput>
> {
  readonly operation = 'BatchGetItem';
}
export class BatchWriteItemCommand extends AwsCommand<
  Sdk.BatchWriteItemCommandInput,
  Output<Sdk.BatchWriteItemCommandOutput>
> {
  readonly operation = 'BatchWriteItem';
}
export class TransactWriteItemsCommand extends AwsCommand<
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

/** The table's client: DynamoDB's names and error classes, 5 sends of a request at most by default. */
export class DynamoDbClient extends AwsJsonClient {
  constructor(options: AwsServiceClientOptions = {}) {
    super({
      ...options,
      service: 'dynamodb',
      targetPrefix: 'DynamoDB_20120810',
      endpointVariable: 'AWS_ENDPOINT_URL_DYNAMODB',
      maxAttempts: options.maxAttempts ?? 5,
      errorClasses: { ConditionalCheckFailedException, TransactionCanceledException },
    });
  }
}

/**
 * The one DynamoDB client of a function, created once per container. Locally the endpoint comes
 * from `AWS_ENDPOINT_URL_DYNAMODB`.
 */
export const dynamoDbClient = new DynamoDbClient();
