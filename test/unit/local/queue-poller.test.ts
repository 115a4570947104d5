import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type ReceiveMessageCommandInput,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  failedMessageIds,
  type QueuePollerOptions,
  startQueuePoller,
} from '../../../infra/local/lambda/queue-poller.js';

const QUEUE_URL = 'http://sqs.ap-southeast-3.localhost:4566/000000000000/coverage';
const QUEUE_ARN = 'arn:aws:sqs:ap-southeast-3:000000000000:coverage';
const sqsMock = mockClient(SQSClient);

const message = (id: number, receiveCount = 1): Message => ({
  MessageId: `m${id}`,
  ReceiptHandle: `r${id}`,
  Body: JSON.stringify({ n: id }),
  MD5OfBody: 'md5',
  Attributes: {
    ApproximateReceiveCount: String(receiveCount),
    SentTimestamp: '1795820400000',
    SenderId: '000000000000',
    ApproximateFirstReceiveTimestamp: '1795820400100',
  },
});

/** A fake queue holding `count` messages; ReceiveMessage hands out at most its MaxNumberOfMessages. */
const serveQueue = (count: number) => {
  const ready = Array.from({ length: count }, (_, index) => message(index + 1));
  const receives: number[] = [];
  sqsMock.on(ReceiveMessageCommand).callsFake(async (input: ReceiveMessageCommandInput) => {
    const taken = ready.splice(0, input.MaxNumberOfMessages ?? 1);
    receives.push(taken.length);
    if (taken.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    return { Messages: taken };
  });
  sqsMock.on(DeleteMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  sqsMock.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
  return { receives };
};

const deletedHandles = () =>
  sqsMock
    .commandCalls(DeleteMessageBatchCommand)
    .flatMap((call) => call.args[0].input.Entries ?? [])
    .map((entry) => entry.ReceiptHandle);
const retried = () =>
  sqsMock
    .commandCalls(ChangeMessageVisibilityBatchCommand)
    .flatMap((call) => call.args[0].input.Entries ?? [])
    .map((entry) => [entry.ReceiptHandle, entry.VisibilityTimeout]);

const start = (
  invoke: QueuePollerOptions['invoke'],
  definition: Partial<QueuePollerOptions['definition']> = {},
) =>
  startQueuePoller({
    sqs: new SQSClient({ region: 'ap-southeast-3' }),
    queueUrl: QUEUE_URL,
    queueArn: QUEUE_ARN,
    region: 'ap-southeast-3',
    definition: {
      consumer: 'applyCoverage',
      batchSize: 10,
      maxBatchingWindowSeconds: 0,
      maximumConcurrency: 2,
      ...definition,
    },
    invoke,
    retryDelaySeconds: 1,
    waitTimeSeconds: 0,
  });

beforeEach(() => {
  sqsMock.reset();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SQS poller (Lambda SQS event source semantics)', () => {
  it('hands the function real-shaped SQS records and deletes what it processed', async () => {
    serveQueue(3);
    const events: SQSEvent[] = [];
    const poller = start(async (event) => {
      events.push(event);
      return { batchItemFailures: [] };
    });
    await vi.waitFor(() => expect(deletedHandles()).toHaveLength(3), { timeout: 2000 });
    await poller.stop();
    expect(events[0]?.Records[0]).toEqual({
      messageId: 'm1',
      receiptHandle: 'r1',
      body: '{"n":1}',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1795820400000',
        SenderId: '000000000000',
        ApproximateFirstReceiveTimestamp: '1795820400100',
      },
      messageAttributes: {},
      md5OfBody: 'md5',
      eventSource: 'aws:sqs',
      eventSourceARN: QUEUE_ARN,
      awsRegion: 'ap-southeast-3',
    });
    const receive = sqsMock.commandCalls(ReceiveMessageCommand)[0]?.args[0].input;
    expect(receive).toMatchObject({ QueueUrl: QUEUE_URL, MaxNumberOfMessages: 10 });
    expect(retried()).toEqual([]);
  });

  it('gathers up to batchSize messages, 10 per receive, within the batching window', async () => {
    const { receives } = serveQueue(25);
    const sizes: number[] = [];
    const poller = start(
      async (event) => {
        sizes.push(event.Records.length);
        return {};
      },
      { batchSize: 100, maxBatchingWindowSeconds: 1, maximumConcurrency: 1 },
    );
    await vi.waitFor(() => expect(deletedHandles()).toHaveLength(25), { timeout: 3000 });
    await poller.stop();
    expect(sizes).toEqual([25]);
    expect(receives.slice(0, 3)).toEqual([10, 10, 5]);
    expect(
      Math.max(
        ...sqsMock
          .commandCalls(DeleteMessageBatchCommand)
          .map((call) => call.args[0].input.Entries?.length ?? 0),
      ),
    ).toBe(10);
  });

  it('leaves only the reported failures for redelivery, visible again after the local retry delay', async () => {
    serveQueue(4);
    const poller = start(async () => ({
      batchItemFailures: [{ itemIdentifier: 'm2' }, { itemIdentifier: 'm4' }],
    }));
    await vi.waitFor(() => expect(retried()).toHaveLength(2), { timeout: 2000 });
    await poller.stop();
    expect(deletedHandles().sort()).toEqual(['r1', 'r3']);
    expect(retried()).toEqual([
      ['r2', 1],
      ['r4', 1],
    ]);
    expect(poller.stats()).toMatchObject({ received: 4, deleted: 2, failed: 2 });
  });

  it('fails the whole batch when the function throws', async () => {
    serveQueue(3);
    const poller = start(async () => {
      throw new Error('boom');
    });
    await vi.waitFor(() => expect(retried()).toHaveLength(3), { timeout: 2000 });
    await poller.stop();
    expect(deletedHandles()).toEqual([]);
  });

  it('keeps at most maximumConcurrency invocations in flight', async () => {
    serveQueue(8);
    let running = 0;
    let most = 0;
    const poller = start(
      async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 50));
        running--;
        return {};
      },
      { batchSize: 1, maximumConcurrency: 3 },
    );
    await vi.waitFor(() => expect(deletedHandles()).toHaveLength(8), { timeout: 3000 });
    await poller.stop();
    expect(most).toBe(3);
    expect(poller.stats().maxInFlight).toBe(3);
  });

  it('waits for the invocations in flight when stopped', async () => {
    serveQueue(1);
    let finished = false;
    const poller = start(async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      finished = true;
      return {};
    });
    await vi.waitFor(() => expect(poller.stats().invocations).toBe(1), { timeout: 2000 });
    await poller.stop();
    expect(finished).toBe(true);
    expect(deletedHandles()).toEqual(['r1']);
  });

  describe('reading a response as Lambda does', () => {
    const records = [{ messageId: 'a' }, { messageId: 'b' }] as SQSEvent['Records'];
    it('takes no response or an empty list as success', () => {
      expect(failedMessageIds(records, undefined)).toEqual(new Set());
      expect(failedMessageIds(records, { batchItemFailures: [] })).toEqual(new Set());
    });
    it('fails everything on an identifier that is empty or not in the batch', () => {
      expect(failedMessageIds(records, { batchItemFailures: [{ itemIdentifier: '' }] })).toEqual(
        new Set(['a', 'b']),
      );
      expect(failedMessageIds(records, { batchItemFailures: [{ itemIdentifier: 'z' }] })).toEqual(
        new Set(['a', 'b']),
      );
      expect(failedMessageIds(records, { batchItemFailures: 'b' })).toEqual(new Set(['a', 'b']));
    });
  });
});
