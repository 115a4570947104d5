import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandInput,
  GetShardIteratorCommand,
  type GetShardIteratorCommandInput,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DescribeTableCommand } from '../../../infra/local/emulators/table-commands.js';
import { type StreamPollerOptions, startStreamPoller } from '../../../infra/local/lambda/stream-poller.js';
import { DynamoDbClient } from '../../../shared/platform/dynamodb/client.js';
import { streamSource } from '../../../shared/platform/pipeline-settings.js';
import { mockDynamoDb } from '../../fixtures/dynamodb-mock.js';

const STREAM_ARN = 'arn:aws:dynamodb:ddblocal:000000000000:table/t/stream/1';
const dynamoMock = mockDynamoDb();
const streamsMock = mockClient(DynamoDBStreamsClient);
const folder = mkdtempSync(join(tmpdir(), 'kim-poller-'));

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

const record = (sequence: number, sk = 'REG'): _Record => ({
  eventID: `e${sequence}`,
  eventName: 'INSERT',
  eventSource: 'aws:dynamodb',
  dynamodb: {
    ApproximateCreationDateTime: new Date(),
    Keys: { PK: { S: `REG#${sequence}` }, SK: { S: sk } },
    NewImage: { PK: { S: `REG#${sequence}` }, SK: { S: sk } },
    SequenceNumber: String(sequence).padStart(21, '0'),
    SizeBytes: 50,
    StreamViewType: 'NEW_AND_OLD_IMAGES',
  },
});

/**
 * A fake stream: each shard holds its records; an iterator is `<shard>:<position>`; a shard marked
 * closed ends (no next iterator) once read to its end.
 */
const serveStream = (shards: Array<{ id: string; parent?: string; records: _Record[]; closed: boolean }>) => {
  dynamoMock.on(DescribeTableCommand).resolves({ Table: { LatestStreamArn: STREAM_ARN } });
  streamsMock.on(DescribeStreamCommand).resolves({
    StreamDescription: {
      StreamArn: STREAM_ARN,
      Shards: shards.map((shard) => ({
        ShardId: shard.id,
        ...(shard.parent ? { ParentShardId: shard.parent } : {}),
      })),
    },
  });
  const iteratorRequests: GetShardIteratorCommandInput[] = [];
  streamsMock.on(GetShardIteratorCommand).callsFake((input: GetShardIteratorCommandInput) => {
    iteratorRequests.push(input);
    const shard = shards.find((candidate) => candidate.id === input.ShardId);
    const after =
      input.ShardIteratorType === 'AFTER_SEQUENCE_NUMBER'
        ? (shard?.records.findIndex((item) => item.dynamodb?.SequenceNumber === input.SequenceNumber) ?? -1) +
          1
        : 0;
    return { ShardIterator: `${input.ShardId}:${after}` };
  });
  streamsMock.on(GetRecordsCommand).callsFake((input: GetRecordsCommandInput) => {
    const [id, position] = (input.ShardIterator ?? '').split(':');
    const shard = shards.find((candidate) => candidate.id === id);
    const start = Number(position);
    const records = (shard?.records ?? []).slice(start, start + (input.Limit ?? 1000));
    const next = start + records.length;
    const ended = shard?.closed && next >= shard.records.length;
    return { Records: records, ...(ended ? {} : { NextShardIterator: `${id}:${next}` }) };
  });
  return { iteratorRequests };
};

const poll = (invoke: StreamPollerOptions['invoke'], overrides: Partial<StreamPollerOptions> = {}) =>
  startStreamPoller({
    dynamoDb: new DynamoDbClient({ region: 'ap-southeast-3' }),
    streams: new DynamoDBStreamsClient({ region: 'ap-southeast-3' }),
    tableName: 't',
    region: 'ap-southeast-3',
    source: { ...streamSource, maxBatchingWindowSeconds: 0 },
    functionArn: 'arn:aws:lambda:ap-southeast-3:000000000000:function:fanOut',
    invoke,
    onFailure: async () => {},
    pollIntervalMs: 10,
    discoverIntervalMs: 20,
    ...overrides,
  });

const sequencesOf = (batch: DynamoDBRecord[]) => batch.map((item) => Number(item.dynamodb?.SequenceNumber));

beforeEach(() => {
  dynamoMock.reset();
  streamsMock.reset();
});

