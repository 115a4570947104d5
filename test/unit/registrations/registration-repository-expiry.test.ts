import { marshall } from '@aws-sdk/util-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DynamoDbClient, GetItemCommand, PutItemCommand } from '../../../shared/platform/dynamodb/client.js';
import { DynamoDbRegistrationRepository } from '../../../shared/registrations/dynamodb/registration-repository.js';
import { toStatusView } from '../../../shared/registrations/registration.js';
import { mockDynamoDb } from '../../fixtures/dynamodb-mock.js';
import { fixtureRegistration } from '../../fixtures/registration.js';

const NOW = new Date('2026-11-27T08:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);

const storedRecord = (expiresAt: number) =>
  marshall({
    PK: 'IDEMPOTENCY#POST /registrations#abc',
    SK: 'IDEMPOTENCY',
    keyHash: 'abc',
    bodyHash: 'b'.repeat(64),
    response: toStatusView(fixtureRegistration('01K0AAAAAAAAAAAAAAAAAAAAAA')),
    sealedEditToken: 'sealed',
    editTokenHash: 'e'.repeat(64),
    expiresAt,
  });

describe('idempotency records past their TTL (DynamoDB deletes them only eventually)', () => {
  const dynamo = mockDynamoDb();
  afterEach(() => {
    dynamo.reset();
    vi.useRealTimers();
  });

  it('are not replayed once expired', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    dynamo.on(GetItemCommand).resolves({ Item: storedRecord(nowSeconds - 1) });
    const store = new DynamoDbRegistrationRepository(new DynamoDbClient({ region: 'local' }), 'kim-test');

    expect(await store.getIdempotencyRecord('abc')).toBeUndefined();
  });

  it('are replayed until they expire', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    dynamo.on(GetItemCommand).resolves({ Item: storedRecord(nowSeconds + 60) });
    const store = new DynamoDbRegistrationRepository(new DynamoDbClient({ region: 'local' }), 'kim-test');

    expect((await store.getIdempotencyRecord('abc'))?.keyHash).toBe('abc');
  });

  it('may be overwritten by a new request with the same key once expired', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    dynamo.on(PutItemCommand).resolves({});
    const store = new DynamoDbRegistrationRepository(new DynamoDbClient({ region: 'local' }), 'kim-test');
    const registration = fixtureRegistration('01K0BBBBBBBBBBBBBBBBBBBBBB');

    await store.create(registration, {
      keyHash: 'abc',
      bodyHash: 'b'.repeat(64),
      response: toStatusView(registration),
      sealedEditToken: 'sealed',
      editTokenHash: registration.editTokenHash,
      expiresAt: nowSeconds + 86_400,
    });

    const puts = dynamo.commandCalls(PutItemCommand).map((call) => call.args[0].input);
    const idempotencyPut = puts.find((put) => put.Item?.type?.S === 'IDEMPOTENCY');
    expect(idempotencyPut?.ConditionExpression).toBe('attribute_not_exists(PK) OR expiresAt < :now');
    expect(idempotencyPut?.ExpressionAttributeValues).toEqual({ ':now': { N: String(nowSeconds) } });
  });
});
