import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as SdkStreamRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import type { DynamoDbClient } from '../../../shared/platform/dynamodb/client.js';
import type { StreamSourceDefinition } from '../../../shared/platform/pipeline-settings.js';
import { DescribeTableCommand } from '../emulators/table-commands.js';
import { matchesAnyFilter } from './event-filter.js';
import { deliverStreamBatch, type StreamFailureRecord, type StreamInvoke } from './stream-delivery.js';

/** Where each shard has been read up to, so a restart resumes there. */
interface CheckpointFile {
  readonly streamArn: string;
  readonly shards: Record<string, { sequenceNumber?: string | undefined; finished?: boolean }>;
}

/** Keeps the per-shard checkpoints in a JSON file (written whole, by rename), or only in memory. */
export class StreamCheckpoints {
  private state: CheckpointFile;

  constructor(
    private readonly file: string | undefined,
    streamArn: string,
  ) {
    let loaded: CheckpointFile | undefined;
    if (file !== undefined) {
      try {
        loaded = JSON.parse(readFileSync(file, 'utf8')) as CheckpointFile;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    // A different stream ARN is a new table: its checkpoints start afresh.
    this.state = loaded?.streamArn === streamArn ? loaded : { streamArn, shards: {} };
  }

  get(shardId: string) {
    return this.state.shards[shardId];
  }

  set(shardId: string, value: { sequenceNumber?: string | undefined; finished?: boolean }) {
    this.state.shards[shardId] = { ...this.state.shards[shardId], ...value };
    this.save();
  }

  /** Forgets finished shards the stream no longer lists (trimmed after 24 h). */
  prune(listed: ReadonlySet<string>) {
    const before = Object.keys(this.state.shards).length;
    for (const [shardId, value] of Object.entries(this.state.shards)) {
      if (value.finished && !listed.has(shardId)) delete this.state.shards[shardId];
    }
    if (Object.keys(this.state.shards).length !== before) this.save();
  }

  private save() {
    if (this.file === undefined) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.state));
    renameSync(temporary, this.file);
  }
}

/** A stream record of the DynamoDB Streams API in the shape Lambda hands it to a function. */
export const toLambdaRecord = (
  record: SdkStreamRecord,
  streamArn: string,
  region: string,
): DynamoDBRecord => {
  const stream = record.dynamodb ?? {};
  const created = stream.ApproximateCreationDateTime;
  return {
    ...(record.eventID === undefined ? {} : { eventID: record.eventID }),
    ...(record.eventName === undefined ? {} : { eventName: record.eventName }),
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(created === undefined ? {} : { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) }),
      ...(stream.Keys === undefined ? {} : { Keys: stream.Keys }),
      ...(stream.NewImage === undefined ? {} : { NewImage: stream.NewImage }),
      ...(stream.OldImage === undefined ? {} : { OldImage: stream.OldImage }),
      ...(stream.SequenceNumber === undefined ? {} : { SequenceNumber: stream.SequenceNumber }),
      ...(stream.SizeBytes === undefined ? {} : { SizeBytes: stream.SizeBytes }),
      ...(stream.StreamViewType === undefined ? {} : { StreamViewType: stream.StreamViewType }),
    },
  } as DynamoDBRecord;
};

export interface StreamPollerOptions {
  readonly dynamoDb: DynamoDbClient;
  readonly streams: DynamoDBStreamsClient;
  readonly tableName: string;
  readonly region: string;
  readonly source: StreamSourceDefinition;
  readonly functionArn: string;
  readonly invoke: StreamInvoke;
  readonly onFailure: (failure: StreamFailureRecord) => Promise<void>;
  /** JSON file of the shard checkpoints; in memory (start at TRIM_HORIZON each time) when undefined. */
  readonly checkpointFile?: string;
  /** Pause between reads of a shard with nothing new. @default 250 (Lambda polls about 4 times a second) */
  readonly pollIntervalMs?: number;
  /** How often the shard list is read again, to find new shards. @default 1000 */
  readonly discoverIntervalMs?: number;
  readonly retryDelayMs?: (retry: number) => number;
  readonly log?: (line: string) => void;
}

