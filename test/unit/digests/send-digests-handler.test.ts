import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DigestSchedule } from '../../../functions/digests/send-digests.js';
import type { SendDigestsDeps } from '../../../shared/digests/send-digests.js';
import { httpHandler } from '../../../shared/platform/http/handler.js';
import { PermanentMailError, TransientMailError } from '../../../shared/platform/mail/mailer.js';
import { scheduleDefinitions } from '../../../shared/platform/pipeline-settings.js';
import { parseCron } from '../../../shared/platform/scheduling/cron.js';
import { adminClaims, adminEvent, ppidClaims } from '../../fixtures/admin-event.js';
import { bodyOf, lambdaContext } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import {
  DIGEST_AT,
  digestRegions,
  FixtureDigestSource,
  InMemoryDigestRuns,
  InMemoryDigestSubscribers,
} from '../../fixtures/digest.js';
import { RecordingMailer } from '../../fixtures/notification-ports.js';
import { InMemorySendOnceLedger } from '../../fixtures/send-once-ledger.js';

vi.stubEnv('TABLE_NAME', 'kim-test');
vi.stubEnv('SCOPE_CODE', '51.02');
vi.stubEnv('MAIL_FROM', 'noreply@kim.example.go.id');
vi.stubEnv('APP_BASE_URL', 'https://kim.example.go.id');
vi.stubEnv('DIGEST_SCHEDULE_EXPRESSION', scheduleDefinitions.digest.expression);
vi.stubEnv('DIGEST_SCHEDULE_TIME_ZONE', scheduleDefinitions.digest.timeZone);
const { sendDigestsNow } = await import('../../../functions/digests/send-digests-now.js');
const { runTimeOf, sendDigests } = await import('../../../functions/digests/send-digests.js');

let output: CapturedOutput;
beforeAll(() => {
  output = captureOutput();
});
afterAll(() => {
  output.restore();
});

const subscribers = () =>
  new InMemoryDigestSubscribers([
    {
      id: '01KSUB0000000000000000000A',
      email: 'bupati@tabanan.go.id',
      regionCode: '51.02',
      createdAt: DIGEST_AT,
    },
    {
      id: '01KSUB0000000000000000000B',
      email: 'sekda@tabanan.go.id',
      regionCode: '51.02',
      createdAt: DIGEST_AT,
    },
    {
      id: '01KSUB0000000000000000000C',
      email: 'camat@tabanan.go.id',
      regionCode: '51.02.05',
      createdAt: DIGEST_AT,
    },
  ]);

const deps = (
  mailer = new RecordingMailer(),
  runs = new InMemoryDigestRuns(),
  deliveries = new InMemorySendOnceLedger(),
  now = () => new Date(DIGEST_AT),
): SendDigestsDeps => ({
  regions: digestRegions(),
  source: new FixtureDigestSource(),
  runs,
  deliveries,
  subscribers: subscribers(),
  mailer,
  clock: { now },
  templates: { baseUrl: 'https://kim.example.go.id', timeZone: 'Asia/Makassar' },
  scope: '51.02',
});

/** The default schedule: Monday 08:00 WITA. */
const WEEKLY: DigestSchedule = {
  cron: parseCron(scheduleDefinitions.digest.expression),
  timeZone: scheduleDefinitions.digest.timeZone,
};
/** A `digestSchedule` override: every day at 08:00 WITA. */
const DAILY: DigestSchedule = { cron: parseCron('cron(0 8 * * ? *)'), timeZone: 'Asia/Makassar' };
/** A `digestSchedule` time zone override: Monday 08:00 WIB (UTC+7), an hour after 08:00 WITA. */
const WEEKLY_JAKARTA: DigestSchedule = { cron: parseCron('cron(0 8 ? * MON *)'), timeZone: 'Asia/Jakarta' };

const scheduledDeps = (
  schedule = WEEKLY,
  mailer = new RecordingMailer(),
  runs = new InMemoryDigestRuns(),
  deliveries = new InMemorySendOnceLedger(),
  now = () => new Date(DIGEST_AT),
) => ({
  ...deps(mailer, runs, deliveries, now),
  schedule,
});

