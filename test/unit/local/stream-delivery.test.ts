import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  deliverStreamBatch,
  type StreamDeliveryOptions,
  type StreamFailureRecord,
} from '../../../infra/local/lambda/stream-delivery.js';
import { registrationRecord } from '../../fixtures/stream-record.js';

const NOW = 1795820400_000;

/** Records with sequence numbers 1..n, created `ageSeconds` ago. */
const records = (count: number, ageSeconds = 10): DynamoDBRecord[] =>
  Array.from({ length: count }, (_, index) => {
    const record = registrationRecord(String(index + 1), `01JREG${index + 1}`, {
      to: { status: 'SUBMITTED' },
    });
    if (record.dynamodb) record.dynamodb.ApproximateCreationDateTime = NOW / 1000 - ageSeconds;
    return record;
  });

const sequences = (batch: readonly DynamoDBRecord[]) =>
  batch.map((record) => record.dynamodb?.SequenceNumber);

/** A fake function: records every batch it gets and answers with `answer(batch)`. */
const fakeFunction = (answer: (batch: DynamoDBRecord[], call: number) => unknown) => {
  const calls: string[][] = [];
  return {
    calls,
    invoke: async (batch: DynamoDBRecord[]) => {
      calls.push(sequences(batch) as string[]);
      const result = answer(batch, calls.length);
      if (result instanceof Error) throw result;
      return result;
    },
  };
};