describe('stream poller: shards, filter, batches, checkpoints', () => {
  it('reads a child shard only after its parent is read to the end, in order', async () => {
    serveStream([
      { id: 'child', parent: 'parent', records: [record(4), record(5)], closed: false },
      { id: 'parent', records: [record(1), record(2), record(3)], closed: true },
    ]);
    const delivered: number[] = [];
    const poller = await poll(async (batch) => {
      delivered.push(...sequencesOf(batch));
      return {};
    });
    await vi.waitFor(() => expect(delivered).toHaveLength(5), { timeout: 2000 });
    await poller.stop();
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
  });

  it('hands the function only the records matching the filter, in Lambda shape, and counts the rest', async () => {
    serveStream([{ id: 'only', records: [record(1), record(2, 'HIST#x'), record(3)], closed: false }]);
    const batches: DynamoDBRecord[][] = [];
    const poller = await poll(async (batch) => {
      batches.push(batch);
      return {};
    });
    await vi.waitFor(() => expect(poller.stats().filteredOut).toBe(1), { timeout: 2000 });
    await vi.waitFor(() => expect(batches.flat()).toHaveLength(2), { timeout: 2000 });
    await poller.stop();
    expect(sequencesOf(batches.flat())).toEqual([1, 3]);
    expect(batches[0]?.[0]).toMatchObject({
      eventID: 'e1',
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      eventSourceARN: STREAM_ARN,
      awsRegion: 'ap-southeast-3',
      dynamodb: { ApproximateCreationDateTime: expect.any(Number), SequenceNumber: '000000000000000000001' },
    });
  });

  it('invokes with at most batchSize records', async () => {
    serveStream([
      { id: 'only', records: Array.from({ length: 250 }, (_, index) => record(index + 1)), closed: false },
    ]);
    const sizes: number[] = [];
    const poller = await poll(async (batch) => {
      sizes.push(batch.length);
      return {};
    });
    await vi.waitFor(() => expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(250), { timeout: 3000 });
    await poller.stop();
    expect(Math.max(...sizes)).toBe(streamSource.batchSize);
  });

  it('gathers records arriving within the batching window into one invocation', async () => {
    const shard = { id: 'only', records: [record(1)], closed: false };
    serveStream([shard]);
    const sizes: number[] = [];
    const poller = await poll(
      async (batch) => {
        sizes.push(batch.length);
        return {};
      },
      { source: { ...streamSource, maxBatchingWindowSeconds: 1 } },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    shard.records.push(record(2), record(3));
    await vi.waitFor(() => expect(sizes).toEqual([3]), { timeout: 3000 });
    await poller.stop();
  });

  it('keeps a checkpoint per shard in its file and resumes after it; a finished shard is not read again', async () => {
    const checkpointFile = join(folder, 'checkpoints.json');
    const shards = [
      { id: 'parent', records: [record(1), record(2)], closed: true },
      { id: 'child', parent: 'parent', records: [record(3)], closed: false },
    ];
    const { iteratorRequests } = serveStream(shards);
    const delivered: number[] = [];
    const invoke = async (batch: DynamoDBRecord[]) => {
      delivered.push(...sequencesOf(batch));
      return {};
    };
    const first = await poll(invoke, { checkpointFile });
    await vi.waitFor(() => expect(delivered).toEqual([1, 2, 3]), { timeout: 2000 });
    await first.stop();
    expect(JSON.parse(readFileSync(checkpointFile, 'utf8'))).toEqual({
      streamArn: STREAM_ARN,
      shards: {
        parent: { sequenceNumber: '000000000000000000002', finished: true },
        child: { sequenceNumber: '000000000000000000003' },
      },
    });

    shards[1]?.records.push(record(4));
    iteratorRequests.length = 0;
    const second = await poll(invoke, { checkpointFile });
    await vi.waitFor(() => expect(delivered).toEqual([1, 2, 3, 4]), { timeout: 2000 });
    await second.stop();
    expect(iteratorRequests).toEqual([
      expect.objectContaining({
        ShardId: 'child',
        ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
        SequenceNumber: '000000000000000000003',
      }),
    ]);
  });

  it('does not move the checkpoint past records of a batch that was not done when it stopped', async () => {
    const checkpointFile = join(folder, 'stopped.json');
    serveStream([{ id: 'only', records: [record(1)], closed: false }]);
    let calls = 0;
    const poller = await poll(
      async () => {
        calls++;
        throw new Error('down');
      },
      { checkpointFile, retryDelayMs: () => 50 },
    );
    await vi.waitFor(() => expect(calls).toBeGreaterThan(1), { timeout: 2000 });
    await poller.stop();
    expect(() => readFileSync(checkpointFile, 'utf8')).toThrow();
  });
});

describe('stream poller: a checkpoint the stream no longer holds', () => {
  it('reads from the oldest record left when the records after the checkpoint were trimmed', async () => {
    const checkpointFile = join(folder, 'trimmed.json');
    serveStream([{ id: 'only', records: [record(7), record(8)], closed: false }]);
    const trimmed = Object.assign(new Error('trimmed'), { name: 'TrimmedDataAccessException' });
    streamsMock
      .on(GetShardIteratorCommand, { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' })
      .rejects(trimmed)
      .on(GetShardIteratorCommand, { ShardIteratorType: 'TRIM_HORIZON' })
      .resolves({ ShardIterator: 'only:0' });
    writeFileSync(
      checkpointFile,
      JSON.stringify({
        streamArn: STREAM_ARN,
        shards: { only: { sequenceNumber: '000000000000000000003' } },
      }),
    );
    const delivered: number[] = [];
    const lines: string[] = [];
    const poller = await poll(
      async (batch) => {
        delivered.push(...sequencesOf(batch));
        return {};
      },
      { checkpointFile, log: (line) => lines.push(line) },
    );
    await vi.waitFor(() => expect(delivered).toEqual([7, 8]), { timeout: 4000 });
    await poller.stop();
    expect(lines.join('\n')).toContain('trimmed');
  });
});