const post = async (testDeps: SendDigestsDeps, body?: string, claims = adminClaims()) => {
  const result = await httpHandler(sendDigestsNow(testDeps))(
    adminEvent(
      {
        method: 'POST',
        path: '/admin/digests/send',
        routeKey: 'POST /admin/digests/send',
        ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
      },
      claims,
    ),
    lambdaContext('send-digests-now'),
  );
  return { status: result.statusCode, body: bodyOf(result) };
};

describe('POST /admin/digests/send', () => {
  it('sends every subscriber their region’s digest and answers the counts per region', async () => {
    const mailer = new RecordingMailer();
    const answer = await post(deps(mailer));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      runId: `manual-${DIGEST_AT}`,
      regions: [
        { regionCode: '51.02', subscribers: 2, sent: 2, skipped: 0, refused: 0, failed: 0 },
        { regionCode: '51.02.05', subscribers: 1, sent: 1, skipped: 0, refused: 0, failed: 0 },
      ],
    });
    expect(mailer.recipients()).toEqual([
      'bupati@tabanan.go.id',
      'camat@tabanan.go.id',
      'sekda@tabanan.go.id',
    ]);
    const [first] = mailer.sent;
    expect(first?.attachments?.[0]).toMatchObject({
      filename: expect.stringMatching(/\.csv$/),
      contentType: 'text/csv',
    });
  });

  it('takes a blank body for none: every region', async () => {
    const mailer = new RecordingMailer();
    const answer = await post(deps(mailer), ' \n');
    expect(answer.status).toBe(200);
    expect(mailer.sent).toHaveLength(3);
  });

  it('sends one region only when asked ({ regionCode })', async () => {
    const mailer = new RecordingMailer();
    const answer = await post(deps(mailer), JSON.stringify({ regionCode: '51.02.05' }));
    expect(answer.status).toBe(200);
    expect(mailer.recipients()).toEqual(['camat@tabanan.go.id']);
  });

  it('answers bad bodies with 400 and sends nothing', async () => {
    const mailer = new RecordingMailer();
    const cases: Array<[string, string]> = [
      [
        '{"regionCode":"51.02.05.2001"}',
        'Ringkasan dibuat per kecamatan atau wilayah di atasnya, bukan per desa.',
      ],
      ['{"regionCode":"52"}', 'Wilayah 52 berada di luar wilayah layanan ini (51.02).'],
      ['{"regionCode":"51.02.09"}', 'Wilayah dengan kode 51.02.09 tidak ditemukan.'],
      ['{"regionCode":5102}', 'Harus berupa teks.'],
      ['{"region":"51.02"}', 'Isian ini tidak dikenal.'],
    ];
    for (const [body, message] of cases) {
      const answer = await post(deps(mailer), body);
      expect(answer.status, body).toBe(400);
      expect((answer.body.errors as Array<{ message: string }>)[0]?.message).toBe(message);
    }
    expect((await post(deps(mailer), '{"regionCode":')).status).toBe(400);
    expect((await post(deps(mailer), 'null')).status).toBe(400);
    expect(mailer.attempts).toBe(0);
  });

  it('lets only admins send: 403 for a PPID officer', async () => {
    const mailer = new RecordingMailer();
    const answer = await post(deps(mailer), undefined, ppidClaims('51.02'));
    expect(answer.status).toBe(403);
    expect(answer.body.message).toBe('Hanya admin yang boleh mengirim ringkasan cakupan.');
    expect(mailer.attempts).toBe(0);
  });

  it('answers 502 with the counts when some emails failed; refused addresses are counted apart', async () => {
    const mailer = new RecordingMailer((email) => {
      if (email.to === 'sekda@tabanan.go.id') return new TransientMailError('Throttling');
      if (email.to === 'camat@tabanan.go.id') return new PermanentMailError('MessageRejected');
      return undefined;
    });
    const deliveries = new InMemorySendOnceLedger();
    const answer = await post(deps(mailer, new InMemoryDigestRuns(), deliveries));
    expect(answer.status).toBe(502);
    // The transient failure released its claim (a retry sends at once); the refusal is final.
    expect(deliveries.states()).toEqual(['REFUSED', 'SENT']);
    expect(answer.body).toMatchObject({
      messageEn: 'Some digests could not be sent; send again later.',
      regions: [
        { regionCode: '51.02', subscribers: 2, sent: 1, skipped: 0, refused: 0, failed: 1 },
        { regionCode: '51.02.05', subscribers: 1, sent: 0, skipped: 0, refused: 1, failed: 0 },
      ],
    });
  });
});