const deliver = (
  batch: DynamoDBRecord[],
  invoke: StreamDeliveryOptions['invoke'],
  settings: Partial<StreamDeliveryOptions['settings']> = {},
) => {
  const failures: StreamFailureRecord[] = [];
  const sleeps: number[] = [];
  const done = deliverStreamBatch(batch, {
    invoke,
    settings: { retryAttempts: 2, maxRecordAgeSeconds: 3600, bisectBatchOnError: false, ...settings },
    onFailure: async (failure) => {
      failures.push(failure);
    },
    shardId: 'shardId-1',
    streamArn: 'arn:aws:dynamodb:ap-southeast-3:000000000000:table/t/stream/1',
    functionArn: 'arn:aws:lambda:ap-southeast-3:000000000000:function:fanOut',
    now: () => NOW,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { done, failures, sleeps };
};

describe('stream batch delivery (Lambda stream event source semantics)', () => {
  it('invokes once with the whole batch when the function succeeds', async () => {
    const fn = fakeFunction(() => ({ batchItemFailures: [] }));
    const { done, failures } = deliver(records(3), fn.invoke);
    expect(await done).toEqual({ invocations: 1, failed: 0 });
    expect(fn.calls).toEqual([['1', '2', '3']]);
    expect(failures).toEqual([]);
  });

  it('takes a missing or empty response as success', async () => {
    const fn = fakeFunction(() => undefined);
    expect(await deliver(records(2), fn.invoke).done).toEqual({ invocations: 1, failed: 0 });
  });

  it('resumes from the reported sequence number: earlier records are not delivered again', async () => {
    const fn = fakeFunction((_, call) =>
      call === 1 ? { batchItemFailures: [{ itemIdentifier: '3' }] } : {},
    );
    const { done, sleeps } = deliver(records(4), fn.invoke);
    expect(await done).toEqual({ invocations: 2, failed: 0 });
    expect(fn.calls).toEqual([
      ['1', '2', '3', '4'],
      ['3', '4'],
    ]);
    expect(sleeps).toHaveLength(1);
  });

  it('uses the lowest reported sequence number when several are reported', async () => {
    const fn = fakeFunction((_, call) =>
      call === 1 ? { batchItemFailures: [{ itemIdentifier: '4' }, { itemIdentifier: '2' }] } : {},
    );
    await deliver(records(4), fn.invoke).done;
    expect(fn.calls[1]).toEqual(['2', '3', '4']);
  });

  it('fails the whole batch when the response names a record that is not in it', async () => {
    const fn = fakeFunction((_, call) =>
      call === 1 ? { batchItemFailures: [{ itemIdentifier: '99' }] } : {},
    );
    await deliver(records(3), fn.invoke).done;
    expect(fn.calls).toEqual([
      ['1', '2', '3'],
      ['1', '2', '3'],
    ]);
  });

  it('retries a failing batch retryAttempts times, then sends its metadata (not its data) to on-failure', async () => {
    const fn = fakeFunction(() => new Error('boom'));
    const { done, failures, sleeps } = deliver(records(3), fn.invoke, { retryAttempts: 2 });
    expect(await done).toEqual({ invocations: 3, failed: 3 });
    expect(sleeps).toHaveLength(2);
    expect(failures).toEqual([
      {
        requestContext: {
          requestId: expect.any(String),
          functionArn: 'arn:aws:lambda:ap-southeast-3:000000000000:function:fanOut',
          condition: 'RetryAttemptsExhausted',
          approximateInvokeCount: 3,
        },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        version: '1.0',
        timestamp: new Date(NOW).toISOString(),
        DDBStreamBatchInfo: {
          shardId: 'shardId-1',
          startSequenceNumber: '1',
          endSequenceNumber: '3',
          approximateArrivalOfFirstRecord: new Date(NOW - 10_000).toISOString(),
          approximateArrivalOfLastRecord: new Date(NOW - 10_000).toISOString(),
          batchSize: 3,
          streamArn: 'arn:aws:dynamodb:ap-southeast-3:000000000000:table/t/stream/1',
        },
      },
    ]);
    expect(JSON.stringify(failures)).not.toContain('KIM Sari Mekar');
  });

  it('with partial responses, gives up only on the records from the failing one on', async () => {
    const fn = fakeFunction(() => ({ batchItemFailures: [{ itemIdentifier: '2' }] }));
    const { done, failures } = deliver(records(3), fn.invoke, { retryAttempts: 1 });
    expect(await done).toEqual({ invocations: 2, failed: 2 });
    expect(fn.calls).toEqual([
      ['1', '2', '3'],
      ['2', '3'],
    ]);
    expect(failures.map((failure) => failure.DDBStreamBatchInfo)).toEqual([
      expect.objectContaining({ startSequenceNumber: '2', endSequenceNumber: '3', batchSize: 2 }),
    ]);
  });

  it('bisects a failing batch until the poison record is alone, and gives up on that record only', async () => {
    const fn = fakeFunction((batch) =>
      sequences(batch).includes('3') ? new Error('poison') : { batchItemFailures: [] },
    );
    const { done, failures } = deliver(records(4), fn.invoke, { bisectBatchOnError: true, retryAttempts: 2 });
    const result = await done;
    expect(fn.calls).toEqual([
      ['1', '2', '3', '4'],
      ['1', '2'],
      ['3', '4'],
      ['3'],
      // splitting used no retries: the lone record gets all of them
      ['3'],
      ['3'],
      ['4'],
    ]);
    expect(result).toEqual({ invocations: 7, failed: 1 });
    expect(failures.map((failure) => failure.DDBStreamBatchInfo.startSequenceNumber)).toEqual(['3']);
  });

  it('gives up on records older than maxRecordAgeSeconds without invoking the function with them', async () => {
    const old = records(2, 7200);
    const fresh = records(2, 10).map((record, index) => {
      if (record.dynamodb) record.dynamodb.SequenceNumber = String(index + 3);
      return record;
    });
    const fn = fakeFunction(() => ({}));
    const { done, failures } = deliver([...old, ...fresh], fn.invoke);
    expect(await done).toEqual({ invocations: 1, failed: 2 });
    expect(fn.calls).toEqual([['3', '4']]);
    expect(
      failures.map((failure) => [failure.requestContext.condition, failure.DDBStreamBatchInfo.batchSize]),
    ).toEqual([['RecordAgeExceeded', 2]]);
  });

  it('stops without giving up on anything once aborted', async () => {
    const controller = new AbortController();
    const failures: StreamFailureRecord[] = [];
    const result = deliverStreamBatch(records(2), {
      invoke: async () => {
        controller.abort();
        throw new Error('boom');
      },
      settings: { retryAttempts: 5, maxRecordAgeSeconds: 3600, bisectBatchOnError: false },
      onFailure: async (failure) => {
        failures.push(failure);
      },
      shardId: 's',
      streamArn: 'a',
      functionArn: 'f',
      now: () => NOW,
      sleep: async () => {},
      signal: controller.signal,
    });
    await expect(result).rejects.toThrow('Stream delivery stopped');
    expect(failures).toEqual([]);
  });
});
