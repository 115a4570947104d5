import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import type { DynamoDbClient } from '../../../shared/platform/dynamodb/client.js';
import {
  type QueueName,
  queueDefinitions,
  streamSource,
} from '../../../shared/platform/pipeline-settings.js';
import { type FunctionName, functionDefinitions } from '../../app-definition.js';
import type { FaultInjector } from './faults.js';
import { createLambdaContext } from './gateway.js';
import { runInvocation } from './invocation-scope.js';
import { type QueuePoller, type QueuePollerStats, startQueuePoller } from './queue-poller.js';
import type { StreamFailureRecord } from './stream-delivery.js';
import { type StreamPoller, startStreamPoller } from './stream-poller.js';

const ACCOUNT_ID = '000000000000';

export interface LocalQueue {
  readonly url: string;
  readonly arn: string;
}

export interface LocalQueueWithDlq extends LocalQueue {
  readonly dlq: LocalQueue;
}

export interface LocalQueues {
  /** The SQS endpoint (`AWS_ENDPOINT_URL_SQS`). */
  readonly endpoint: string;
  readonly port: number;
  readonly queues: Record<QueueName, LocalQueueWithDlq>;
  /** The on-failure destination of the table stream's event source. */
  readonly streamFailures: LocalQueue;
  /**
   * The document bucket in the S3 of the same fauxqs (`AWS_ENDPOINT_URL_S3` is `endpoint`). Its
   * objects live in memory only, whatever LOCAL_DATA_DIR says: see docs/local.md.
   */
  readonly documentBucket: string;
  stop(): Promise<void>;
}

/** The local document bucket's name (on AWS the stateful stack names it). */
export const LOCAL_DOCUMENT_BUCKET = 'kim-registry-documents';

const DAY_SECONDS = 24 * 60 * 60;
/** SQS keeps messages at most 14 days. */
const MAX_RETENTION_SECONDS = 14 * DAY_SECONDS;
const retention = (days: number) => String(Math.min(MAX_RETENTION_SECONDS, days * DAY_SECONDS));

/**
 * Starts fauxqs (the SQS stand-in) in this process and creates every queue of
 * `queueDefinitions` with its dead-letter queue (redrive after `maxReceiveCount`, the visibility
 * timeout and retention of the definition), plus the stream source's on-failure queue.
 */
export const startLocalQueues = async (options: { port: number; region: string }): Promise<LocalQueues> => {
  const server = await startFauxqs({ port: options.port, logger: false, defaultRegion: options.region });
  const create = (name: string, attributes: Record<string, string>): LocalQueue => {
    const { queueUrl, queueArn } = server.createQueue(name, { region: options.region, attributes });
    return { url: queueUrl, arn: queueArn };
  };
  const queues = {} as Record<QueueName, LocalQueueWithDlq>;
  for (const [name, definition] of Object.entries(queueDefinitions) as Array<
    [QueueName, (typeof queueDefinitions)[QueueName]]
  >) {
    const dlq = create(`${name}-dlq`, {
      MessageRetentionPeriod: retention(definition.deadLetterRetentionDays),
    });
    const queue = create(name, {
      VisibilityTimeout: String(definition.visibilityTimeoutSeconds),
      MessageRetentionPeriod: retention(definition.retentionDays),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: dlq.arn,
        maxReceiveCount: definition.maxReceiveCount,
      }),
    });
    queues[name] = { ...queue, dlq };
  }
  const streamFailures = create(`${streamSource.function}-stream-failures`, {
    MessageRetentionPeriod: String(MAX_RETENTION_SECONDS),
  });
  server.createBucket(LOCAL_DOCUMENT_BUCKET);
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    port: server.port,
    queues,
    streamFailures,
    documentBucket: LOCAL_DOCUMENT_BUCKET,
    stop: () => {
      stopped ??= server.stop();
      return stopped;
    },
  };
};

type Handler = (event: unknown, context: ReturnType<typeof createLambdaContext>) => Promise<unknown>;

/** Whether a function's entry file is there (consumers written later are polled once they exist). */
export const functionExists = (root: string, name: FunctionName): boolean =>
  existsSync(join(root, functionDefinitions[name].entry));

/**
 * Imports a function's module and returns an invoker that calls its `handler` as Lambda would:
 * with a Lambda context and a log context of its own, failing after the function's timeout,
 * through the fault injector. `settle` is awaited after the handler returned, before the
 * invoker resolves (and the poller acts on the result).
 */
export const loadFunction = async (
  root: string,
  name: FunctionName,
  region: string,
  faults?: FaultInjector,
  settle?: () => Promise<void>,
): Promise<(event: unknown) => Promise<unknown>> => {
  const definition: { entry: string; memorySize?: number; timeoutSeconds?: number } =
    functionDefinitions[name];
  const module = (await import(pathToFileURL(join(root, definition.entry)).href)) as { handler?: unknown };
  if (typeof module.handler !== 'function')
    throw new Error(`${definition.entry} does not export a handler function`);
  const handler = module.handler as Handler;
  const timeoutSeconds = definition.timeoutSeconds ?? 10;
  const invoke = async (event: unknown) => {
    const context = createLambdaContext({
      functionName: name,
      memorySize: definition.memorySize ?? 256,
      timeoutSeconds,
      region,
    });
    const result = await runInvocation({ context, timeoutSeconds }, () => handler(event, context));
    await settle?.();
    return result;
  };
  return faults ? faults.wrap(name, invoke) : invoke;
};

