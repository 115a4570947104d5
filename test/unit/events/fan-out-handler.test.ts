import type { SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registrationEventSchema } from '../../../shared/events/registration-event.js';
import { SqsEventPublisher } from '../../../shared/events/sqs/event-publisher.js';
import { SendMessageBatchCommand, SqsClient } from '../../../shared/platform/sqs/client.js';
import { lambdaContext } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { mockJsonClient } from '../../fixtures/json-client-mock.js';
import { registrationRecord, streamEvent, streamRecord } from '../../fixtures/stream-record.js';

const COVERAGE = 'http://127.0.0.1:4566/000000000000/coverage';
const NOTIFY = 'http://127.0.0.1:4566/000000000000/notify';
vi.stubEnv('COVERAGE_QUEUE_URL', COVERAGE);
vi.stubEnv('NOTIFY_QUEUE_URL', NOTIFY);
const { fanOut, handler } = await import('../../../functions/events/fan-out.js');

const sqs = mockJsonClient(SqsClient);
let output: CapturedOutput;

beforeEach(() => {
  sqs.reset();
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

const sent = () =>
  sqs.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input as SendMessageBatchCommandInput);
const bodiesTo = (queueUrl: string) =>
  sent()
    .filter((input) => input.QueueUrl === queueUrl)
    .flatMap((input) => input.Entries ?? [])
    .map((entry) => JSON.parse(entry.MessageBody ?? '{}') as Record<string, unknown>);

/** A publisher on the mocked client that does not wait between attempts. */
const fastFanOut = () =>
  fanOut({
    publisher: new SqsEventPublisher(new SqsClient(), [COVERAGE, NOTIFY], { sleep: async () => {} }),
  });

describe('fan-out handler', () => {
  it('sends one event per registration status change to both queues, with no personal data', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const event = streamEvent([
      registrationRecord('100', '01JREG1', { to: { status: 'SUBMITTED' } }),
      registrationRecord('101', '01JREG1', {
        from: { status: 'SUBMITTED' },
        to: { status: 'VERIFIED', version: 2 },
      }),
    ]);

    const result = await handler(event, lambdaContext('fan-out'));

    expect(result).toEqual({ batchItemFailures: [] });
    for (const queue of [COVERAGE, NOTIFY]) {
      const bodies = bodiesTo(queue);
      expect(bodies).toEqual([
        {
          eventId: 'event-100',
          registrationId: '01JREG1',
          version: 1,
          villageCode: '51.02.05.2006',
          oldVillageCode: null,
          oldStatus: null,
          newStatus: 'SUBMITTED',
          at: '2026-11-27T23:00:00.000Z',
        },
        {
          eventId: 'event-101',
          registrationId: '01JREG1',
          version: 2,
          villageCode: '51.02.05.2006',
          oldVillageCode: '51.02.05.2006',
          oldStatus: 'SUBMITTED',
          newStatus: 'VERIFIED',
          at: '2026-11-27T23:00:00.000Z',
        },
      ]);
      for (const body of bodies) expect(registrationEventSchema.safeParse(body).success).toBe(true);
    }
    const everything = JSON.stringify(sent()) + output.lines().join('\n');
    expect(everything).not.toContain('Sari Mekar');
    expect(everything).not.toContain('6281234567890');
  });

  it('skips records that are not registration status or village changes, counting them', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const event = streamEvent([
      // An edit that changes neither status nor village.
      registrationRecord('200', '01JREG2', {
        from: { status: 'SUBMITTED', version: 1 },
        to: { status: 'SUBMITTED', version: 2 },
      }),
      // History entries live in the registration's partition under another SK.
      streamRecord({
        sequenceNumber: '201',
        keys: { PK: 'REG#01JREG2', SK: 'HIST#2026-11-27T23:00:00.000Z#01JH' },
        newImage: { type: 'HISTORY' },
      }),
      streamRecord({
        sequenceNumber: '202',
        keys: { PK: 'OFFICER#01JOFF', SK: 'REG' },
        newImage: { status: 'SUBMITTED' },
      }),
      registrationRecord('203', '01JREG3', {
        from: { status: 'VERIFIED', villageCode: '51.02.05.2006', version: 3 },
        to: { status: 'VERIFIED', villageCode: '51.02.05.2007', version: 4 },
      }),
      streamRecord({
        sequenceNumber: '204',
        eventName: 'REMOVE',
        keys: { PK: 'REG#01JREG4', SK: 'REG' },
        oldImage: { status: 'SUBMITTED', villageCode: '51.02.05.2006', version: 1 },
      }),
    ]);

    const result = await handler(event, lambdaContext('fan-out'));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(bodiesTo(COVERAGE)).toEqual([
      expect.objectContaining({
        eventId: 'event-203',
        oldVillageCode: '51.02.05.2006',
        villageCode: '51.02.05.2007',
        oldStatus: 'VERIFIED',
        newStatus: 'VERIFIED',
        version: 4,
      }),
    ]);
    const summary = output.jsonLines().find((line) => line.message === 'Registration changes fanned out');
    expect(summary).toMatchObject({ records: 5, published: 1, skipped: 4, failed: 0 });
  });

  it('names the registration by the id in its image, not by its slot key, and skips a claim item at a slot', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const id = '01KBX3M7Q0ZJ3T5VY8W2N4K6PA';
    const event = streamEvent([
      registrationRecord('400', id, { to: { status: 'SUBMITTED' } }),
      // A correction took a free claim: a thin claim item at that claim's slot.
      streamRecord({
        sequenceNumber: '401',
        keys: { PK: 'REG#ZJ3T5VY8W2N4K6PB', SK: 'REG' },
        newImage: { type: 'SK_CLAIM', claimHolder: id },
      }),
      // Another registration's claim recorded on this one's item: no status or village change.
      registrationRecord('402', id, { from: { status: 'SUBMITTED' }, to: { status: 'SUBMITTED' } }),
    ]);

    const result = await handler(event, lambdaContext('fan-out'));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(event.Records[0]?.dynamodb?.Keys?.PK).toEqual({ S: 'REG#ZJ3T5VY8W2N4K6PA' });
    expect(bodiesTo(COVERAGE)).toEqual([
      expect.objectContaining({ eventId: 'event-400', registrationId: id }),
    ]);
    const summary = output.jsonLines().find((line) => line.message === 'Registration changes fanned out');
    expect(summary).toMatchObject({ records: 3, published: 1, skipped: 2, failed: 0 });
  });

  it('sends at most 10 entries per SendMessageBatch call', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const records = Array.from({ length: 23 }, (_, index) =>
      registrationRecord(String(300 + index), `01JREG${index}`, { to: { status: 'SUBMITTED' } }),
    );

    const result = await handler(streamEvent(records), lambdaContext('fan-out'));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(sent().map((input) => input.Entries?.length ?? 0)).toEqual(
      expect.arrayContaining([10, 10, 3, 10, 10, 3]),
    );
    expect(sent()).toHaveLength(6);
    expect(new Set(bodiesTo(COVERAGE).map((body) => body.eventId)).size).toBe(23);
    expect(new Set(bodiesTo(NOTIFY).map((body) => body.eventId)).size).toBe(23);
  });

  it('retries only the entries SQS reports as failed, and succeeds when they go through', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [{ Id: '0', MessageId: 'm0', MD5OfMessageBody: '' }],
        Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }],
      })
      .resolves({ Successful: [], Failed: [] });
    const event = streamEvent([
      registrationRecord('400', '01JREGA', { to: { status: 'SUBMITTED' } }),
      registrationRecord('401', '01JREGB', { to: { status: 'SUBMITTED' } }),
    ]);

    const result = await fastFanOut()(event, lambdaContext('fan-out'));

    expect(result).toEqual({ batchItemFailures: [] });
    const calls = sent();
    expect(calls).toHaveLength(3);
    const retried = calls.find((input) => input.Entries?.length === 1);
    expect(JSON.parse(retried?.Entries?.[0]?.MessageBody ?? '{}')).toMatchObject({ eventId: 'event-401' });
  });

  it('reports the first record that could not be sent after the retries, by sequence number', async () => {
    sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => {
      const entries = input.Entries ?? [];
      const failing = entries.filter((entry) => (entry.MessageBody ?? '').includes('01JREGBAD'));
      return {
        Successful: entries
          .filter((entry) => !failing.includes(entry))
          .map((entry) => ({ Id: entry.Id, MessageId: `m${entry.Id}`, MD5OfMessageBody: '' })),
        Failed: failing.map((entry) => ({ Id: entry.Id, Code: 'InternalError', SenderFault: false })),
      };
    });
    const event = streamEvent([
      registrationRecord('500', '01JREGOK1', { to: { status: 'SUBMITTED' } }),
      registrationRecord('501', '01JREGBAD', { to: { status: 'SUBMITTED' } }),
      registrationRecord('502', '01JREGOK2', { to: { status: 'SUBMITTED' } }),
    ]);

    const result = await fastFanOut()(event, lambdaContext('fan-out'));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '501' }] });
    // 1 call per queue, then 3 more attempts of the failing entry per queue.
    const badSends = sent().filter((input) => JSON.stringify(input).includes('01JREGBAD'));
    expect(badSends).toHaveLength(8);
    expect(badSends.filter((input) => input.Entries?.length === 1)).toHaveLength(6);
  });

  it('retries a whole call that throws, and reports the batch from its first record when it keeps failing', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('socket hang up'));
    const event = streamEvent([
      streamRecord({ sequenceNumber: '600', keys: { PK: 'REGION#51', SK: 'REGION#51.02' }, newImage: {} }),
      registrationRecord('601', '01JREGX', { to: { status: 'SUBMITTED' } }),
    ]);

    const result = await fastFanOut()(event, lambdaContext('fan-out'));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '601' }] });
    expect(sent()).toHaveLength(8);
  });

  it('does not retry entries SQS rejects as the sender fault, and reports them', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: '0', Code: 'InvalidMessageContents', SenderFault: true }],
    });

    const result = await fastFanOut()(
      streamEvent([registrationRecord('700', '01JREGS', { to: { status: 'SUBMITTED' } })]),
      lambdaContext('fan-out'),
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '700' }] });
    expect(sent()).toHaveLength(2);
  });

  it('reports a registration item that cannot become a valid event, without sending it', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const event = streamEvent([
      registrationRecord('800', '01JREGOK', { to: { status: 'SUBMITTED' } }),
      streamRecord({
        sequenceNumber: '801',
        keys: { PK: 'REG#01JREGBROKEN', SK: 'REG' },
        newImage: { status: 'SUBMITTED', version: 1, name: 'KIM Sari Mekar' },
      }),
    ]);

    const result = await handler(event, lambdaContext('fan-out'));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '801' }] });
    expect(bodiesTo(COVERAGE).map((body) => body.eventId)).toEqual(['event-800']);
    const problem = output
      .jsonLines()
      .find((line) => line.message === 'Registration change cannot become an event');
    expect(problem).toMatchObject({ eventId: 'event-801', problem: 'villageCode' });
    expect(output.lines().join('\n')).not.toContain('Sari Mekar');
  });
});

