import { marshall } from '@aws-sdk/util-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AwsServiceError } from '../../../shared/platform/aws/json-client.js';
import {
  DynamoDbClient,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '../../../shared/platform/dynamodb/client.js';
import { type ConflictRetryOptions, transactWrite } from '../../../shared/platform/dynamodb/transact.js';
import { mockDynamoDb, transactionCanceled } from '../../fixtures/dynamodb-mock.js';

const dynamo = mockDynamoDb();
const client = new DynamoDbClient({ region: 'ap-southeast-3' });
afterEach(() => {
  dynamo.reset();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const items: TransactWriteItem[] = [
  {
    Put: {
      TableName: 'kim-test',
      Item: marshall({ PK: 'A', SK: 'A' }),
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  },
  {
    Put: {
      TableName: 'kim-test',
      Item: marshall({ PK: 'B', SK: 'B' }),
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  },
];

/** A policy whose waits are recorded instead of waited, with the jitter fixed at `jitter`. */
const recorded = (options: ConflictRetryOptions & { jitter?: () => number } = {}) => {
  const sleeps: number[] = [];
  const policy: ConflictRetryOptions = {
    jitter: () => 0.5,
    ...options,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  return { policy, sleeps };
};

const sends = () => dynamo.commandCalls(TransactWriteItemsCommand).length;

const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

describe('transactWrite: the one retry policy of the table transactions', () => {
  it('sends once when the transaction commits', async () => {
    dynamo.on(TransactWriteItemsCommand).resolves({});
    const { policy, sleeps } = recorded();

    expect(await transactWrite(client, items, policy)).toBe('committed');

    expect(sends()).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it.each([
    ['a concurrent transaction', 'TransactionConflict'],
    ['on-demand throttling of an item', 'ThrottlingError'],
    ['provisioned throttling of an item', 'ProvisionedThroughputExceeded'],
  ])('sends the same items again when %s (%s) cancelled it, after a backoff', async (_cause, code) => {
    dynamo
      .on(TransactWriteItemsCommand)
      .rejectsOnce(transactionCanceled([{ Code: 'None' }, { Code: code }]))
      .rejectsOnce(transactionCanceled([{ Code: code }, { Code: 'None' }]))
      .resolves({});
    const { policy, sleeps } = recorded({ backoffBaseMs: 20 });

    expect(await transactWrite(client, items, policy)).toBe('committed');

    const calls = dynamo.commandCalls(TransactWriteItemsCommand);
    expect(calls).toHaveLength(3);
    for (const call of calls) expect(call.args[0].input.TransactItems).toEqual(items);
    expect(sleeps).toEqual([20, 40]);
  });

  it('retries a cancellation mixing a conflict on one item and throttling on another', async () => {
    dynamo
      .on(TransactWriteItemsCommand)
      .rejectsOnce(transactionCanceled([{ Code: 'TransactionConflict' }, { Code: 'ThrottlingError' }]))
      .resolves({});
    const { policy } = recorded();

    expect(await transactWrite(client, items, policy)).toBe('committed');
    expect(sends()).toBe(2);
  });

  it('never retries a failed condition: it answers the reasons, with the item the action asked back', async () => {
    dynamo.on(TransactWriteItemsCommand).rejects(
      transactionCanceled([
        { Code: 'TransactionConflict' },
        {
          Code: 'ConditionalCheckFailed',
          Item: { PK: 'B', SK: 'B', registrationId: '01JZ0000000000000000000001' },
        },
      ]),
    );
    const { policy, sleeps } = recorded();

    const outcome = await transactWrite(client, items, policy);

    expect(sends()).toBe(1);
    expect(sleeps).toEqual([]);
    expect(outcome).not.toBe('committed');
    if (outcome === 'committed') return;
    expect(outcome.map((reason) => reason.Code)).toEqual(['TransactionConflict', 'ConditionalCheckFailed']);
    expect(outcome[1]?.Item?.registrationId).toEqual({ S: '01JZ0000000000000000000001' });
  });

  it('gives up after maxAttempts sends, waiting base × 2^(n−1) × (0.5 + jitter) between them, and throws the last cancellation', async () => {
    dynamo
      .on(TransactWriteItemsCommand)
      .rejects(transactionCanceled([{ Code: 'TransactionConflict' }, { Code: 'None' }]));
    const low = recorded({ maxAttempts: 4, backoffBaseMs: 10, jitter: () => 0 });
    const high = recorded({ maxAttempts: 4, backoffBaseMs: 10, jitter: () => 0.9 });

    const lowError = await rejection(transactWrite(client, items, low.policy));
    const highError = await rejection(transactWrite(client, items, high.policy));

    expect(lowError).toBeInstanceOf(TransactionCanceledException);
    expect(highError).toBeInstanceOf(TransactionCanceledException);
    expect(sends()).toBe(8);
    expect(low.sleeps).toEqual([5, 10, 20]);
    expect(high.sleeps.map((ms) => Math.round(ms))).toEqual([14, 28, 56]);
  });

  it('sends 6 times at most by default', async () => {
    dynamo.on(TransactWriteItemsCommand).rejects(transactionCanceled([{ Code: 'ThrottlingError' }]));
    const { policy, sleeps } = recorded();

    await expect(transactWrite(client, items, policy)).rejects.toBeInstanceOf(TransactionCanceledException);

    expect(sends()).toBe(6);
    expect(sleeps).toEqual([20, 40, 80, 160, 320]);
  });

  it('waits with a real timer, spread by Math.random, unless told otherwise', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.25);
    dynamo
      .on(TransactWriteItemsCommand)
      .rejectsOnce(transactionCanceled([{ Code: 'TransactionConflict' }]))
      .resolves({});

    const outcome = transactWrite(client, items, { backoffBaseMs: 100 });
    await vi.advanceTimersByTimeAsync(74);
    expect(sends()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);

    expect(await outcome).toBe('committed');
    expect(sends()).toBe(2);
  });

  it.each([['ValidationError'], ['ItemCollectionSizeLimitExceeded']])(
    'throws a cancellation for %s at once: it would fail the same way again',
    async (code) => {
      dynamo
        .on(TransactWriteItemsCommand)
        .rejects(transactionCanceled([{ Code: 'TransactionConflict' }, { Code: code }]));
      const { policy, sleeps } = recorded();

      await expect(transactWrite(client, items, policy)).rejects.toBeInstanceOf(TransactionCanceledException);

      expect(sends()).toBe(1);
      expect(sleeps).toEqual([]);
    },
  );

  it.each([
    [
      'ProvisionedThroughputExceededException',
      () =>
        new AwsServiceError({
          name: 'ProvisionedThroughputExceededException',
          message: 'Throughput exceeded',
          $metadata: { httpStatusCode: 400, attempts: 5 },
        }),
    ],
    [
      'ThrottlingException',
      () =>
        new AwsServiceError({
          name: 'ThrottlingException',
          message: 'Rate exceeded',
          $metadata: { httpStatusCode: 400, attempts: 5 },
        }),
    ],
    [
      'RequestLimitExceeded',
      () =>
        new AwsServiceError({
          name: 'RequestLimitExceeded',
          message: 'Account throughput limit',
          $metadata: { httpStatusCode: 400, attempts: 5 },
        }),
    ],
  ])(
    'leaves a request-level %s to the client retry strategy, which already retried it',
    async (_name, error) => {
      dynamo.on(TransactWriteItemsCommand).rejects(error());
      const { policy, sleeps } = recorded();

      await expect(transactWrite(client, items, policy)).rejects.toThrow(error().message);

      expect(sends()).toBe(1);
      expect(sleeps).toEqual([]);
    },
  );
});
