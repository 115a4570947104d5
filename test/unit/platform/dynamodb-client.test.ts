import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dynamoDbClient } from '../../../shared/platform/dynamodb/client.js';
import { transactWrite } from '../../../shared/platform/dynamodb/transact.js';

/** DynamoDB's answer to a throttled request, as it comes over HTTP. */
const throttled = () => ({
  statusCode: 400,
  headers: { 'content-type': 'application/x-amz-json-1.0' },
  body: Readable.from([
    JSON.stringify({
      __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException',
      message: 'Rate exceeded',
    }),
  ]),
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('the table client', () => {
  it('retries a request-level throttle itself, 5 sends in all, which transactWrite does not multiply', async () => {
    vi.useFakeTimers();
    const handle = vi
      .spyOn(dynamoDbClient.config.requestHandler as { handle: (...args: never[]) => unknown }, 'handle')
      .mockImplementation(async () => ({ response: throttled() }));

    const outcome = transactWrite(dynamoDbClient, [
      { Put: { TableName: 'kim-test', Item: { PK: { S: 'A' }, SK: { S: 'A' } } } },
    ]).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(60_000);

    expect(await outcome).toMatchObject({ name: 'ThrottlingException' });
    expect(handle).toHaveBeenCalledTimes(5);
  });
});
