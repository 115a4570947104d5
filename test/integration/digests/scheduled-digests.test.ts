import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type MailServer, startMailServer } from '../../../infra/local/emulators/mail-server.js';
import { DynamoDbDigestStore } from '../../../shared/digests/dynamodb/digest-store.js';
import { DynamoDbDigestSubscriberStore } from '../../../shared/directory/dynamodb/digest-subscriber-store.js';
import { seededTable } from '../../fixtures/admin-deps.js';
import { lambdaContext } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { localDynamoDbClient } from '../../fixtures/dynamodb.js';
import { emailsTo, mailbox } from '../../fixtures/mailbox.js';

/**
 * The deployed digest function as the stack configures it for an overridden `digestSchedule`:
 * daily at 08:00 in Asia/Jakarta (WIB, UTC+7) instead of the default Monday 08:00 WITA. Its real
 * handler, its configuration from the environment, DynamoDB Local and the local SES emulator.
 */
const dynamoEndpoint = inject('dynamoEndpoint');
const client = localDynamoDbClient(dynamoEndpoint);
const tableName = await seededTable(client, 'kim-scheduled-digests');
const server: MailServer = await startMailServer({ port: 0 });

vi.stubEnv('TABLE_NAME', tableName);
vi.stubEnv('SCOPE_CODE', '51.02');
vi.stubEnv('MAIL_FROM', 'ringkasan@kim.example.go.id');
vi.stubEnv('APP_BASE_URL', 'https://kim.example.go.id');
vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamoEndpoint);
vi.stubEnv('AWS_ENDPOINT_URL_SESV2', server.url);
vi.stubEnv('DIGEST_SCHEDULE_EXPRESSION', 'cron(0 8 * * ? *)');
vi.stubEnv('DIGEST_SCHEDULE_TIME_ZONE', 'Asia/Jakarta');
const { handler } = await import('../../../functions/digests/send-digests.js');

/** Tuesday 1 and Wednesday 2 December 2026, 08:00 WIB. */
const TUESDAY = '2026-12-01T01:00:00Z';
const WEDNESDAY = '2026-12-02T01:00:00Z';

const invoke = (event: unknown) => handler(event, lambdaContext('send-digests'));

let output: CapturedOutput;
beforeAll(async () => {
  output = captureOutput();
  const subscribers = new DynamoDbDigestSubscriberStore(client, tableName);
  for (const [id, email, regionCode] of [
    ['01KDAILY000000000000000001', 'bupati@tabanan.go.id', '51.02'],
    ['01KDAILY000000000000000002', 'camat@tabanan.go.id', '51.02.05'],
  ] as const) {
    const outcome = await subscribers.create({
      id,
      email,
      regionCode,
      createdAt: '2026-11-01T00:00:00.000Z',
    });
    expect(outcome.kind).toBe('written');
  }
});
afterAll(async () => {
  output.restore();
  await server.stop();
});

describe('the scheduled digest function on an overridden schedule (daily 08:00 Asia/Jakarta)', () => {
  it('makes two firings on two days two runs, and both send', async () => {
    const tuesday = await invoke({ scheduledTime: TUESDAY });
    const wednesday = await invoke({ scheduledTime: WEDNESDAY });

    expect(tuesday).toEqual({
      runId: '2026-12-01T01:00:00.000Z',
      regions: [
        { regionCode: '51.02', subscribers: 1, sent: 1, skipped: 0, refused: 0, failed: 0 },
        { regionCode: '51.02.05', subscribers: 1, sent: 1, skipped: 0, refused: 0, failed: 0 },
      ],
    });
    expect(wednesday).toEqual({
      runId: '2026-12-02T01:00:00.000Z',
      regions: [
        { regionCode: '51.02', subscribers: 1, sent: 1, skipped: 0, refused: 0, failed: 0 },
        { regionCode: '51.02.05', subscribers: 1, sent: 1, skipped: 0, refused: 0, failed: 0 },
      ],
    });
    const emails = await mailbox(server.url);
    expect(emailsTo(emails, 'bupati@tabanan.go.id')).toHaveLength(2);
    expect(emailsTo(emails, 'camat@tabanan.go.id')).toHaveLength(2);
    expect(await new DynamoDbDigestStore(client, tableName).lastRun('51.02')).toMatchObject({
      runId: '2026-12-02T01:00:00.000Z',
    });
  });

  it('dates the digests in the schedule’s time zone, and compares the second day with the first', async () => {
    const [first, second] = emailsTo(await mailbox(server.url), 'bupati@tabanan.go.id');
    expect(first?.body.text).toContain('Keadaan per 1 Desember 2026 pukul 08.00 WIB');
    expect(second?.body.text).toContain('Keadaan per 2 Desember 2026 pukul 08.00 WIB');
    expect(second?.body.text).toContain('Dibanding 1 Desember 2026 pukul 08.00 WIB:');
  });

  it('sends nothing more for a retry of a firing, whenever it comes and whichever time it names', async () => {
    const before = (await mailbox(server.url)).length;

    const retry = await invoke({ scheduledTime: WEDNESDAY });
    const lateRetry = await invoke({ time: '2026-12-02T03:17:41Z', source: 'aws.scheduler' });

    for (const result of [retry, lateRetry]) {
      expect(result.runId).toBe('2026-12-02T01:00:00.000Z');
      expect(result.regions.map((region) => [region.sent, region.skipped])).toEqual([
        [0, 1],
        [0, 1],
      ]);
    }
    expect(await mailbox(server.url)).toHaveLength(before);
  });

  it('keeps addresses out of the logs', () => {
    expect(output.lines().join('\n')).not.toMatch(/@tabanan\.go\.id/);
  });
});
