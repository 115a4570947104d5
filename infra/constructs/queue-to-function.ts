import type { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { HouseFunction } from './house-function.js';

export interface QueueToFunctionProps {
  readonly queue: IQueue;
  readonly fn: HouseFunction;
  /** Messages per invocation; above 10 needs a batching window. */
  readonly batchSize: number;
  readonly maxBatchingWindow: Duration;
  /** Concurrent invocations the mapping may run (2–1000). */
  readonly maximumConcurrency: number;
}

/**
 * A queue consumed by a function through a Lambda event source mapping with partial batch
 * responses: the function reports the failed messages, only those come back, and after the
 * queue's `maxReceiveCount` they go to its dead-letter queue. The function gets the queue's
 * consume rights (receive, delete, change visibility, attributes) and nothing else on it.
 */
export class QueueToFunction extends Construct {
  readonly eventSource: SqsEventSource;

  constructor(scope: Construct, id: string, props: QueueToFunctionProps) {
    super(scope, id);
    this.eventSource = new SqsEventSource(props.queue, {
      batchSize: props.batchSize,
      maxBatchingWindow: props.maxBatchingWindow,
      maxConcurrency: props.maximumConcurrency,
      reportBatchItemFailures: true,
    });
    props.fn.lambdaFunction.addEventSource(this.eventSource);
  }
}