export interface PipelineOptions {
  readonly root: string;
  readonly region: string;
  readonly dynamoDb: DynamoDbClient;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  readonly queues: LocalQueues;
  /** JSON file of the stream checkpoints; undefined keeps them in memory. */
  readonly checkpointFile?: string;
  /** Seconds before a failed message comes back (instead of the rest of the visibility timeout). */
  readonly retryDelaySeconds: number;
  readonly faults?: FaultInjector;
  /** Awaited after each consumer returned, before its batch is acknowledged (see `loadFunction`). */
  readonly settle?: () => Promise<void>;
  readonly log: (line: string) => void;
  /**
   * Caps every source's batching window at this many seconds (local only, LOCAL_BATCHING_WINDOW_SECONDS).
   * @default - the windows of the pipeline settings
   */
  readonly maxBatchingWindowSeconds?: number;
  /** On stop, how long the consumers may go on taking what is queued (the queues are in memory). @default 5000 */
  readonly drainMs?: number;
}

/** Waits until the queues hold no message, visible or in flight, or `ms` passed. */
const drainQueues = async (sqs: SQSClient, queueUrls: readonly string[], ms: number) => {
  const deadline = Date.now() + ms;
  const depth = async (queueUrl: string) => {
    const output = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(output.Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(output.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
    );
  };
  try {
    while (Date.now() < deadline) {
      const left = await Promise.all(queueUrls.map(depth));
      if (left.every((count) => count === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch {
    // Stopping goes on whatever the queues answer.
  }
};

export interface Pipeline {
  /** Queues polled, by name; a queue whose consumer file is missing is not polled. */
  readonly polled: readonly QueueName[];
  stats(): {
    readonly stream: ReturnType<StreamPoller['stats']>;
    readonly queues: Partial<Record<QueueName, QueuePollerStats>>;
  };
  stop(): Promise<void>;
}

/**
 * Plays the event source mappings of `shared/platform/pipeline-settings.ts`: the table stream into the
 * fan-out function (failures to the on-failure queue), and each queue into its consumer. The
 * functions' environment (queue URLs, endpoints) must be set before this imports them.
 */
export const startPipeline = async (options: PipelineOptions): Promise<Pipeline> => {
  const { queues, region } = options;
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const sqs = new SQSClient({ endpoint: queues.endpoint, region, credentials, useQueueUrlAsEndpoint: false });
  const streams = new DynamoDBStreamsClient({ endpoint: options.dynamoEndpoint, region, credentials });
  const arnOf = (name: string) => `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${name}`;
  const cap = options.maxBatchingWindowSeconds;
  const windowed = <T extends { readonly maxBatchingWindowSeconds: number }>(settings: T): T =>
    cap === undefined
      ? settings
      : { ...settings, maxBatchingWindowSeconds: Math.min(settings.maxBatchingWindowSeconds, cap) };
  const fanOut = await loadFunction(
    options.root,
    streamSource.function,
    region,
    options.faults,
    options.settle,
  );

  const queuePollers: Array<[QueueName, QueuePoller]> = [];
  const stopQueuePollers = () => Promise.all(queuePollers.map(([, poller]) => poller.stop()));
  let streamPoller: StreamPoller | undefined;
  try {
    for (const [name, definition] of Object.entries(queueDefinitions) as Array<
      [QueueName, (typeof queueDefinitions)[QueueName]]
    >) {
      if (!functionExists(options.root, definition.consumer)) {
        options.log(
          `[pipeline] ${functionDefinitions[definition.consumer].entry} is missing: queue ${name} is not polled`,
        );
        continue;
      }
      const invoke = await loadFunction(
        options.root,
        definition.consumer,
        region,
        options.faults,
        options.settle,
      );
      queuePollers.push([
        name,
        startQueuePoller({
          sqs,
          queueUrl: queues.queues[name].url,
          queueArn: queues.queues[name].arn,
          region,
          definition: windowed(definition),
          invoke,
          retryDelaySeconds: options.retryDelaySeconds,
          log: options.log,
        }),
      ]);
    }
    streamPoller = await startStreamPoller({
      dynamoDb: options.dynamoDb,
      streams,
      tableName: options.tableName,
      region,
      source: windowed(streamSource),
      functionArn: arnOf(streamSource.function),
      invoke: (records) => fanOut({ Records: records }),
      onFailure: async (failure: StreamFailureRecord) => {
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: queues.streamFailures.url,
            MessageBody: JSON.stringify(failure),
          }),
        );
      },
      ...(options.checkpointFile === undefined ? {} : { checkpointFile: options.checkpointFile }),
      log: options.log,
    });
  } catch (error) {
    await stopQueuePollers();
    sqs.destroy();
    streams.destroy();
    throw error;
  }
  const running = streamPoller;
  let stopped: Promise<void> | undefined;
  return {
    polled: queuePollers.map(([name]) => name),
    stats: () => ({
      stream: running.stats(),
      queues: Object.fromEntries(queuePollers.map(([name, poller]) => [name, poller.stats()])),
    }),
    stop: () => {
      // The stream first; then the consumers get a moment to take what it sent, because the
      // queues live in memory and go with the process.
      stopped ??= running
        .stop()
        .then(() =>
          drainQueues(
            sqs,
            queuePollers.map(([name]) => queues.queues[name].url),
            options.drainMs ?? 5000,
          ),
        )
        .then(stopQueuePollers)
        .then(() => {
          sqs.destroy();
          streams.destroy();
        });
      return stopped;
    },
  };
};
