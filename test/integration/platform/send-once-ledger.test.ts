import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DELIVERY_LEASE_MS } from '../../../shared/digests/send-digests.js';
import { GetItemCommand } from '../../../shared/platform/dynamodb/client.js';
import { DynamoDbSendOnceLedger } from '../../../shared/platform/dynamodb/send-once-ledger.js';
import { keys } from '../../../shared/platform/dynamodb/table.js';
import {
  recipientHash,
  type SendOnceClaimRequest,
  type SendOnceLedger,
} from '../../../shared/platform/send-once/ports.js';
import { FIXTURE_NOW } from '../../fixtures/clock.js';
import { createTestTable, localDynamoDbClient } from '../../fixtures/dynamodb.js';
import { InMemorySendOnceLedger } from '../../fixtures/send-once-ledger.js';

const client = localDynamoDbClient(inject('dynamoEndpoint'));
let tableName: string;

beforeAll(async () => {
  tableName = await createTestTable(client, 'kim-send-once');
});

const NOW = new Date(FIXTURE_NOW);
const request = (patch: Partial<SendOnceClaimRequest> = {}): SendOnceClaimRequest => ({
  sendKey: 'evt-ledger',
  recipientHash: recipientHash('sari@tabanan.go.id'),
  now: NOW,
  leaseMs: 60_000,
  attemptId: 'attempt-1',
  ...patch,
});

const storedRecord = async (sendKey: string, hash: string) => {
  const output = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: marshall(keys.notification(sendKey, hash)),
      ConsistentRead: true,
    }),
  );
  return output.Item ? unmarshall(output.Item) : undefined;
};

/**
 * The same cases for the DynamoDB adapter and the in-memory fake the use-case tests use, so the
 * fake cannot drift from DynamoDB's behaviour. Send keys carry the implementation's name: the
 * DynamoDB cases share one table.
 */
describe.each([
  ['DynamoDbSendOnceLedger', () => new DynamoDbSendOnceLedger(client, tableName, { retentionDays: 30 })],
  ['InMemorySendOnceLedger', () => new InMemorySendOnceLedger()],
] as Array<[string, () => SendOnceLedger]>)('%s', (name, ledgerOf) => {
  const key = (suffix: string) => `${name}-${suffix}`;

  it('claims once, refuses a second claim during the lease, and never claims a SENT record again', async () => {
    const ledger = ledgerOf();
    const hash = recipientHash('a@tabanan.go.id');

    const first = await ledger.claim(request({ sendKey: key('a'), recipientHash: hash }));
    const second = await ledger.claim(
      request({ sendKey: key('a'), recipientHash: hash, attemptId: 'attempt-2' }),
    );

    expect(first).toEqual({
      kind: 'claimed',
      claim: { sendKey: key('a'), recipientHash: hash, attemptId: 'attempt-1' },
      takenOver: false,
    });
    expect(second).toEqual({ kind: 'in-progress' });
    if (first.kind !== 'claimed') throw new Error('not claimed');
    expect(await ledger.markSent(first.claim, 'ses-123', NOW)).toBe(true);
    const much = new Date(NOW.getTime() + 24 * 60 * 60 * 1000);
    expect(
      await ledger.claim(
        request({ sendKey: key('a'), recipientHash: hash, attemptId: 'attempt-3', now: much }),
      ),
    ).toEqual({ kind: 'sent' });
  });

  it('lets a new attempt take over an expired lease, after which the old attempt can no longer complete', async () => {
    const ledger = ledgerOf();
    const hash = recipientHash('b@tabanan.go.id');
    const crashed = await ledger.claim(request({ sendKey: key('b'), recipientHash: hash }));
    if (crashed.kind !== 'claimed') throw new Error('not claimed');

    const later = new Date(NOW.getTime() + 60_001);
    const retry = await ledger.claim(
      request({ sendKey: key('b'), recipientHash: hash, attemptId: 'attempt-2', now: later }),
    );

    expect(retry).toMatchObject({ kind: 'claimed', takenOver: true });
    expect(await ledger.markSent(crashed.claim, 'ses-old', later)).toBe(false);
    expect(await ledger.markRefused(crashed.claim, 'MessageRejected', later)).toBe(false);
    if (retry.kind !== 'claimed') throw new Error('not claimed');
    expect(await ledger.markSent(retry.claim, 'ses-new', later)).toBe(true);
  });

  it('releases only the holding attempt’s claim, so the next attempt sends at once, and keeps REFUSED for good', async () => {
    const ledger = ledgerOf();
    const hash = recipientHash('c@tabanan.go.id');
    const first = await ledger.claim(request({ sendKey: key('c'), recipientHash: hash }));
    if (first.kind !== 'claimed') throw new Error('not claimed');

    await ledger.release({ ...first.claim, attemptId: 'someone-else' });
    expect(await ledger.claim(request({ sendKey: key('c'), recipientHash: hash, attemptId: 'x' }))).toEqual({
      kind: 'in-progress',
    });
    await ledger.release(first.claim);

    const second = await ledger.claim(
      request({ sendKey: key('c'), recipientHash: hash, attemptId: 'attempt-2' }),
    );
    if (second.kind !== 'claimed') throw new Error('not claimed');
    expect(second.takenOver).toBe(false);
    expect(await ledger.markRefused(second.claim, 'MessageRejected', NOW)).toBe(true);
    expect(await ledger.markSent(second.claim, 'ses-late', NOW)).toBe(false);
    const much = new Date(NOW.getTime() + 24 * 60 * 60 * 1000);
    expect(
      await ledger.claim(
        request({ sendKey: key('c'), recipientHash: hash, attemptId: 'attempt-3', now: much }),
      ),
    ).toEqual({ kind: 'refused' });
  });

  it('gives exactly one of many concurrent attempts the claim', async () => {
    const ledger = ledgerOf();
    const hash = recipientHash('d@tabanan.go.id');

    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        ledger.claim(request({ sendKey: key('d'), recipientHash: hash, attemptId: `attempt-${index}` })),
      ),
    );

    expect(outcomes.filter((outcome) => outcome.kind === 'claimed')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.kind === 'in-progress')).toHaveLength(7);
  });

  it('with the digest lease: a fresh claim holds, a stale one (crashed attempt) is taken over, SENT and REFUSED are final', async () => {
    const ledger = ledgerOf();
    const t0 = new Date('2026-11-30T00:00:00.000Z');
    const later = (ms: number) => new Date(t0.getTime() + ms);
    let attempts = 0;
    const claim = (recipient: string, now: Date) =>
      ledger.claim({
        sendKey: key('digest#lease'),
        recipientHash: recipient,
        now,
        leaseMs: DELIVERY_LEASE_MS,
        attemptId: `attempt-${++attempts}`,
      });

    expect(await claim('r1', t0)).toMatchObject({ kind: 'claimed' });
    expect(await claim('r1', later(60_000))).toEqual({ kind: 'in-progress' });
    const takeover = await claim('r1', later(DELIVERY_LEASE_MS + 1));
    expect(takeover).toMatchObject({ kind: 'claimed', takenOver: true });
    if (takeover.kind !== 'claimed') throw new Error('not claimed');
    expect(await ledger.markSent(takeover.claim, 'msg-1', later(DELIVERY_LEASE_MS + 2))).toBe(true);
    expect(await claim('r1', later(10 * DELIVERY_LEASE_MS))).toEqual({ kind: 'sent' });

    const transient = await claim('r2', t0);
    if (transient.kind !== 'claimed') throw new Error('not claimed');
    await ledger.release(transient.claim);
    const again = await claim('r2', later(1));
    expect(again).toMatchObject({ kind: 'claimed', takenOver: false });
    if (again.kind !== 'claimed') throw new Error('not claimed');
    expect(await ledger.markRefused(again.claim, 'PermanentMailError', later(2))).toBe(true);
    expect(await claim('r2', later(10 * DELIVERY_LEASE_MS))).toEqual({ kind: 'refused' });
  });
});

