import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type MailServer, startMailServer } from '../../../infra/local/emulators/mail-server.js';
import { principalFromClaims } from '../../../shared/auth/principal.js';
import { DynamoDbOfficerStore } from '../../../shared/directory/dynamodb/officer-store.js';
import { listOfficers, updateOfficer } from '../../../shared/directory/manage-officers.js';
import type { Officer } from '../../../shared/directory/officer.js';
import type { RegistrationEvent } from '../../../shared/events/registration-event.js';
import {
  type NotifyDeps,
  notifyRegistrationEvent,
} from '../../../shared/notifications/notify-registration-event.js';
import { NOTIFICATION_RECORD_TTL_DAYS } from '../../../shared/notifications/wiring.js';
import { GetItemCommand } from '../../../shared/platform/dynamodb/client.js';
import { DynamoDbSendOnceLedger } from '../../../shared/platform/dynamodb/send-once-ledger.js';
import { keys } from '../../../shared/platform/dynamodb/table.js';
import { ValidationError } from '../../../shared/platform/errors.js';
import { PermanentMailError } from '../../../shared/platform/mail/mailer.js';
import { SesMailer } from '../../../shared/platform/mail/ses-mailer.js';
import { DynamoDbRegionStore } from '../../../shared/regions/dynamodb/region-store.js';
import { DynamoDbRegistrationRepository } from '../../../shared/registrations/dynamodb/registration-repository.js';
import { sha256Hex } from '../../../shared/registrations/edit-token.js';
import { reviewRegistration } from '../../../shared/registrations/review-registration.js';
import { seededTable, tableDeps } from '../../fixtures/admin-deps.js';
import { adminClaims } from '../../fixtures/admin-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { FIXTURE_NOW, fixedClock } from '../../fixtures/clock.js';
import { localDynamoDbClient } from '../../fixtures/dynamodb.js';
import { emailsTo, localSesClient, mailbox } from '../../fixtures/mailbox.js';
import { officerAt } from '../../fixtures/notification-ports.js';
import { firstHolderId, fixtureRegistration } from '../../fixtures/registration.js';

const client = localDynamoDbClient(inject('dynamoEndpoint'));
let tableName: string;
let server: MailServer;
let output: CapturedOutput;

beforeAll(async () => {
  output = captureOutput();
  [tableName, server] = await Promise.all([seededTable(client, 'kim-notify'), startMailServer({ port: 0 })]);
});
afterAll(async () => {
  output.restore();
  await server?.stop();
});

const storedRecord = async (eventId: string, recipientHash: string) => {
  const output = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: marshall(keys.notification(eventId, recipientHash)),
      ConsistentRead: true,
    }),
  );
  return output.Item ? unmarshall(output.Item) : undefined;
};

describe('officers with an undeliverable address', () => {
  const admin = principalFromClaims(adminClaims(), '51.02');

  it('are marked only while they keep that address; the admin view shows it; a PUT with a new email clears it', async () => {
    const deps = tableDeps(client, tableName, fixedClock(FIXTURE_NOW));
    const store = deps.officers;
    const officer = officerAt('01K0MARK000000000000000001', '51.02.06', { email: 'mark@tabanan.go.id' });
    expect(await store.create(officer)).toEqual({ kind: 'written' });
    const mark = { at: FIXTURE_NOW, reason: 'MessageRejected' };

    expect(await store.markEmailUndeliverable(officer.id, 'other@tabanan.go.id', mark)).toBe(false);
    expect(await store.markEmailUndeliverable('01K0NOSUCHOFFICER000000000', 'mark@tabanan.go.id', mark)).toBe(
      false,
    );
    expect(await store.markEmailUndeliverable(officer.id, 'mark@tabanan.go.id', mark)).toBe(true);

    const marked = await store.get(officer.id, { consistent: true });
    expect(marked).toMatchObject({ emailUndeliverable: mark, version: 2 });
    const listed = await listOfficers(deps, admin, { region: '51.02.06' });
    expect(listed.items.find((item) => item.id === officer.id)?.emailUndeliverable).toEqual(mark);

    const body = { name: officer.name, email: officer.email, regionCode: officer.regionCode };
    const same = await updateOfficer(deps, admin, officer.id, { ...body, name: 'Nama Baru' });
    expect(same.emailUndeliverable).toEqual(mark);

    const changed = await updateOfficer(deps, admin, officer.id, { ...body, email: 'baru@tabanan.go.id' });
    expect(changed).not.toHaveProperty('emailUndeliverable');
    expect(await store.get(officer.id, { consistent: true })).not.toHaveProperty('emailUndeliverable');
  });
});

