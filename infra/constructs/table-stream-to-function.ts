import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  type DlqDestinationConfig,
  FilterCriteria,
  type IEventSourceDlq,
  type IEventSourceMapping,
  type IFunction,
  StartingPosition,
} from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StreamSourceDefinition } from '../../shared/platform/pipeline-settings.js';
import type { HouseFunction } from './house-function.js';

/**
 * The on-failure destination of a stream event source mapping, granting `sqs:SendMessage` on the
 * queue and nothing more (Lambda sends the failed batch's metadata with the function's role).
 */
class SendOnlySqsDestination implements IEventSourceDlq {
  constructor(private readonly queue: IQueue) {}

  bind(_target: IEventSourceMapping, targetHandler: IFunction): DlqDestinationConfig {
    targetHandler.addToRolePolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    );
    return { destination: this.queue.queueArn };
  }
}

export interface TableStreamToFunctionProps {
  /** A table with a stream. */
  readonly table: ITable;
  readonly fn: HouseFunction;
  /** Batch size, batching window, retries, record age, bisect, parallelisation, filter. */
  readonly settings: Omit<StreamSourceDefinition, 'function'>;
  /** Where the records of a batch that keeps failing go (their stream coordinates, not the records). */
  readonly failureQueue: IQueue;
  /** @default StartingPosition.TRIM_HORIZON (nothing still in the stream is skipped) */
  readonly startingPosition?: StartingPosition;
}

/**
 * A DynamoDB stream read by a function through a Lambda event source mapping: only records that
 * match the filter reach the function, which reports partial batch failures; a failing batch is
 * bisected and retried, then sent to the on-failure queue.
 */
export class TableStreamToFunction extends Construct {
  readonly eventSource: DynamoEventSource;

  constructor(scope: Construct, id: string, props: TableStreamToFunctionProps) {
    super(scope, id);
    const { settings } = props;
    this.eventSource = new DynamoEventSource(props.table, {
      startingPosition: props.startingPosition ?? StartingPosition.TRIM_HORIZON,
      batchSize: settings.batchSize,
      maxBatchingWindow: Duration.seconds(settings.maxBatchingWindowSeconds),
      bisectBatchOnError: settings.bisectBatchOnError,
      retryAttempts: settings.retryAttempts,
      maxRecordAge: Duration.seconds(settings.maxRecordAgeSeconds),
      parallelizationFactor: settings.parallelizationFactor,
      reportBatchItemFailures: true,
      filters: [FilterCriteria.filter(settings.filterPattern)],
      onFailure: new SendOnlySqsDestination(props.failureQueue),
    });
    props.fn.lambdaFunction.addEventSource(this.eventSource);
  }
}