export interface StreamPoller {
  readonly streamArn: string;
  /** Records handed to the function so far, invocations made, records given up on. */
  stats(): {
    readonly records: number;
    readonly filteredOut: number;
    readonly invocations: number;
    readonly failed: number;
  };
  /** Stops reading; resolves when no batch is being delivered any more. */
  stop(): Promise<void>;
}

const sleepFor = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/** GetRecords returns at most 1,000 records a call. */
const MAX_GET_RECORDS = 1000;

const describeMessage = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * Plays a Lambda event source mapping on the table's stream: follows every shard (children once
 * their parent is read to its end), keeps the records that match the filter, gathers up to
 * `batchSize` of them within the batching window, and delivers each batch with Lambda's retry
 * semantics (see `deliverStreamBatch`). One batch per shard is in flight at a time
 * (`parallelizationFactor` 1). Each shard's checkpoint moves after its batch is done.
 */
export const startStreamPoller = async (options: StreamPollerOptions): Promise<StreamPoller> => {
  const { source } = options;
  const pollInterval = options.pollIntervalMs ?? 250;
  const discoverInterval = options.discoverIntervalMs ?? 1000;
  const log = options.log ?? (() => undefined);
  const table = await options.dynamoDb.send(new DescribeTableCommand({ TableName: options.tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${options.tableName} has no stream`);
  const checkpoints = new StreamCheckpoints(options.checkpointFile, streamArn);
  const controller = new AbortController();
  const { signal } = controller;
  const counters = { records: 0, filteredOut: 0, invocations: 0, failed: 0 };
  const workers = new Map<string, Promise<void>>();
  const finished = new Set<string>();

  const iteratorFor = async (shardId: string): Promise<string | undefined> => {
    const sequenceNumber = checkpoints.get(shardId)?.sequenceNumber;
    const output = await options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(sequenceNumber === undefined
          ? { ShardIteratorType: 'TRIM_HORIZON' }
          : { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: sequenceNumber }),
      }),
    );
    return output.ShardIterator;
  };

  const readShard = async (shardId: string) => {
    let iterator: string | undefined;
    let batch: DynamoDBRecord[] = [];
    /** Records read but not yet looked at: a read may bring more than the batch has room for. */
    let pending: SdkStreamRecord[] = [];
    let lastSeen: string | undefined;
    let windowEnds = 0;
    let shardEnded = false;
    while (!signal.aborted) {
      try {
        iterator ??= await iteratorFor(shardId);
        let got = 0;
        if (pending.length === 0 && !shardEnded) {
          if (iterator === undefined) {
            shardEnded = true;
          } else {
            const output = await options.streams.send(
              new GetRecordsCommand({ ShardIterator: iterator, Limit: MAX_GET_RECORDS }),
              { abortSignal: signal },
            );
            pending = output.Records ?? [];
            got = pending.length;
            iterator = output.NextShardIterator;
            if (iterator === undefined) shardEnded = true;
          }
        }
        while (pending.length > 0 && batch.length < source.batchSize) {
          const raw = pending.shift();
          if (raw === undefined) break;
          lastSeen = raw.dynamodb?.SequenceNumber ?? lastSeen;
          const record = toLambdaRecord(raw, streamArn, options.region);
          if (matchesAnyFilter(record, [source.filterPattern])) {
            if (batch.length === 0) windowEnds = Date.now() + source.maxBatchingWindowSeconds * 1000;
            batch.push(record);
          } else {
            counters.filteredOut++;
          }
        }
        const drained = pending.length === 0;
        const full = batch.length >= source.batchSize;
        if (batch.length > 0 && (full || (shardEnded && drained) || Date.now() >= windowEnds)) {
          const delivered = batch;
          batch = [];
          counters.records += delivered.length;
          const result = await deliverStreamBatch(delivered, {
            invoke: options.invoke,
            settings: source,
            onFailure: options.onFailure,
            shardId,
            streamArn,
            functionArn: options.functionArn,
            signal,
            sleep: (ms) => sleepFor(ms, signal),
            ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
            onInvokeError: (error, size) =>
              log(`[stream] ${source.function} failed on a batch of ${size}: ${describeMessage(error)}`),
          });
          counters.invocations += result.invocations;
          counters.failed += result.failed;
          if (result.failed > 0) {
            log(`[stream] ${result.failed} record(s) of shard ${shardId} sent to the on-failure queue`);
          }
        }
        if (
          batch.length === 0 &&
          lastSeen !== undefined &&
          lastSeen !== checkpoints.get(shardId)?.sequenceNumber
        ) {
          checkpoints.set(shardId, { sequenceNumber: lastSeen });
        }
        if (shardEnded && drained && batch.length === 0) {
          checkpoints.set(shardId, { finished: true });
          finished.add(shardId);
          return;
        }
        if (got === 0 && drained && !full) {
          const wait =
            batch.length > 0 ? Math.min(pollInterval, Math.max(0, windowEnds - Date.now())) : pollInterval;
          await sleepFor(wait, signal);
        }
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof Error && error.name === 'TrimmedDataAccessException') {
          // The checkpoint is older than the stream keeps (24 h): what is left starts at the oldest record.
          log(
            `[stream] shard ${shardId}: records after the checkpoint were trimmed; reading from the oldest left`,
          );
          checkpoints.set(shardId, { sequenceNumber: undefined });
        } else {
          log(
            `[stream] reading shard ${shardId} failed, resuming from its checkpoint: ${describeMessage(error)}`,
          );
        }
        // Records read but not delivered are read again from the checkpoint.
        iterator = undefined;
        batch = [];
        pending = [];
        lastSeen = checkpoints.get(shardId)?.sequenceNumber;
        shardEnded = false;
        await sleepFor(1000, signal);
      }
    }
  };

  const listShards = async (): Promise<Shard[]> => {
    const shards: Shard[] = [];
    let exclusiveStart: string | undefined;
    do {
      const output = await options.streams.send(
        new DescribeStreamCommand({
          StreamArn: streamArn,
          ...(exclusiveStart === undefined ? {} : { ExclusiveStartShardId: exclusiveStart }),
        }),
        { abortSignal: signal },
      );
      shards.push(...(output.StreamDescription?.Shards ?? []));
      exclusiveStart = output.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStart !== undefined);
    return shards;
  };

  const discover = async () => {
    const shards = await listShards();
    const listed = new Set(shards.map((shard) => shard.ShardId ?? ''));
    for (const shard of shards) {
      const shardId = shard.ShardId;
      if (shardId === undefined || workers.has(shardId) || finished.has(shardId)) continue;
      if (checkpoints.get(shardId)?.finished) {
        finished.add(shardId);
        continue;
      }
      const parent = shard.ParentShardId;
      // A child waits until its parent is read to the end (a parent trimmed away no longer counts).
      if (
        parent !== undefined &&
        listed.has(parent) &&
        !finished.has(parent) &&
        !checkpoints.get(parent)?.finished
      ) {
        continue;
      }
      workers.set(shardId, readShard(shardId));
    }
    checkpoints.prune(listed);
  };

  const discovering = (async () => {
    while (!signal.aborted) {
      try {
        await discover();
      } catch (error) {
        if (!signal.aborted) log(`[stream] listing the shards failed: ${describeMessage(error)}`);
      }
      await sleepFor(discoverInterval, signal);
    }
  })();

  return {
    streamArn,
    stats: () => ({ ...counters }),
    stop: async () => {
      controller.abort();
      await discovering;
      await Promise.all(workers.values());
    },
  };
};
