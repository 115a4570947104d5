import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type MailServer, startMailServer } from '../../../infra/local/emulators/mail-server.js';
import { DynamoDbDigestStore } from '../../../shared/digests/dynamodb/digest-store.js';
import {
  DigestDeliveryError,
  deliveryKey,
  type SendDigestsDeps,
  sendDigests,
} from '../../../shared/digests/send-digests.js';
import { formatNumber, formatPercent } from '../../../shared/digests/templates.js';
import { DELIVERY_RECORD_TTL_DAYS } from '../../../shared/digests/wiring.js';
import { DynamoDbDigestSubscriberStore } from '../../../shared/directory/dynamodb/digest-subscriber-store.js';
import type { RegistrationEvent } from '../../../shared/events/registration-event.js';
import { GetItemCommand, PutItemCommand } from '../../../shared/platform/dynamodb/client.js';
import { DynamoDbSendOnceLedger } from '../../../shared/platform/dynamodb/send-once-ledger.js';
import { itemTypes, keys } from '../../../shared/platform/dynamodb/table.js';
import type { Mailer } from '../../../shared/platform/mail/mailer.js';
import { SesMailer } from '../../../shared/platform/mail/ses-mailer.js';
import { recipientHash } from '../../../shared/platform/send-once/ports.js';
import { DynamoDbRegionStore } from '../../../shared/regions/dynamodb/region-store.js';
import type { RegistrationStatus } from '../../../shared/registrations/schema.js';
import { applyCoverageEvents } from '../../../shared/village-coverage/apply-events.js';
import { getCoverage } from '../../../shared/village-coverage/coverage-reader.js';
import { DynamoDbCoverageReader } from '../../../shared/village-coverage/dynamodb/coverage-reader.js';
import { DynamoDbCoverageStore } from '../../../shared/village-coverage/dynamodb/coverage-store.js';
import { seededTable } from '../../fixtures/admin-deps.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { ulidAt } from '../../fixtures/digest.js';
import { localDynamoDbClient } from '../../fixtures/dynamodb.js';
import { emailsTo, localSesClient, mailbox, type StoredEmail } from '../../fixtures/mailbox.js';
import { fixtureRegistration } from '../../fixtures/registration.js';

const client = localDynamoDbClient(inject('dynamoEndpoint'));
let tableName: string;
let server: MailServer;
let output: CapturedOutput;

/** Monday 30 November 2026 08:00 WITA. */
const RUN_AT = new Date('2026-11-30T00:00:00.000Z');
const NEXT_RUN_AT = new Date('2026-12-07T00:00:00.000Z');

interface Seed {
  readonly id: string;
  readonly village: string;
  readonly status: RegistrationStatus;
  readonly name: string;
  readonly submittedAt: string;
}

const SCRIPT_NAME = '<script>alert("kim")</script> Sari';
const seeds: Seed[] = [
  // Waiting since 10 November: the backlog.
  {
    id: ulidAt('2026-11-10T01:00:00Z', 1),
    village: '51.02.05.2006',
    status: 'SUBMITTED',
    name: SCRIPT_NAME,
    submittedAt: '2026-11-10T01:00:00.000Z',
  },
  {
    id: ulidAt('2026-09-01T01:00:00Z', 2),
    village: '51.02.05.2006',
    status: 'VERIFIED',
    name: 'KIM Dajan Peken',
    submittedAt: '2026-09-01T01:00:00.000Z',
  },
  {
    id: ulidAt('2026-09-02T01:00:00Z', 3),
    village: '51.02.01.2001',
    status: 'VERIFIED',
    name: 'KIM Selemadeg',
    submittedAt: '2026-09-02T01:00:00.000Z',
  },
  {
    id: ulidAt('2026-09-03T01:00:00Z', 4),
    village: '51.02.01.2002',
    status: 'REJECTED',
    name: 'KIM Ditolak',
    submittedAt: '2026-09-03T01:00:00.000Z',
  },
  // New this week.
  {
    id: ulidAt('2026-11-28T03:00:00Z', 5),
    village: '51.02.06.2001',
    status: 'SUBMITTED',
    name: 'KIM Baru & Maju',
    submittedAt: '2026-11-28T03:00:00.000Z',
  },
];

const districtOf = (village: string) => village.split('.').slice(0, 3).join('.');

const seedRegistration = async (seed: Seed) => {
  const registration = fixtureRegistration(seed.id, {
    name: seed.name,
    villageCode: seed.village,
    villageName: 'Desa',
    districtCode: districtOf(seed.village),
    status: seed.status,
    submittedAt: seed.submittedAt,
    updatedAt: seed.submittedAt,
  });
  await client.send(
    new PutItemCommand({
      TableName: tableName,
      Item: marshall(
        { ...keys.registration(seed.id), type: itemTypes.registration, ...registration },
        { removeUndefinedValues: true },
      ),
    }),
  );
  const event: RegistrationEvent = {
    eventId: `evt-${seed.id}`,
    registrationId: seed.id,
    version: 1,
    villageCode: seed.village,
    oldVillageCode: null,
    oldStatus: null,
    newStatus: seed.status,
    at: seed.submittedAt,
  };
  const result = await applyCoverageEvents([event], {
    coverage: new DynamoDbCoverageStore(client, tableName),
  });
  expect(result.failed).toEqual([]);
};

