import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { QueueDefinition } from '../../../shared/platform/pipeline-settings.js';

export type QueueInvoke = (event: SQSEvent) => Promise<unknown>;

export interface QueuePollerOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly definition: Pick<
    QueueDefinition,
    'consumer' | 'batchSize' | 'maxBatchingWindowSeconds' | 'maximumConcurrency'
  >;
  readonly invoke: QueueInvoke;
  /**
   * Seconds before a failed message is received again. On AWS it stays invisible for the rest of
   * the queue's visibility timeout; locally the poller shortens that so retries happen while you watch.
   */
  readonly retryDelaySeconds: number;
  /** Long-poll wait of an empty receive, in seconds. @default 1 */
  readonly waitTimeSeconds?: number;
  readonly log?: (line: string) => void;
}

export interface QueuePollerStats {
  readonly received: number;
  readonly invocations: number;
  /** Messages the function processed: deleted from the queue. */
  readonly deleted: number;
  /** Messages the function failed: left for redelivery (and, after maxReceiveCount, the DLQ). */
  readonly failed: number;
  readonly maxInFlight: number;
}

export interface QueuePoller {
  stats(): QueuePollerStats;
  /** Stops receiving and waits for the invocations in flight to finish and settle their messages. */
  stop(): Promise<void>;
}

const MAX_RECEIVE = 10;

const describeMessage = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

const lambdaAttributes = (message: Message): SQSRecord['messageAttributes'] => {
  const attributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    attributes[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
      ...(value.BinaryValue === undefined
        ? {}
        : { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((item) => Buffer.from(item).toString('base64')),
    };
  }
  return attributes;
};

/** An SQS message as Lambda's SQS event source hands it to a function. */
export const toSqsRecord = (message: Message, queueArn: string, region: string): SQSRecord => {
  const system = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: system.ApproximateReceiveCount ?? '1',
      SentTimestamp: system.SentTimestamp ?? String(Date.now()),
      SenderId: system.SenderId ?? '000000000000',
      ApproximateFirstReceiveTimestamp: system.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(system.AWSTraceHeader === undefined ? {} : { AWSTraceHeader: system.AWSTraceHeader }),
    },
    messageAttributes: lambdaAttributes(message),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
};

/**
 * Which messages of a batch failed, read the way Lambda reads a response with
 * `ReportBatchItemFailures`: a throw, or an identifier that is missing or not in the batch, fails
 * them all; an empty or absent list fails none.
 */
export const failedMessageIds = (records: readonly SQSRecord[], response: unknown): ReadonlySet<string> => {
  const all = new Set(records.map((record) => record.messageId));
  if (typeof response !== 'object' || response === null) return new Set();
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return all;
  const failed = new Set<string>();
  for (const failure of failures) {
    const identifier = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof identifier !== 'string' || !all.has(identifier)) return all;
    failed.add(identifier);
  }
  return failed;
};

const chunksOf = <T>(items: readonly T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
};

/**
 * Plays Lambda's SQS event source mapping for one queue: receives up to 10 messages a call,
 * gathers up to `batchSize` of them within the batching window, keeps at most
 * `maximumConcurrency` invocations in flight, deletes the messages the function processed, and
 * leaves the failed ones to come back (the queue's redrive policy moves them to the DLQ after
 * `maxReceiveCount` receives).
 */
export const startQueuePoller = (options: QueuePollerOptions): QueuePoller => {
  const { sqs, queueUrl, definition } = options;
  const log = options.log ?? (() => undefined);
  const waitTime = options.waitTimeSeconds ?? 1;
  const controller = new AbortController();
  const { signal } = controller;
  const counters = { received: 0, invocations: 0, deleted: 0, failed: 0, maxInFlight: 0 };
  const inFlight = new Set<Promise<void>>();

  const receive = async (max: number, waitSeconds: number): Promise<Message[]> => {
    const output = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: max,
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: signal },
    );
    return output.Messages ?? [];
  };

  const gather = async (): Promise<Message[]> => {
    const messages: Message[] = [];
    let windowEnds = 0;
    while (!signal.aborted && messages.length < definition.batchSize) {
      const remainingMs = messages.length === 0 ? Number.POSITIVE_INFINITY : windowEnds - Date.now();
      if (remainingMs <= 0) break;
      const wait = messages.length === 0 ? waitTime : Math.min(waitTime, Math.floor(remainingMs / 1000));
      const got = await receive(Math.min(MAX_RECEIVE, definition.batchSize - messages.length), wait);
      if (got.length > 0 && messages.length === 0) {
        windowEnds = Date.now() + definition.maxBatchingWindowSeconds * 1000;
      }
      messages.push(...got);
      if (got.length === 0 && messages.length > 0 && wait === 0) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(50, Math.max(0, remainingMs))));
      }
    }
    return messages;
  };

  const settle = async (records: readonly SQSRecord[], failed: ReadonlySet<string>) => {
    const done = records.filter((record) => !failed.has(record.messageId));
    const again = records.filter((record) => failed.has(record.messageId));
    for (const chunk of chunksOf(done, MAX_RECEIVE)) {
      const output = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
        }),
      );
      if ((output.Failed ?? []).length > 0)
        log(`[${definition.consumer}] ${output.Failed?.length} delete(s) failed`);
    }
    for (const chunk of chunksOf(again, MAX_RECEIVE)) {
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((record, index) => ({
            Id: String(index),
            ReceiptHandle: record.receiptHandle,
            VisibilityTimeout: options.retryDelaySeconds,
          })),
        }),
      );
    }
    counters.deleted += done.length;
    counters.failed += again.length;
  };

  const run = async (messages: Message[]) => {
    const records = messages.map((message) => toSqsRecord(message, options.queueArn, options.region));
    counters.invocations++;
    let failed: ReadonlySet<string>;
    try {
      failed = failedMessageIds(records, await options.invoke({ Records: records }));
    } catch (error) {
      log(`[${definition.consumer}] failed on a batch of ${records.length}: ${describeMessage(error)}`);
      failed = new Set(records.map((record) => record.messageId));
    }
    try {
      await settle(records, failed);
    } catch (error) {
      // Unsettled messages come back after the visibility timeout, as on AWS.
      log(`[${definition.consumer}] settling a batch failed: ${describeMessage(error)}`);
    }
  };

  const loop = (async () => {
    while (!signal.aborted) {
      if (inFlight.size >= definition.maximumConcurrency) {
        await Promise.race(inFlight);
        continue;
      }
      let messages: Message[];
      try {
        messages = await gather();
      } catch (error) {
        if (signal.aborted) break;
        log(`[${definition.consumer}] receiving failed: ${describeMessage(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      if (messages.length === 0) continue;
      counters.received += messages.length;
      const running = run(messages).finally(() => inFlight.delete(running));
      inFlight.add(running);
      counters.maxInFlight = Math.max(counters.maxInFlight, inFlight.size);
    }
  })();

  return {
    stats: () => ({ ...counters }),
    stop: async () => {
      controller.abort();
      await loop;
      await Promise.all(inFlight);
    },
  };
};