describe('the scheduled digest run', () => {
  it('belongs to the schedule’s latest firing, whatever time a retry comes', () => {
    const monday = new Date('2026-11-30T00:00:00.000Z');
    expect(
      runTimeOf(WEEKLY, { scheduledTime: '2026-11-30T00:00:00Z' }, new Date('2026-11-30T03:00:00Z')),
    ).toEqual(monday);
    expect(runTimeOf(WEEKLY, { time: '2026-11-30T00:00:41Z', source: 'aws.scheduler' }, new Date())).toEqual(
      monday,
    );
    expect(runTimeOf(WEEKLY, {}, new Date('2026-12-01T10:00:00Z'))).toEqual(monday);
    expect(runTimeOf(WEEKLY, undefined, new Date('2026-11-30T00:00:00Z'))).toEqual(monday);
  });

  it('belongs to the configured schedule: on a daily one every day is its own run', () => {
    const tuesday = { scheduledTime: '2026-12-01T00:00:00Z' };
    expect(runTimeOf(DAILY, tuesday, new Date())).toEqual(new Date('2026-12-01T00:00:00.000Z'));
    expect(runTimeOf(DAILY, {}, new Date('2026-12-02T10:00:00Z'))).toEqual(
      new Date('2026-12-02T00:00:00.000Z'),
    );
    // What the default schedule makes of the same firing: the Monday before.
    expect(runTimeOf(WEEKLY, tuesday, new Date())).toEqual(new Date('2026-11-30T00:00:00.000Z'));
  });

  it('reads the expression in the configured time zone', () => {
    const wib = { scheduledTime: '2026-11-30T01:00:00Z' };
    expect(runTimeOf(WEEKLY_JAKARTA, wib, new Date())).toEqual(new Date('2026-11-30T01:00:00.000Z'));
    // 07:30 WIB on Monday is before that Monday's firing: the run is the week before.
    expect(runTimeOf(WEEKLY_JAKARTA, { time: '2026-11-30T00:30:00Z' }, new Date())).toEqual(
      new Date('2026-11-23T01:00:00.000Z'),
    );
    expect(runTimeOf(WEEKLY, wib, new Date())).toEqual(new Date('2026-11-30T00:00:00.000Z'));
  });

  it('sends on both of two firings of a daily schedule, on two days: two runs', async () => {
    const mailer = new RecordingMailer();
    const runs = new InMemoryDigestRuns();
    const run = sendDigests(scheduledDeps(DAILY, mailer, runs));

    const tuesday = await run({ scheduledTime: '2026-12-01T00:00:00Z' }, lambdaContext('send-digests', 900));
    const wednesday = await run(
      { scheduledTime: '2026-12-02T00:00:00Z' },
      lambdaContext('send-digests', 900),
    );

    expect([tuesday.runId, wednesday.runId]).toEqual([
      '2026-12-01T00:00:00.000Z',
      '2026-12-02T00:00:00.000Z',
    ]);
    for (const result of [tuesday, wednesday]) {
      expect(result.regions.map((region) => [region.sent, region.skipped])).toEqual([
        [2, 0],
        [1, 0],
      ]);
    }
    expect(mailer.sent).toHaveLength(6);
    expect(runs.runs.get('51.02')?.runId).toBe('2026-12-02T00:00:00.000Z');
  });

  it('names the run by the firing in the configured time zone', async () => {
    const runs = new InMemoryDigestRuns();
    const result = await sendDigests(scheduledDeps(WEEKLY_JAKARTA, new RecordingMailer(), runs))(
      { scheduledTime: '2026-11-30T01:00:00Z' },
      lambdaContext('send-digests', 900),
    );
    expect(result.runId).toBe('2026-11-30T01:00:00.000Z');
    expect(result.regions.map((region) => region.sent)).toEqual([2, 1]);
    expect(runs.runs.get('51.02')?.runId).toBe('2026-11-30T01:00:00.000Z');
  });

  it('sends every subscriber once per firing: a retry of the same firing sends nothing more', async () => {
    const mailer = new RecordingMailer();
    const runs = new InMemoryDigestRuns();
    const deliveries = new InMemorySendOnceLedger();
    const run = sendDigests(scheduledDeps(WEEKLY, mailer, runs, deliveries));

    const first = await run({ scheduledTime: '2026-11-30T00:00:00Z' }, lambdaContext('send-digests', 900));
    const retry = await run({ scheduledTime: '2026-11-30T00:00:00Z' }, lambdaContext('send-digests', 900));

    expect(first.regions.map((region) => region.sent)).toEqual([2, 1]);
    expect(retry.regions.map((region) => [region.sent, region.skipped])).toEqual([
      [0, 2],
      [0, 1],
    ]);
    expect(mailer.sent).toHaveLength(3);
    expect(deliveries.states()).toEqual(['SENT', 'SENT', 'SENT']);
    expect(runs.runs.get('51.02')?.runId).toBe('2026-11-30T00:00:00.000Z');
  });

  it('throws when an email failed, after sending the others, so the schedule retries', async () => {
    const mailer = new RecordingMailer((email) =>
      email.to === 'bupati@tabanan.go.id' ? new TransientMailError('Throttling') : undefined,
    );
    await expect(
      sendDigests(scheduledDeps(WEEKLY, mailer))(
        { scheduledTime: '2026-11-30T00:00:00Z' },
        lambdaContext('send-digests', 900),
      ),
    ).rejects.toThrow(
      /1 digest email\(s\) failed in run 2026-11-30T00:00:00.000Z: 51.02 subscriber 01KSUB0000000000000000000A: TransientMailError/,
    );
    expect(mailer.recipients()).toEqual(['camat@tabanan.go.id', 'sekda@tabanan.go.id']);
  });

  it('logs counts only: no address', () => {
    expect(output.lines().join('\n')).not.toMatch(/@tabanan\.go\.id/);
  });
});