const subscribe = async (id: string, email: string, regionCode: string) => {
  const outcome = await new DynamoDbDigestSubscriberStore(client, tableName).create({
    id,
    email,
    regionCode,
    createdAt: '2026-11-01T00:00:00.000Z',
  });
  expect(outcome.kind).toBe('written');
};

const deps = (mailer?: Mailer): SendDigestsDeps => {
  const store = new DynamoDbDigestStore(client, tableName);
  return {
    regions: new DynamoDbRegionStore(client, tableName),
    source: store,
    runs: store,
    deliveries: new DynamoDbSendOnceLedger(client, tableName, { retentionDays: DELIVERY_RECORD_TTL_DAYS }),
    subscribers: new DynamoDbDigestSubscriberStore(client, tableName),
    mailer:
      mailer ??
      new SesMailer(localSesClient(server.url), {
        from: 'ringkasan@kim.example.go.id',
        retry: { maxAttempts: 1 },
      }),
    clock: { now: () => new Date() },
    templates: { baseUrl: 'https://kim.example.go.id', timeZone: 'Asia/Makassar' },
    scope: '51.02',
  };
};

const csvOf = (email: StoredEmail) => {
  const attachment = email.attachments.find((item) => item.filename?.endsWith('.csv'));
  if (!attachment) throw new Error('no CSV attachment');
  return Buffer.from(attachment.content, 'base64').toString('utf8');
};

beforeAll(async () => {
  output = captureOutput();
  [tableName, server] = await Promise.all([seededTable(client, 'kim-digests'), startMailServer({ port: 0 })]);
  for (const seed of seeds) await seedRegistration(seed);
  await subscribe('01KDIGEST00000000000000001', 'bupati@tabanan.go.id', '51.02');
  await subscribe('01KDIGEST00000000000000002', 'sekda@tabanan.go.id', '51.02');
  await subscribe('01KDIGEST00000000000000003', 'camat@tabanan.go.id', '51.02.05');
});
afterAll(async () => {
  output.restore();
  await server?.stop();
});