describe('notifyRegistrationEvent over DynamoDB Local and the local SES emulator', () => {
  const REG_ID = firstHolderId('01K0NOTIFY0000000000000001', '51.02.05.2006', '141/12/DP/2025');
  const event = (patch: Partial<RegistrationEvent> = {}): RegistrationEvent => ({
    eventId: 'stream-evt-1',
    registrationId: REG_ID,
    version: 1,
    villageCode: '51.02.05.2006',
    oldVillageCode: null,
    oldStatus: null,
    newStatus: 'SUBMITTED',
    at: FIXTURE_NOW,
    ...patch,
  });
  const officers: Officer[] = [
    officerAt('01K0NOTIFYREGENCY000000001', '51.02', { email: 'regency@ppid.tabanan.go.id' }),
    officerAt('01K0NOTIFYDISTRICT00000001', '51.02.05', { email: 'district@ppid.tabanan.go.id' }),
    officerAt('01K0NOTIFYVILLAGE000000001', '51.02.05.2006', { email: 'village@ppid.tabanan.go.id' }),
    officerAt('01K0NOTIFYBOUNCE0000000001', '51.02.05', { email: 'bounce@ppid.tabanan.go.id' }),
    officerAt('01K0NOTIFYOTHERDIST0000001', '51.02.06', { email: 'otherdistrict@ppid.tabanan.go.id' }),
    officerAt('01K0NOTIFYOTHERREG00000001', '51.03', { email: 'otherregency@ppid.jembrana.go.id' }),
  ];

  const depsWith = (mailer: NotifyDeps['mailer']): NotifyDeps => {
    const officerStore = new DynamoDbOfficerStore(client, tableName);
    return {
      registrations: new DynamoDbRegistrationRepository(client, tableName),
      regions: new DynamoDbRegionStore(client, tableName),
      officers: officerStore,
      officerMail: officerStore,
      ledger: new DynamoDbSendOnceLedger(client, tableName, { retentionDays: NOTIFICATION_RECORD_TTL_DAYS }),
      mailer,
      clock: { now: () => new Date() },
      appBaseUrl: 'http://127.0.0.1:3000',
      leaseMs: 60_000,
    };
  };

  it('emails each officer of the village, district and regency once, none elsewhere; a bounce marks its officer', async () => {
    const store = new DynamoDbOfficerStore(client, tableName);
    for (const officer of officers) expect(await store.create(officer)).toEqual({ kind: 'written' });
    expect(
      (
        await new DynamoDbRegistrationRepository(client, tableName).create(
          fixtureRegistration(REG_ID, { name: 'KIM <script>x</script>' }),
        )
      ).kind,
    ).toBe('created');
    const ses = new SesMailer(localSesClient(server.url), { from: 'noreply@kim.example.go.id' });
    // The emulator accepts every address: the permanent refusal is injected for one of them.
    const mailer = {
      send: (email: Parameters<SesMailer['send']>[0]) =>
        email.to === 'bounce@ppid.tabanan.go.id'
          ? Promise.reject(new PermanentMailError('SES refused the email for good: MessageRejected'))
          : ses.send(email),
    };
    const deps = depsWith(mailer);

    const first = await notifyRegistrationEvent(deps, event());
    const again = await notifyRegistrationEvent(deps, event());

    expect(first).toMatchObject({ kind: 'officers', recipients: 4, sent: 3, failedPermanent: 1 });
    // The bounced officer is no longer a recipient at all.
    expect(again).toMatchObject({ recipients: 3, sent: 0, alreadyDone: 3 });
    const emails = await mailbox(server.url);
    for (const address of ['regency@', 'district@', 'village@']) {
      const received = emailsTo(emails, `${address}ppid.tabanan.go.id`);
      expect(received).toHaveLength(1);
      expect(received[0]?.subject).toContain('Pendaftaran KIM baru: KIM <script>x</script>');
      expect(received[0]?.body.html).toContain('KIM &lt;script&gt;x&lt;/script&gt;');
      expect(received[0]?.body.html).not.toContain('<script>');
      expect(received[0]?.body.text).toContain(`http://127.0.0.1:3000/konsol/pendaftaran/${REG_ID}`);
      expect(received[0]?.body.text).toContain('Kecamatan: Tabanan (51.02.05)');
    }
    expect(emailsTo(emails, 'otherdistrict@')).toEqual([]);
    expect(emailsTo(emails, 'otherregency@')).toEqual([]);
    expect(emailsTo(emails, 'bounce@')).toEqual([]);
    expect(await store.get('01K0NOTIFYBOUNCE0000000001', { consistent: true })).toMatchObject({
      emailUndeliverable: { reason: 'MessageRejected' },
    });
    expect(await storedRecord('stream-evt-1', sha256Hex('bounce@ppid.tabanan.go.id'))).toMatchObject({
      state: 'REFUSED',
      failureReason: 'MessageRejected',
      sendKey: 'stream-evt-1',
      registrationId: REG_ID,
      recipientKind: 'officer',
      officerIds: ['01K0NOTIFYBOUNCE0000000001'],
    });
    expect(await storedRecord('stream-evt-1', sha256Hex('village@ppid.tabanan.go.id'))).toMatchObject({
      state: 'SENT',
      recipientKind: 'officer',
    });
  });

  it('tells the KIM contact of the rejection, with the reason, once', async () => {
    const registrations = new DynamoDbRegistrationRepository(client, tableName);
    const id = firstHolderId('01K0NOTIFY0000000000000002', '51.02.05.2006', 'SK-NOTIFY-2');
    await registrations.create(
      fixtureRegistration(id, {
        sk: { ...fixtureRegistration(id).sk, number: 'SK-NOTIFY-2' },
        status: 'REJECTED',
        version: 2,
        reviewedAt: FIXTURE_NOW,
        rejectionReason: 'Lampiran SK tidak terbaca.',
      }),
    );
    const ses = new SesMailer(localSesClient(server.url), { from: 'noreply@kim.example.go.id' });
    const deps = depsWith(ses);
    const before = emailsTo(await mailbox(server.url), 'kim.dajanpeken@example.id').length;
    const rejected = event({
      eventId: 'stream-evt-2',
      registrationId: id,
      version: 2,
      oldStatus: 'SUBMITTED',
      newStatus: 'REJECTED',
    });

    await notifyRegistrationEvent(deps, rejected);
    await notifyRegistrationEvent(deps, rejected);

    const received = emailsTo(await mailbox(server.url), 'kim.dajanpeken@example.id');
    expect(received).toHaveLength(before + 1);
    expect(received.at(-1)?.subject).toContain('ditolak');
    expect(received.at(-1)?.body.text).toContain('Lampiran SK tidak terbaca.');
    const record = await storedRecord('stream-evt-2', sha256Hex('kim.dajanpeken@example.id'));
    expect(record).toMatchObject({
      state: 'SENT',
      registrationId: id,
      recipientKind: 'contact',
    });
    expect(record).not.toHaveProperty('officerIds');
    // Kept NOTIFICATION_RECORD_TTL_DAYS (30) from the send.
    expect((Number(record?.expiresAt) - Date.now() / 1000) / 86_400).toBeCloseTo(30, 0);
  });

  it('emails a reason reviewed with invisible characters without them, and lets no blank reason through', async () => {
    const { registrations } = tableDeps(client, tableName);
    // A valid ULID: the review checks the id's form before reading it.
    const id = firstHolderId('01K0NTFY000000000000000003', '51.02.05.2006', 'SK-NOTIFY-3');
    await registrations.create(
      fixtureRegistration(id, { sk: { ...fixtureRegistration(id).sk, number: 'SK-NOTIFY-3' } }),
    );
    const review = { ...tableDeps(client, tableName), registrations };
    const reviewer = principalFromClaims(adminClaims(), '51.02');

    const blank = reviewRegistration(review, reviewer, {
      id,
      action: 'REJECT',
      body: { reason: '\u200b'.repeat(12) },
    });
    await expect(blank).rejects.toThrow(ValidationError);
    await reviewRegistration(review, reviewer, {
      id,
      action: 'REJECT',
      body: { reason: '\u200bLampiran\u200b SK\u2060 tidak terbaca.\u200e' },
    });
    await notifyRegistrationEvent(
      depsWith(new SesMailer(localSesClient(server.url), { from: 'noreply@kim.example.go.id' })),
      event({
        eventId: 'stream-evt-3',
        registrationId: id,
        version: 2,
        oldStatus: 'SUBMITTED',
        newStatus: 'REJECTED',
      }),
    );

    const text = emailsTo(await mailbox(server.url), 'kim.dajanpeken@example.id').at(-1)?.body.text ?? '';
    expect(text).toMatch(/Alasan penolakan:\r?\nLampiran SK tidak terbaca\.\r?\n/);
    expect(text).not.toMatch(/[\u200b\u2060\u200e]/);
  });

  it('never logs an address or a name', () => {
    const logged = output.lines().join('\n');
    expect(logged).not.toContain('@');
    expect(logged).not.toContain('Dajan Peken');
  });
});