describe('a delivery another attempt holds', () => {
  it('is not sent now, and fails the run so the schedule retries it after the lease', async () => {
    const deliveries = new InMemorySendOnceLedger();
    const mailer = new RecordingMailer();
    const { deliveryKey, DELIVERY_LEASE_MS } = await import('../../../shared/digests/send-digests.js');
    const { recipientHash } = await import('../../../shared/platform/send-once/ports.js');
    // A crashed attempt left its claim on one recipient.
    await deliveries.claim({
      sendKey: deliveryKey('51.02', '2026-11-30T00:00:00.000Z'),
      recipientHash: recipientHash('bupati@tabanan.go.id'),
      now: new Date(DIGEST_AT),
      leaseMs: DELIVERY_LEASE_MS,
      attemptId: 'crashed',
    });
    let now = new Date(DIGEST_AT);
    const run = sendDigests(scheduledDeps(WEEKLY, mailer, new InMemoryDigestRuns(), deliveries, () => now));

    const failure = await run(
      { scheduledTime: '2026-11-30T00:00:00Z' },
      lambdaContext('send-digests', 900),
    ).catch((error: unknown) => error as Error);

    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/01KSUB0000000000000000000A: claimed by another attempt/);
    expect(mailer.recipients()).toEqual(['camat@tabanan.go.id', 'sekda@tabanan.go.id']);

    now = new Date(new Date(DIGEST_AT).getTime() + DELIVERY_LEASE_MS + 1);
    const retry = await run({ scheduledTime: '2026-11-30T00:00:00Z' }, lambdaContext('send-digests', 900));
    expect(retry.regions.map((region) => [region.sent, region.skipped])).toEqual([
      [1, 1],
      [0, 1],
    ]);
    expect(mailer.recipients()).toEqual([
      'bupati@tabanan.go.id',
      'camat@tabanan.go.id',
      'sekda@tabanan.go.id',
    ]);
    expect(deliveries.states()).toEqual(['SENT', 'SENT', 'SENT']);
  });
});
