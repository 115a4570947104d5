import { marshall } from '@aws-sdk/util-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsServiceError } from '../../../shared/platform/aws/json-client.js';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDbClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '../../../shared/platform/dynamodb/client.js';
import { DynamoDbSendOnceLedger } from '../../../shared/platform/dynamodb/send-once-ledger.js';
import type { SendOnceClaimRequest } from '../../../shared/platform/send-once/ports.js';
import { mockDynamoDb } from '../../fixtures/dynamodb-mock.js';

const dynamo = mockDynamoDb();
afterEach(() => dynamo.reset());

const NOW = new Date('2026-11-27T08:00:00Z');
const store = () =>
  new DynamoDbSendOnceLedger(new DynamoDbClient({ region: 'local' }), 'kim-test', { retentionDays: 30 });
const request: SendOnceClaimRequest = {
  sendKey: 'evt',
  recipientHash: 'h'.repeat(64),
  now: NOW,
  leaseMs: 60_000,
  attemptId: 'attempt-1',
};
const conditionFailed = (item?: Record<string, unknown>) =>
  new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(item ? { Item: marshall(item) } : {}),
  });

describe('DynamoDbSendOnceLedger.claim', () => {
  it('writes the claim with its lease, TTL and condition, and only the facts it is given', async () => {
    dynamo.on(PutItemCommand).resolves({});

    expect(await store().claim(request)).toMatchObject({ kind: 'claimed', takenOver: false });
    await store().claim({
      ...request,
      facts: { recipientKind: 'officer', officerIds: ['o-1'], state: 'SENT' },
    });

    const input = dynamo.commandCalls(PutItemCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe(
      'attribute_not_exists(PK) OR (#state = :sending AND leaseExpiresAt < :now)',
    );
    expect(input?.Item).toMatchObject({
      PK: { S: 'NOTIFY#evt' },
      SK: { S: `TO#${'h'.repeat(64)}` },
      type: { S: 'NOTIFICATION' },
      state: { S: 'SENDING' },
      attemptId: { S: 'attempt-1' },
      leaseExpiresAt: { N: String(NOW.getTime() + 60_000) },
      expiresAt: { N: String(NOW.getTime() / 1000 + 30 * 86_400) },
    });
    expect(Object.keys(input?.Item ?? {}).sort()).toEqual(
      [
        'PK',
        'SK',
        'type',
        'state',
        'sendKey',
        'recipientHash',
        'attemptId',
        'leaseExpiresAt',
        'claimedAt',
        'expiresAt',
      ].sort(),
    );
    // A fact never overrides the record's own attributes.
    expect(dynamo.commandCalls(PutItemCommand)[1]?.args[0].input.Item).toMatchObject({
      state: { S: 'SENDING' },
      recipientKind: { S: 'officer' },
      officerIds: { L: [{ S: 'o-1' }] },
    });
  });

  it.each([
    [{ state: 'SENT' }, { kind: 'sent' }],
    [{ state: 'REFUSED' }, { kind: 'refused' }],
    [{ state: 'SENDING', leaseExpiresAt: NOW.getTime() + 1 }, { kind: 'in-progress' }],
  ])('reads the blocking record %o from the condition failure', async (old, outcome) => {
    dynamo.on(PutItemCommand).rejects(conditionFailed(old));

    expect(await store().claim(request)).toEqual(outcome);
    expect(dynamo.commandCalls(GetItemCommand)).toHaveLength(0);
  });

  it('reads the record back when the failure does not carry it', async () => {
    dynamo.on(PutItemCommand).rejects(conditionFailed());
    dynamo.on(GetItemCommand).resolves({ Item: marshall({ state: 'SENT' }) });

    expect(await store().claim(request)).toEqual({ kind: 'sent' });
    expect(dynamo.commandCalls(GetItemCommand)[0]?.args[0].input.ConsistentRead).toBe(true);
  });

  it('lets other errors through', async () => {
    dynamo.on(PutItemCommand).rejects(
      new AwsServiceError({
        name: 'ThrottlingException',
        message: 'throttled',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    await expect(store().claim(request)).rejects.toThrow('throttled');
  });
});

describe('DynamoDbSendOnceLedger completion', () => {
  const claim = { sendKey: 'evt', recipientHash: 'h'.repeat(64), attemptId: 'attempt-1' };

  it('marks SENT only for the attempt holding the claim', async () => {
    dynamo.on(UpdateItemCommand).resolvesOnce({}).rejectsOnce(conditionFailed());

    expect(await store().markSent(claim, 'ses-1', NOW)).toBe(true);
    expect(await store().markSent(claim, 'ses-1', NOW)).toBe(false);
    const input = dynamo.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe('attemptId = :attempt AND #state = :sending');
    expect(input?.UpdateExpression).toBe(
      'SET #state = :state, #messageId = :messageId, #sentAt = :sentAt REMOVE leaseExpiresAt',
    );
  });

  it('marks REFUSED with the reason only for the attempt holding the claim', async () => {
    dynamo.on(UpdateItemCommand).resolvesOnce({}).rejectsOnce(conditionFailed());

    expect(await store().markRefused(claim, 'MessageRejected', NOW)).toBe(true);
    expect(await store().markRefused(claim, 'MessageRejected', NOW)).toBe(false);
    const input = dynamo.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe('attemptId = :attempt AND #state = :sending');
    expect(input?.UpdateExpression).toBe(
      'SET #state = :state, #failureReason = :failureReason, #failedAt = :failedAt REMOVE leaseExpiresAt',
    );
    expect(input?.ExpressionAttributeValues?.[':state']).toEqual({ S: 'REFUSED' });
  });

  it('releases quietly when the claim is no longer held, and lets other errors through', async () => {
    dynamo.on(DeleteItemCommand).rejectsOnce(conditionFailed()).rejectsOnce(new Error('network'));

    await expect(store().release(claim)).resolves.toBeUndefined();
    await expect(store().release(claim)).rejects.toThrow('network');
  });
});
