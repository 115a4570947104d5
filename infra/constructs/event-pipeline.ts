import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDefinition, StreamSourceDefinition } from '../../shared/platform/pipeline-settings.js';
import type { FunctionDefinition } from '../app-definition.js';
import { pascalCase } from './construct-id.js';
import type { HouseFunction } from './house-function.js';
import { QueueToFunction } from './queue-to-function.js';
import { TableStreamToFunction } from './table-stream-to-function.js';

/** The environment variable holding a queue's URL: `COVERAGE_QUEUE_URL` for the queue `coverage`. */
export const queueUrlVariable = (name: string): string => `${name.toUpperCase()}_QUEUE_URL`;

/** A function's timeout when its definition names none (see `FunctionDefinition.timeoutSeconds`). */
const DEFAULT_TIMEOUT_SECONDS = 10;

/**
 * Problems with the queues' visibility timeouts: each must be at least 6× its consumer's timeout,
 * or a message still being processed would be received again by another invocation.
 */
export const visibilityTimeoutProblems = (
  queues: Readonly<Record<string, QueueDefinition>>,
  functions: Readonly<Record<string, FunctionDefinition>>,
): string[] =>
  Object.entries(queues).flatMap(([name, queue]) => {
    const consumer = functions[queue.consumer];
    if (consumer === undefined)
      return [`queue ${name}: consumer ${queue.consumer} is not in functionDefinitions`];
    const timeoutSeconds = consumer.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    return queue.visibilityTimeoutSeconds >= 6 * timeoutSeconds
      ? []
      : [
          `queue ${name}: visibilityTimeoutSeconds ${queue.visibilityTimeoutSeconds} is less than 6 × the timeout of its consumer ${queue.consumer} (${timeoutSeconds} s) = ${6 * timeoutSeconds}`,
        ];
  });

/** A queue of the pipeline and its settings. */
export interface PipelineQueue {
  readonly queue: IQueue;
  /** Its consumer and how the consumer reads it (an entry of `queueDefinitions`). */
  readonly settings: QueueDefinition;
}

export interface EventPipelineProps {
  /** The table whose stream feeds the pipeline; it must have a stream. */
  readonly table: ITable;
  /** The function that reads the stream and how (`streamSource`). */
  readonly stream: StreamSourceDefinition;
  /** Where the stream's batches that keep failing go (their coordinates, not the records). */
  readonly streamFailureQueue: IQueue;
  /** The queues the stream's function sends to, by name, each read by its consumer. */
  readonly queues: Readonly<Record<string, PipelineQueue>>;
  /** The functions the settings name (`function`, `consumer`), by key of `functionDefinitions`. */
  readonly functions: ReadonlyMap<string, HouseFunction>;
  /**
   * The variable, in the stream function's environment, holding a queue's URL.
   * @default {@link queueUrlVariable} (`COVERAGE_QUEUE_URL` for `coverage`)
   */
  readonly queueUrlVariable?: (queueName: string) => string;
  /** Where the stream function starts reading. @default StartingPosition.TRIM_HORIZON */
  readonly startingPosition?: StartingPosition;
}

/**
 * The event pipeline from its settings: the table stream into its function (the fan-out), which
 * may send to every pipeline queue and finds each queue's URL in its environment; each queue into
 * its consumer. Only flow constructs: what the functions do with the events is theirs.
 */
export class EventPipeline extends Construct {
  readonly streamToFunction: TableStreamToFunction;
  /** Each queue's event source mapping, by queue name. */
  readonly queueToConsumer: ReadonlyMap<string, QueueToFunction>;

  constructor(scope: Construct, id: string, props: EventPipelineProps) {
    super(scope, id);
    const functionNamed = (name: string): HouseFunction => {
      const fn = props.functions.get(name);
      if (fn === undefined) throw new Error(`No function ${name} in functionDefinitions`);
      return fn;
    };
    const urlVariable = props.queueUrlVariable ?? queueUrlVariable;
    const { function: fanOutName, ...streamSettings } = props.stream;
    const fanOut = functionNamed(fanOutName);
    this.streamToFunction = new TableStreamToFunction(this, `TableStreamTo${pascalCase(fanOutName)}`, {
      table: props.table,
      fn: fanOut,
      settings: streamSettings,
      failureQueue: props.streamFailureQueue,
      startingPosition: props.startingPosition,
    });
    const consumers = new Map<string, QueueToFunction>();
    for (const [name, { queue, settings }] of Object.entries(props.queues)) {
      fanOut.grantSendMessages(queue, urlVariable(name));
      consumers.set(
        name,
        new QueueToFunction(this, `${pascalCase(name)}QueueTo${pascalCase(settings.consumer)}`, {
          queue,
          fn: functionNamed(settings.consumer),
          batchSize: settings.batchSize,
          maxBatchingWindow: Duration.seconds(settings.maxBatchingWindowSeconds),
          maximumConcurrency: settings.maximumConcurrency,
        }),
      );
    }
    this.queueToConsumer = consumers;
  }
}