describe('sending digests (DynamoDB Local, the local SES emulator)', () => {
  it('sends every subscriber the digest of their region, building each region once', async () => {
    const result = await sendDigests(deps(), { runId: RUN_AT.toISOString(), at: RUN_AT });

    expect(result.regions).toEqual([
      { regionCode: '51.02', subscribers: 2, sent: 2, skipped: 0, refused: 0, failed: 0 },
      { regionCode: '51.02.05', subscribers: 1, sent: 1, skipped: 0, refused: 0, failed: 0 },
    ]);
    const emails = await mailbox(server.url);
    expect(emailsTo(emails, 'bupati@tabanan.go.id')).toHaveLength(1);
    expect(emailsTo(emails, 'sekda@tabanan.go.id')).toHaveLength(1);
    expect(emailsTo(emails, 'camat@tabanan.go.id')).toHaveLength(1);
  });

  it('shows exactly the numbers GET /coverage/51.02 answers, and a CSV row per village (133)', async () => {
    const [email] = emailsTo(await mailbox(server.url), 'bupati@tabanan.go.id');
    if (!email) throw new Error('no email');
    const coverage = await getCoverage(
      {
        regions: new DynamoDbRegionStore(client, tableName),
        coverage: new DynamoDbCoverageReader(client, tableName),
        scope: '51.02',
      },
      '51.02',
    );
    const text = email.body.text ?? '';
    expect(coverage.villages).toEqual({ total: 133, covered: 2, pendingOnly: 1 });
    expect(text).toContain(
      `Cakupan: ${formatPercent(coverage.coveragePercent)} (${formatNumber(coverage.villages.covered)} dari ${formatNumber(coverage.villages.total)} desa/kelurahan punya KIM terverifikasi)`,
    );
    expect(text).toContain(`Desa hanya dengan KIM menunggu verifikasi: ${coverage.villages.pendingOnly}`);
    expect(text).toContain(
      `KIM: ${coverage.kim.verified} terverifikasi, ${coverage.kim.submitted} menunggu verifikasi, ${coverage.kim.rejected} ditolak, ${coverage.kim.deactivated} dinonaktifkan`,
    );
    for (const child of coverage.children) {
      expect(text).toContain(
        `- ${child.name} (${child.code}): ${formatNumber(child.villages.covered)}/${formatNumber(child.villages.total)} = ${formatPercent(child.coveragePercent)}`,
      );
    }

    const rows = csvOf(email)
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(rows[0]).toBe('code,name,district_code,district,status,kim_count');
    expect(rows).toHaveLength(1 + 133);
    expect(rows).toContain('51.02.05.2006,Dajan Peken,51.02.05,Tabanan,covered,2');
    expect(rows.filter((row) => row.endsWith(',covered,1') || row.endsWith(',covered,2'))).toHaveLength(2);
  });

  it('lists the backlog and the new registrations, the KIM name escaped in the HTML part', async () => {
    const [email] = emailsTo(await mailbox(server.url), 'bupati@tabanan.go.id');
    const html = email?.body.html ?? '';
    const text = email?.body.text ?? '';
    expect(html).toContain('&lt;script&gt;alert(&quot;kim&quot;)&lt;/script&gt; Sari');
    expect(html).not.toContain('<script>');
    expect(text).toContain('MENUNGGU VERIFIKASI LEBIH DARI 7 HARI (1)');
    expect(text).toContain(`https://kim.example.go.id/konsol/pendaftaran/${seeds[0]?.id}`);
    expect(text).toMatch(/PENDAFTARAN BARU SEJAK .* \(1\)\n- KIM Baru & Maju/);
  });

  it('the district subscriber gets the district digest: its villages only', async () => {
    const [email] = emailsTo(await mailbox(server.url), 'camat@tabanan.go.id');
    if (!email) throw new Error('no email');
    const rows = csvOf(email)
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
      .slice(1);
    const district = await new DynamoDbRegionStore(client, tableName).get('51.02.05');
    expect(rows).toHaveLength(district?.villageCount ?? -1);
    expect(rows.every((row) => row.startsWith('51.02.05.'))).toBe(true);
  });

  it('a retried run sends nobody a second email', async () => {
    const before = (await mailbox(server.url)).length;

    const result = await sendDigests(deps(), { runId: RUN_AT.toISOString(), at: RUN_AT });

    expect(result.regions.map((region) => [region.sent, region.skipped])).toEqual([
      [0, 2],
      [0, 1],
    ]);
    expect(await mailbox(server.url)).toHaveLength(before);
  });

  it('records the delivery by recipient hash, never by address, and the run for the next digest', async () => {
    const record = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: marshall(
          keys.notification(
            deliveryKey('51.02', RUN_AT.toISOString()),
            recipientHash('bupati@tabanan.go.id'),
          ),
        ),
        ConsistentRead: true,
      }),
    );
    const item = unmarshall(record.Item ?? {});
    expect(item.state).toBe('SENT');
    expect(item.subscriberId).toBe('01KDIGEST00000000000000001');
    expect(JSON.stringify(item)).not.toContain('@');
    const run = await new DynamoDbDigestStore(client, tableName).lastRun('51.02');
    expect(run).toMatchObject({ runId: RUN_AT.toISOString(), villageTotal: 133, counters: { covered: 2 } });
  });

  it('one failing recipient stops no one else; the run throws with the counts, and a retry sends only that one', async () => {
    const real = deps().mailer;
    let failFor: string | undefined = 'sekda@tabanan.go.id';
    const flaky: Mailer = {
      send: async (email) => {
        if (email.to === failFor) throw new Error('connection reset');
        return real.send(email);
      },
    };
    await seedRegistration({
      id: ulidAt('2026-12-02T01:00:00Z', 6),
      village: '51.02.06.2001',
      status: 'VERIFIED',
      name: 'KIM Kediri',
      submittedAt: '2026-12-02T01:00:00.000Z',
    });
    const before = (await mailbox(server.url)).length;

    const failure = await sendDigests(deps(flaky), {
      runId: NEXT_RUN_AT.toISOString(),
      at: NEXT_RUN_AT,
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DigestDeliveryError);
    expect((failure as DigestDeliveryError).result.regions).toEqual([
      { regionCode: '51.02', subscribers: 2, sent: 1, skipped: 0, refused: 0, failed: 1 },
      { regionCode: '51.02.05', subscribers: 1, sent: 1, skipped: 0, refused: 0, failed: 0 },
    ]);
    expect((failure as Error).message).not.toContain('@');
    expect(await mailbox(server.url)).toHaveLength(before + 2);

    failFor = undefined;
    const retry = await sendDigests(deps(flaky), { runId: NEXT_RUN_AT.toISOString(), at: NEXT_RUN_AT });
    expect(retry.regions[0]).toEqual({
      regionCode: '51.02',
      subscribers: 2,
      sent: 1,
      skipped: 1,
      refused: 0,
      failed: 0,
    });
    const sekda = emailsTo(await mailbox(server.url), 'sekda@tabanan.go.id');
    expect(sekda).toHaveLength(2);

    // Both emails of the second run compare with the first run, not with each other.
    const bupati = emailsTo(await mailbox(server.url), 'bupati@tabanan.go.id');
    for (const email of [sekda[1], bupati[1]]) {
      expect(email?.body.text).toContain('- Desa tercakup: +1');
      expect(email?.body.text).toMatch(/Dibanding 30 November 2026/);
    }
  });

  it('keeps addresses and KIM names out of the logs', () => {
    const logs = output.lines().join('\n');
    expect(logs).not.toMatch(/@tabanan\.go\.id/);
    expect(logs).not.toContain('alert(');
  });
});
