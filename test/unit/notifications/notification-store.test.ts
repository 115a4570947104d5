import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoDbNotificationStore } from '../../../shared/notifications/dynamodb/notification-store.js';
import type { NotificationClaimRequest } from '../../../shared/notifications/ports.js';

const dynamo = mockClient(DynamoDBClient);
afterEach(() => dynamo.reset());

const NOW = new Date('2026-11-27T08:00:00Z');
const store = () => new DynamoDbNotificationStore(new DynamoDBClient({ region: 'local' }), 'kim-test');
const request: NotificationClaimRequest = {
  eventId: 'evt',
  recipientHash: 'h'.repeat(64),
  registrationId: '01K0AAAAAAAAAAAAAAAAAAAAAA',
  recipientKind: 'contact',
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

describe('DynamoDbNotificationStore.claim', () => {
  it('writes the claim with its lease, TTL and condition, and no officer ids for a contact', async () => {
    dynamo.on(PutItemCommand).resolves({});

    expect(await store().claim(request)).toMatchObject({ kind: 'claimed', takenOver: false });

    const input = dynamo.commandCalls(PutItemCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe(
      'attribute_not_exists(PK) OR (#status = :inProgress AND leaseExpiresAt < :now)',
    );
    expect(input?.Item).toMatchObject({
      PK: { S: 'NOTIFY#evt' },
      SK: { S: `TO#${'h'.repeat(64)}` },
      type: { S: 'NOTIFICATION' },
      status: { S: 'IN_PROGRESS' },
      leaseExpiresAt: { N: String(NOW.getTime() + 60_000) },
      expiresAt: { N: String(NOW.getTime() / 1000 + 30 * 86_400) },
    });
    expect(input?.Item).not.toHaveProperty('officerIds');
  });

  it.each([
    [{ status: 'SENT' }, { kind: 'sent' }],
    [{ status: 'FAILED_PERMANENT' }, { kind: 'failed-permanent' }],
    [{ status: 'IN_PROGRESS', leaseExpiresAt: NOW.getTime() + 1 }, { kind: 'in-progress' }],
  ])('reads the blocking record %o from the condition failure', async (old, outcome) => {
    dynamo.on(PutItemCommand).rejects(conditionFailed(old));

    expect(await store().claim(request)).toEqual(outcome);
    expect(dynamo.commandCalls(GetItemCommand)).toHaveLength(0);
  });

  it('reads the record back when the failure does not carry it', async () => {
    dynamo.on(PutItemCommand).rejects(conditionFailed());
    dynamo.on(GetItemCommand).resolves({ Item: marshall({ status: 'SENT' }) });

    expect(await store().claim(request)).toEqual({ kind: 'sent' });
    expect(dynamo.commandCalls(GetItemCommand)[0]?.args[0].input.ConsistentRead).toBe(true);
  });

  it('lets other errors through', async () => {
    dynamo.on(PutItemCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));

    await expect(store().claim(request)).rejects.toThrow('throttled');
  });
});

describe('DynamoDbNotificationStore completion', () => {
  const claim = { eventId: 'evt', recipientHash: 'h'.repeat(64), attemptId: 'attempt-1' };

  it('marks SENT only for the attempt holding the claim', async () => {
    dynamo.on(UpdateItemCommand).resolvesOnce({}).rejectsOnce(conditionFailed());

    expect(await store().markSent(claim, 'ses-1', NOW)).toBe(true);
    expect(await store().markSent(claim, 'ses-1', NOW)).toBe(false);
    const input = dynamo.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe('attemptId = :attempt AND #status = :inProgress');
    expect(input?.UpdateExpression).toBe(
      'SET #status = :status, #messageId = :messageId, #sentAt = :sentAt REMOVE leaseExpiresAt',
    );
  });

  it('releases quietly when the claim is no longer held, and lets other errors through', async () => {
    dynamo.on(DeleteItemCommand).rejectsOnce(conditionFailed()).rejectsOnce(new Error('network'));

    await expect(store().release(claim)).resolves.toBeUndefined();
    await expect(store().release(claim)).rejects.toThrow('network');
  });
});