describe('fan-out of award publications', () => {
  const withAwards = () =>
    fanOut({
      publisher: new SqsEventPublisher(new SqsClient(), [COVERAGE, NOTIFY], { sleep: async () => {} }),
      awardPublisher: new SqsEventPublisher(new SqsClient(), [NOTIFY], { sleep: async () => {} }),
    });
  const resultRecord = (
    sequenceNumber: string,
    roundId: string,
    patch: { oldImage?: Record<string, unknown> } = {},
  ) =>
    streamRecord({
      sequenceNumber,
      keys: { PK: `AWARD#${roundId}`, SK: 'RESULT' },
      newImage: {
        type: 'AWARD_RESULT',
        publishedAt: '2026-12-15T00:00:00.000Z',
        result: { entries: [{ entryId: '01JREG1', rank: 1 }] },
      },
      ...patch,
    });

  it("sends one event per round's result inserted to the notification queue alone, with the round's id only", async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const result = await withAwards()(
      streamEvent([
        resultRecord('700', '01JROUND1'),
        registrationRecord('701', '01JREG1', { to: { status: 'SUBMITTED' } }),
      ]),
      lambdaContext('fan-out'),
    );
    expect(result).toEqual({ batchItemFailures: [] });
    expect(bodiesTo(NOTIFY)).toContainEqual({
      type: 'AWARD_PUBLISHED',
      eventId: 'event-700',
      roundId: '01JROUND1',
      at: new Date(1795820400 * 1000).toISOString(),
    });
    expect(bodiesTo(COVERAGE).map((body) => body.registrationId)).toEqual(['01JREG1']);
  });

  it('skips a modified result and other award items, and resumes from an award event not sent', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const skipped = await withAwards()(
      streamEvent([
        resultRecord('710', '01JROUND1', { oldImage: { type: 'AWARD_RESULT' } }),
        streamRecord({ sequenceNumber: '711', keys: { PK: 'AWARD#01JROUND1', SK: 'ROUND' }, newImage: {} }),
      ]),
      lambdaContext('fan-out'),
    );
    expect(skipped).toEqual({ batchItemFailures: [] });
    expect(sent()).toEqual([]);

    sqs.on(SendMessageBatchCommand).rejects(new Error('unavailable'));
    const failed = await withAwards()(
      streamEvent([resultRecord('720', '01JROUND2')]),
      lambdaContext('fan-out'),
    );
    expect(failed).toEqual({ batchItemFailures: [{ itemIdentifier: '720' }] });
  });
});