describe('DynamoDbSendOnceLedger records', () => {
  const ledger = () => new DynamoDbSendOnceLedger(client, tableName, { retentionDays: 30 });

  it('keep the facts, the message id and a TTL, drop the lease once sent, and hold no address', async () => {
    const hash = recipientHash('Rec@Tabanan.go.id ');
    const claimed = await ledger().claim(
      request({
        sendKey: 'record-a',
        recipientHash: hash,
        facts: { registrationId: '01K0AAAAAAAAAAAAAAAAAAAAAA', officerIds: ['01K0OFFICER000000000000001'] },
      }),
    );
    expect(await storedRecord('record-a', hash)).toMatchObject({
      state: 'SENDING',
      attemptId: 'attempt-1',
      leaseExpiresAt: NOW.getTime() + 60_000,
    });
    if (claimed.kind !== 'claimed') throw new Error('not claimed');

    expect(await ledger().markSent(claimed.claim, 'ses-123', NOW)).toBe(true);

    const record = await storedRecord('record-a', hash);
    expect(hash).toBe(recipientHash('rec@tabanan.go.id'));
    expect(record).toMatchObject({
      type: 'NOTIFICATION',
      state: 'SENT',
      messageId: 'ses-123',
      sendKey: 'record-a',
      recipientHash: hash,
      registrationId: '01K0AAAAAAAAAAAAAAAAAAAAAA',
      officerIds: ['01K0OFFICER000000000000001'],
      sentAt: FIXTURE_NOW,
      expiresAt: Math.floor(NOW.getTime() / 1000) + 30 * 24 * 60 * 60,
    });
    expect(record).not.toHaveProperty('leaseExpiresAt');
    expect(JSON.stringify(record)).not.toContain('@');
  });

  it('keep the reason of a refusal, and are gone once released', async () => {
    const hash = recipientHash('refused@tabanan.go.id');
    const refused = await ledger().claim(request({ sendKey: 'record-b', recipientHash: hash }));
    if (refused.kind !== 'claimed') throw new Error('not claimed');
    await ledger().markRefused(refused.claim, 'MessageRejected', NOW);
    expect(await storedRecord('record-b', hash)).toMatchObject({
      state: 'REFUSED',
      failureReason: 'MessageRejected',
      failedAt: FIXTURE_NOW,
    });

    const released = await ledger().claim(request({ sendKey: 'record-c', recipientHash: hash }));
    if (released.kind !== 'claimed') throw new Error('not claimed');
    await ledger().release({ ...released.claim, attemptId: 'someone-else' });
    expect(await storedRecord('record-c', hash)).toMatchObject({ state: 'SENDING' });
    await ledger().release(released.claim);
    expect(await storedRecord('record-c', hash)).toBeUndefined();
  });
});
