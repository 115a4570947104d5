import { randomUUID } from 'node:crypto';
import type { DynamoDBRecord } from 'aws-lambda';
import type { StreamSourceDefinition } from '../../../shared/platform/pipeline-settings.js';

/** What the function answered: nothing, or Lambda's partial batch response. */
export type StreamInvoke = (records: DynamoDBRecord[]) => Promise<unknown>;

/**
 * The metadata Lambda sends to a stream source's on-failure destination when it gives up on
 * records: where they were in the stream and why, never the records themselves.
 */
export interface StreamFailureRecord {
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
    readonly approximateInvokeCount: number;
  };
  readonly responseContext: {
    readonly statusCode: number;
    readonly executedVersion: string;
    readonly functionError?: string;
  };
  readonly version: '1.0';
  readonly timestamp: string;
  readonly DDBStreamBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    readonly approximateArrivalOfFirstRecord: string;
    readonly approximateArrivalOfLastRecord: string;
    readonly batchSize: number;
    readonly streamArn: string;
  };
}

export type StreamDeliverySettings = Pick<
  StreamSourceDefinition,
  'retryAttempts' | 'maxRecordAgeSeconds' | 'bisectBatchOnError'
>;

export interface StreamDeliveryOptions {
  readonly invoke: StreamInvoke;
  readonly settings: StreamDeliverySettings;
  /** Sends one failure record to the on-failure destination. */
  readonly onFailure: (failure: StreamFailureRecord) => Promise<void>;
  readonly shardId: string;
  readonly streamArn: string;
  readonly functionArn: string;
  /** @default Date.now */
  readonly now?: () => number;
  /** Wait before retry `n` (1-based). @default 100 ms doubling, at most 2 s */
  readonly retryDelayMs?: (retry: number) => number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Once aborted, no further invocation or retry starts: delivery rejects, nothing is given up on. */
  readonly signal?: AbortSignal;
  /** Told about every failed invocation (for the local log). */
  readonly onInvokeError?: (error: unknown, batchSize: number) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const defaultRetryDelay = (retry: number) => Math.min(2000, 100 * 2 ** (retry - 1));

const createdAtMs = (record: DynamoDBRecord) => (record.dynamodb?.ApproximateCreationDateTime ?? 0) * 1000;
const sequenceOf = (record: DynamoDBRecord) => record.dynamodb?.SequenceNumber ?? '';

/** Delivery stopped before the batch was done (the poller is stopping); its checkpoint must not move. */
export class StreamDeliveryStoppedError extends Error {
  override readonly name = 'StreamDeliveryStoppedError';
  constructor() {
    super('Stream delivery stopped');
  }
}

type Outcome =
  | { readonly kind: 'success' }
  /** The function threw, or its response named no usable record: the whole batch failed. */
  | { readonly kind: 'failed'; readonly functionError: string }
  /** The function reported records from `index` on as failed; the ones before it are done. */
  | { readonly kind: 'partial'; readonly index: number };

/**
 * Reads a response the way Lambda does with `ReportBatchItemFailures`: an empty or missing list
 * is success; otherwise the lowest failed sequence number is the checkpoint. An identifier that
 * is empty or not in the batch fails the whole batch.
 */
const outcomeOf = (records: readonly DynamoDBRecord[], response: unknown): Outcome => {
  if (typeof response !== 'object' || response === null) return { kind: 'success' };
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) return { kind: 'failed', functionError: 'InvalidBatchItemFailures' };
  if (failures.length === 0) return { kind: 'success' };
  let lowest = Number.POSITIVE_INFINITY;
  for (const failure of failures) {
    const identifier = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const index =
      typeof identifier === 'string' && identifier !== ''
        ? records.findIndex((record) => sequenceOf(record) === identifier)
        : -1;
    if (index < 0) return { kind: 'failed', functionError: 'InvalidBatchItemFailures' };
    lowest = Math.min(lowest, index);
  }
  return { kind: 'partial', index: lowest };
};

/**
 * Delivers one batch of a shard with the semantics of Lambda's stream event source mapping and
 * resolves once every record is either processed or reported to the on-failure destination:
 * a partial batch response checkpoints the records before the reported one and retries from it;
 * a failure bisects the batch (when enabled; splitting does not use up retries) or retries it,
 * up to `retryAttempts` retries; records older than `maxRecordAgeSeconds` are given up on. The
 * shard waits meanwhile, as on AWS, so records of one shard are processed in order.
 */
export const deliverStreamBatch = async (
  records: readonly DynamoDBRecord[],
  options: StreamDeliveryOptions,
): Promise<{ readonly invocations: number; readonly failed: number }> => {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const retryDelay = options.retryDelayMs ?? defaultRetryDelay;
  const { settings } = options;
  let invocations = 0;
  let failed = 0;

  const giveUp = async (
    batch: readonly DynamoDBRecord[],
    condition: StreamFailureRecord['requestContext']['condition'],
    invokeCount: number,
    functionError?: string,
  ) => {
    const first = batch[0];
    const last = batch[batch.length - 1];
    if (first === undefined || last === undefined) return;
    failed += batch.length;
    await options.onFailure({
      requestContext: {
        requestId: randomUUID(),
        functionArn: options.functionArn,
        condition,
        approximateInvokeCount: invokeCount,
      },
      responseContext: {
        statusCode: 200,
        executedVersion: '$LATEST',
        ...(functionError === undefined ? {} : { functionError }),
      },
      version: '1.0',
      timestamp: new Date(now()).toISOString(),
      DDBStreamBatchInfo: {
        shardId: options.shardId,
        startSequenceNumber: sequenceOf(first),
        endSequenceNumber: sequenceOf(last),
        approximateArrivalOfFirstRecord: new Date(createdAtMs(first)).toISOString(),
        approximateArrivalOfLastRecord: new Date(createdAtMs(last)).toISOString(),
        batchSize: batch.length,
        streamArn: options.streamArn,
      },
    });
  };

  const deliver = async (initial: readonly DynamoDBRecord[], retriesSoFar: number): Promise<void> => {
    let batch = initial;
    let retries = retriesSoFar;
    while (batch.length > 0) {
      if (options.signal?.aborted) throw new StreamDeliveryStoppedError();
      const oldestAllowed = now() - settings.maxRecordAgeSeconds * 1000;
      const expired = batch.filter((record) => createdAtMs(record) < oldestAllowed);
      if (expired.length > 0) {
        // Records of a shard are in creation order: the expired ones lead the batch.
        await giveUp(expired, 'RecordAgeExceeded', retries + 1);
        batch = batch.filter((record) => !expired.includes(record));
        continue;
      }
      invocations++;
      let outcome: Outcome;
      try {
        outcome = outcomeOf(batch, await options.invoke([...batch]));
      } catch (error) {
        options.onInvokeError?.(error, batch.length);
        outcome = { kind: 'failed', functionError: 'Unhandled' };
      }
      if (outcome.kind === 'success') return;
      const failing = outcome.kind === 'partial' ? batch.slice(outcome.index) : batch;
      if (settings.bisectBatchOnError && failing.length > 1) {
        const middle = Math.ceil(failing.length / 2);
        await deliver(failing.slice(0, middle), retries);
        await deliver(failing.slice(middle), retries);
        return;
      }
      retries++;
      if (retries > settings.retryAttempts) {
        await giveUp(
          failing,
          'RetryAttemptsExhausted',
          retries,
          outcome.kind === 'failed' ? outcome.functionError : undefined,
        );
        return;
      }
      await sleep(retryDelay(retries));
      batch = failing;
    }
  };

  await deliver(records, 0);
  return { invocations, failed };
};
