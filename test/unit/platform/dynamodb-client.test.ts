import { afterEach, describe, expect, it, vi } from 'vitest';
import { AwsServiceError } from '../../../shared/platform/aws/json-client.js';
import {
  ConditionalCheckFailedException,
  DynamoDbClient,
  dynamoDbClient,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '../../../shared/platform/dynamodb/client.js';
import { transactWrite } from '../../../shared/platform/dynamodb/transact.js';
import { type ScriptedAnswer, useScriptedHttpServer } from '../../fixtures/scripted-http.js';
import { verifySignature } from '../../fixtures/sigv4.js';

// The real timer, for waiting on the server while setTimeout is faked.
const realSetTimeout = globalThis.setTimeout;

const dynamo = useScriptedHttpServer(() => ({ status: 200, body: '{}' }));
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

/** DynamoDB's answer to a failed request, as it comes over HTTP. */
const failed = (type: string, members: Record<string, unknown>): ScriptedAnswer => ({
  status: 400,
  headers: { 'content-type': 'application/x-amz-json-1.0' },
  body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, ...members }),
});
const throttled = failed('ThrottlingException', { message: 'Rate exceeded' });

const failureOf = async (promise: Promise<unknown>) => {
  const failure = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(AwsServiceError);
  return failure as AwsServiceError;
};

const put = { Put: { TableName: 'kim-test', Item: { PK: { S: 'A' }, SK: { S: 'A' } } } };

describe('the table client', () => {
  it('retries a request-level throttle itself, 5 sends in all, which transactWrite does not multiply', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.url);
    dynamo.script(throttled);
    // Only setTimeout: the client's backoff waits on it, node:http's sockets do not.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

    let outcome: { readonly error: unknown } | undefined;
    void transactWrite(dynamoDbClient, [put]).then(
      () => {
        outcome = { error: undefined };
      },
      (error: unknown) => {
        outcome = { error };
      },
    );
    // Each round lets the server answer (real time) and then runs out the backoff (fake time).
    for (let round = 0; outcome === undefined && round < 2_000; round++) {
      await new Promise((resolve) => realSetTimeout(resolve, 5));
      await vi.advanceTimersByTimeAsync(20_000);
    }

    expect(outcome?.error).toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400, attempts: 5 },
    });
    expect(dynamo.requests).toHaveLength(5);
    for (const request of dynamo.requests) {
      expect(request.headers['x-amz-target']).toBe('DynamoDB_20120810.TransactWriteItems');
      expect(JSON.parse(request.body)).toEqual({ TransactItems: [put] });
    }
  });
});

describe('DynamoDbClient', () => {
  const client = (options: ConstructorParameters<typeof DynamoDbClient>[0] = {}) =>
    new DynamoDbClient({
      endpoint: dynamo.url,
      region: 'ap-southeast-3',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      sleep: async () => {},
      ...options,
    });

  it("sends a command's input as the document of its operation, signed for dynamodb", async () => {
    const input = { TableName: 'kim-test', Key: { PK: { S: 'A' }, SK: { S: 'A' } }, ConsistentRead: true };
    dynamo.script({ status: 200, body: JSON.stringify({ Item: { PK: { S: 'A' }, n: { N: '1' } } }) });

    const output = await client().send(new GetItemCommand(input));

    expect(output).toEqual({ Item: { PK: { S: 'A' }, n: { N: '1' } } });
    const [received] = dynamo.requests;
    if (!received) throw new Error('no request');
    expect(received.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(JSON.parse(received.body)).toEqual(input);
    expect(verifySignature(received, 'secret')).toMatchObject({
      accessKeyId: 'AKIDEXAMPLE',
      region: 'ap-southeast-3',
      service: 'dynamodb',
    });
  });

  it('throws a failed condition as ConditionalCheckFailedException, with the item it returned', async () => {
    dynamo.script(
      failed('ConditionalCheckFailedException', {
        message: 'The conditional request failed',
        Item: { PK: { S: 'A' }, SK: { S: 'A' }, version: { N: '3' } },
      }),
    );

    const failure = await failureOf(client().send(new PutItemCommand({ TableName: 'kim-test', Item: {} })));

    expect(failure).toBeInstanceOf(ConditionalCheckFailedException);
    expect(failure).toMatchObject({
      name: 'ConditionalCheckFailedException',
      message: 'The conditional request failed',
      Item: { PK: { S: 'A' }, SK: { S: 'A' }, version: { N: '3' } },
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
    expect(dynamo.requests).toHaveLength(1);
  });

  it('throws a cancelled transaction as TransactionCanceledException, with its reasons in order', async () => {
    const CancellationReasons = [
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    ];
    dynamo.script(
      failed('TransactionCanceledException', {
        Message: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
        CancellationReasons,
      }),
    );

    const failure = await failureOf(
      client().send(new TransactWriteItemsCommand({ TransactItems: [put, put] })),
    );

    expect(failure).toBeInstanceOf(TransactionCanceledException);
    expect(failure).not.toBeInstanceOf(ConditionalCheckFailedException);
    expect(failure).toMatchObject({ name: 'TransactionCanceledException', CancellationReasons });
    expect(dynamo.requests).toHaveLength(1);
  });

  it('throws any other error type as an AwsServiceError named by it', async () => {
    dynamo.script(failed('ResourceNotFoundException', { message: 'Requested resource not found' }));

    const failure = await failureOf(client().send(new GetItemCommand({ TableName: 'kim-missing', Key: {} })));

    expect(failure).not.toBeInstanceOf(ConditionalCheckFailedException);
    expect(failure).not.toBeInstanceOf(TransactionCanceledException);
    expect(failure).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Requested resource not found',
    });
  });

  it('passes its retry options on: maxAttempts, jitter and sleep', async () => {
    dynamo.script(throttled);
    const sleeps: number[] = [];

    const failure = await failureOf(
      client({
        maxAttempts: 3,
        random: () => 0.5,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      }).send(new GetItemCommand({ TableName: 'kim-test', Key: {} })),
    );

    expect(failure.$metadata.attempts).toBe(3);
    expect(dynamo.requests).toHaveLength(3);
    expect(sleeps).toEqual([250, 500]);
  });

  it('builds exceptions as the SDK does, for tests and fakes that throw them', () => {
    const conditional = new ConditionalCheckFailedException({
      message: 'The conditional request failed',
      $metadata: { httpStatusCode: 400 },
      Item: { PK: { S: 'A' } },
    });
    const cancelled = new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: { httpStatusCode: 400 },
      CancellationReasons: [{ Code: 'TransactionConflict' }],
    });
    const throttle = new AwsServiceError({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400 },
    });

    expect(conditional).toMatchObject({ name: 'ConditionalCheckFailedException', Item: { PK: { S: 'A' } } });
    expect(conditional).toBeInstanceOf(AwsServiceError);
    expect(cancelled).toMatchObject({
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'TransactionConflict' }],
    });
    expect(throttle).toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded' });
    expect(throttle.$metadata).toEqual({ httpStatusCode: 400 });
    expect(new AwsServiceError({ message: 'x' }).$metadata).toEqual({});
  });
});
