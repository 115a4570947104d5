import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NotifyDeps } from '../../../shared/notifications/notify-registration-event.js';
import type { OutgoingEmail } from '../../../shared/platform/mail/mailer.js';
import { lambdaContext } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { FIXTURE_NOW, fixedClock } from '../../fixtures/clock.js';
import { InMemoryRegistrationRepository, tabananSample } from '../../fixtures/in-memory-ports.js';
import { InMemoryOfficers, officerAt, RecordingMailer } from '../../fixtures/notification-ports.js';
import { fixtureRegistration } from '../../fixtures/registration.js';
import { InMemorySendOnceLedger } from '../../fixtures/send-once-ledger.js';

vi.stubEnv('TABLE_NAME', 'kim-test');
vi.stubEnv('SCOPE_CODE', '51.02');
vi.stubEnv('MAIL_FROM', 'noreply@kim.example.go.id');
vi.stubEnv('APP_BASE_URL', 'https://kim.example.go.id');
const { CONCURRENT_RECORDS, notify } = await import('../../../functions/notifications/notify.js');

const ids = ['01K0AAAAAAAAAAAAAAAAAAAAAA', '01K0BBBBBBBBBBBBBBBBBBBBBB'] as const;

const record = (messageId: string, body: unknown): SQSRecord =>
  ({
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {},
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:ap-southeast-3:000000000000:notify',
    awsRegion: 'ap-southeast-3',
  }) as SQSRecord;

const submitted = (eventId: string, registrationId: string) => ({
  eventId,
  registrationId,
  version: 1,
  villageCode: '51.02.05.2006',
  oldVillageCode: null,
  oldStatus: null,
  newStatus: 'SUBMITTED',
  at: FIXTURE_NOW,
});

const setup = (mailer = new RecordingMailer()) => {
  const registrations = new InMemoryRegistrationRepository();
  for (const id of ids) registrations.registrations.set(id, fixtureRegistration(id));
  const officers = new InMemoryOfficers([officerAt('DISTRICT', '51.02.05'), officerAt('REGENCY', '51.02')]);
  const deps: NotifyDeps = {
    registrations,
    regions: tabananSample(),
    officers,
    officerMail: officers,
    ledger: new InMemorySendOnceLedger(),
    mailer,
    clock: fixedClock(FIXTURE_NOW),
    appBaseUrl: 'https://kim.example.go.id',
    leaseMs: 60_000,
  };
  return { handler: notify(deps), mailer };
};

let output: CapturedOutput;
beforeAll(() => {
  output = captureOutput();
});
afterAll(() => output.restore());

describe('notify handler', () => {
  it('handles every record and reports none failed', async () => {
    const { handler, mailer } = setup();

    const result = await handler(
      {
        Records: [record('m1', submitted('e1', ids[0])), record('m2', submitted('e2', ids[1]))],
      } as SQSEvent,
      lambdaContext('notify', 30),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    expect(mailer.sent).toHaveLength(4);
  });

  it('fails a malformed message alone: not JSON, not an event, or an event with extra fields', async () => {
    const { handler, mailer } = setup();

    const result = await handler(
      {
        Records: [
          record('bad-json', '{"eventId":'),
          record('bad-shape', { eventId: 'x' }),
          record('extra', { ...submitted('e3', ids[0]), contactEmail: 'x@y.z' }),
          record('good', submitted('e1', ids[0])),
        ],
      } as SQSEvent,
      lambdaContext('notify', 30),
    );

    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual([
      'bad-json',
      'bad-shape',
      'extra',
    ]);
    expect(mailer.sent).toHaveLength(2);
  });

  it('fails a record whose emails could not all be sent, and only that record', async () => {
    const mailer = new RecordingMailer((email) => {
      const error = new Error('socket hang up');
      return email.subject.includes('KIM') && email.to.startsWith('district') ? error : undefined;
    });
    const { handler } = setup(mailer);

    const result = await handler(
      { Records: [record('m1', submitted('e1', ids[0]))] } as SQSEvent,
      lambdaContext('notify', 25),
    );

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(mailer.sent.map((email) => email.to)).toEqual(['regency@ppid.example.go.id']);
  });

  it(`handles at most ${CONCURRENT_RECORDS} records of a batch at a time, and every record`, async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const mailer = new RecordingMailer();
    const send = mailer.send.bind(mailer);
    mailer.send = async (email: OutgoingEmail) => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return send(email);
    };
    const { handler } = setup(mailer);
    const records = Array.from({ length: 10 }, (_, index) =>
      record(`m${index}`, submitted(`e${index}`, ids[index % 2] ?? ids[0])),
    );

    const result = await handler({ Records: records } as SQSEvent, lambdaContext('notify', 30));

    expect(result).toEqual({ batchItemFailures: [] });
    // Each record emails its two officers one after the other, so sends in flight = records in flight.
    expect(mailer.sent).toHaveLength(20);
    expect(mostInFlight).toBe(CONCURRENT_RECORDS);
  });

  it('keeps the failures of invocations that run at the same time apart (as the local runtime runs them)', async () => {
    const { handler, mailer } = setup();

    const [first, second] = await Promise.all([
      handler(
        {
          Records: [record('a-bad', '{"eventId":'), record('a-good', submitted('a-e1', ids[0]))],
        } as SQSEvent,
        lambdaContext('notify', 30),
      ),
      handler(
        {
          Records: [
            record('b-good-1', submitted('b-e1', ids[0])),
            record('b-good-2', submitted('b-e2', ids[1])),
            record('b-bad', { eventId: 'x' }),
          ],
        } as SQSEvent,
        lambdaContext('notify', 30),
      ),
    ]);

    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: 'a-bad' }] });
    expect(second).toEqual({ batchItemFailures: [{ itemIdentifier: 'b-bad' }] });
    expect(mailer.sent).toHaveLength(6);
  });

  it('logs ids and counts only', () => {
    const logged = output.lines().join('\n');
    expect(logged).toContain('Notifications processed');
    expect(logged).not.toContain('@');
    expect(logged).not.toContain('Dajan Peken');
  });
});
