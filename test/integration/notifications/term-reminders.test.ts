import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type MailServer, startMailServer } from '../../../infra/local/emulators/mail-server.js';
import { DynamoDbOfficerStore } from '../../../shared/directory/dynamodb/officer-store.js';
import { DynamoDbDocumentRecords } from '../../../shared/documents/dynamodb/document-records.js';
import { DynamoDbTermIndex } from '../../../shared/documents/dynamodb/term-index.js';
import type { SkDocument } from '../../../shared/documents/sk-document.js';
import { countExpiredTerms, termStatusOf } from '../../../shared/documents/term-expiry.js';
import { sendTermReminders, type TermReminderDeps } from '../../../shared/notifications/term-reminders.js';
import { TERM_REMINDER_RECORD_TTL_DAYS } from '../../../shared/notifications/wiring.js';
import { DynamoDbSendOnceLedger } from '../../../shared/platform/dynamodb/send-once-ledger.js';
import { SesMailer } from '../../../shared/platform/mail/ses-mailer.js';
import { DynamoDbRegionStore } from '../../../shared/regions/dynamodb/region-store.js';
import { DynamoDbRegistrationRepository } from '../../../shared/registrations/dynamodb/registration-repository.js';
import { DynamoDbRegistrationStatusReader } from '../../../shared/registrations/dynamodb/status-reader.js';
import type { Registration } from '../../../shared/registrations/registration.js';
import { seededTable } from '../../fixtures/admin-deps.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { localDynamoDbClient } from '../../fixtures/dynamodb.js';
import { emailsTo, localSesClient, mailbox } from '../../fixtures/mailbox.js';
import { officerAt } from '../../fixtures/notification-ports.js';
import { firstHolderId, fixtureRegistration } from '../../fixtures/registration.js';

const client = localDynamoDbClient(inject('dynamoEndpoint'));
let tableName: string;
let server: MailServer;
let output: CapturedOutput;

const VILLAGE = '51.02.05.2006';
const CONTACT = 'kim.dajanpeken@example.id';

beforeAll(async () => {
  output = captureOutput();
  [tableName, server] = await Promise.all([seededTable(client, 'kim-terms'), startMailServer({ port: 0 })]);
});
afterAll(async () => {
  output.restore();
  await server?.stop();
});

/** A registration stored through its repository (status and village as given). */
const storeRegistration = async (seed: string, skNumber: string, patch: Partial<Registration> = {}) => {
  const villageCode = patch.villageCode ?? VILLAGE;
  const id = firstHolderId(seed, villageCode, skNumber);
  const base = fixtureRegistration(id);
  const outcome = await new DynamoDbRegistrationRepository(client, tableName).create(
    fixtureRegistration(id, { sk: { ...base.sk, number: skNumber }, ...patch }),
  );
  expect(outcome.kind).toBe('created');
  return id;
};

/** An SK version with `term` confirmed for the registration, as the documents use case records it. */
const confirmVersion = async (
  registrationId: string,
  versionId: string,
  term: SkDocument['term'],
  villageCode = VILLAGE,
) => {
  const records = new DynamoDbDocumentRecords(client, tableName);
  const upload = {
    registrationId,
    uploadId: versionId,
    status: 'PENDING' as const,
    contentType: 'application/pdf' as const,
    size: 100,
    term,
    sk: { number: '141/1/T/2025', date: term.start },
    createdAt: '2026-01-01T00:00:00.000Z',
  };
  await records.putUpload(upload);
  const document: SkDocument = {
    registrationId,
    versionId,
    contentType: 'application/pdf',
    size: 100,
    sha256: 'a'.repeat(64),
    term,
    sk: upload.sk,
    uploadedAt: '2026-01-01T00:00:00.000Z',
  };
  expect(
    await records.accept(upload, document, {
      villageCode,
      districtCode: '51.02.05',
      regencyCode: '51.02',
    }),
  ).toBe(true);
};

const deps = (): TermReminderDeps => {
  const officers = new DynamoDbOfficerStore(client, tableName);
  return {
    terms: new DynamoDbTermIndex(client, tableName),
    regions: new DynamoDbRegionStore(client, tableName),
    registrations: new DynamoDbRegistrationRepository(client, tableName),
    officers,
    officerMail: officers,
    ledger: new DynamoDbSendOnceLedger(client, tableName, { retentionDays: TERM_REMINDER_RECORD_TTL_DAYS }),
    mailer: new SesMailer(localSesClient(server.url), { from: 'noreply@kim.example.go.id' }),
    clock: { now: () => new Date() },
    appBaseUrl: 'http://127.0.0.1:3000',
    leaseMs: 60_000,
  };
};

/** 08:00 WITA on `date` (00:00 UTC). */
const morningOf = (date: string) => new Date(`${date}T00:00:00.000Z`);

describe('term reminders over DynamoDB Local and the local SES emulator', () => {
  it('sends the 60-day and the 14-day reminder exactly once each, under concurrent and repeated runs', async () => {
    const store = new DynamoDbOfficerStore(client, tableName);
    for (const officer of [
      officerAt('01K0TERMREGENCY00000000001', '51.02', { email: 'regency@ppid.tabanan.go.id' }),
      officerAt('01K0TERMDISTRICT0000000001', '51.02.05', { email: 'district@ppid.tabanan.go.id' }),
      officerAt('01K0TERMOTHERDIST000000001', '51.02.06', { email: 'other@ppid.tabanan.go.id' }),
    ]) {
      expect(await store.create(officer)).toEqual({ kind: 'written' });
    }
    const id = await storeRegistration('01K0TERMREMIND000000000001', 'SK-TERM-1', { status: 'VERIFIED' });
    await confirmVersion(id, '01K0TERMV10000000000000001', { start: '2024-01-01', end: '2026-12-31' });

    // 2026-10-31 is 61 days before the end: nothing yet.
    expect(await sendTermReminders(deps(), { scope: '51.02', at: morningOf('2026-10-31') })).toMatchObject({
      due: 0,
      sent: 0,
    });
    // Day 60 missed; day 59: three overlapping runs, one email per recipient.
    const runs = await Promise.allSettled(
      [1, 2, 3].map(() => sendTermReminders(deps(), { scope: '51.02', at: morningOf('2026-11-02') })),
    );
    // A run that met another's claim throws TermRemindersIncompleteError (so the schedule retries it).
    for (const run of runs) {
      if (run.status === 'rejected')
        expect(run.reason).toMatchObject({ name: 'TermRemindersIncompleteError' });
    }
    expect(emailsTo(await mailbox(server.url), CONTACT)).toHaveLength(1);
    // A run that found a claim in progress elsewhere asks to be retried; the retry finds all done.
    expect(await sendTermReminders(deps(), { scope: '51.02', at: morningOf('2026-11-03') })).toMatchObject({
      due: 1,
      sent: 0,
      alreadyDone: 3,
    });
    // The 14-day reminder from 14 days before, once; then none after the term ended.
    expect(await sendTermReminders(deps(), { scope: '51.02', at: morningOf('2026-12-17') })).toMatchObject({
      sent: 3,
    });
    expect(await sendTermReminders(deps(), { scope: '51.02', at: morningOf('2026-12-31') })).toMatchObject({
      sent: 0,
      alreadyDone: 3,
    });
    expect(await sendTermReminders(deps(), { scope: '51.02', at: morningOf('2027-01-01') })).toMatchObject({
      due: 0,
    });

    const emails = await mailbox(server.url);
    const toContact = emailsTo(emails, CONTACT).filter((email) => email.subject.includes('Masa bakti'));
    expect(toContact.map((email) => email.subject)).toEqual([
      expect.stringContaining('berakhir dalam 59 hari (2026-12-31)'),
      expect.stringContaining('berakhir dalam 14 hari (2026-12-31)'),
    ]);
    expect(toContact[0]?.body.text).toContain('http://127.0.0.1:3000/kelola');
    expect(toContact[0]?.body.text).toContain('English:');
    for (const officer of ['regency@', 'district@']) {
      const received = emailsTo(emails, `${officer}ppid.tabanan.go.id`);
      expect(received).toHaveLength(2);
      expect(received[0]?.body.text).toContain(`http://127.0.0.1:3000/konsol/pendaftaran/${id}`);
    }
    expect(emailsTo(emails, 'other@ppid.tabanan.go.id')).toEqual([]);
    // Ids and counts in the logs, never an address or a name.
    expect(output.lines().join('\n')).not.toContain(CONTACT);
    expect(output.lines().join('\n')).not.toContain('regency@ppid');
  });

  it('a new SK version with a new term starts its reminders afresh; an older version confirmed late changes nothing', async () => {
    const id = await storeRegistration('01K0TERMREMIND000000000002', 'SK-TERM-2', {
      status: 'VERIFIED',
      villageCode: '51.02.05.2006',
    });
    await confirmVersion(id, '01K0TERMV20000000000000002', { start: '2024-03-01', end: '2027-03-31' });
    const run = (date: string) => sendTermReminders(deps(), { scope: '51.02.05', at: morningOf(date) });
    const contactEmails = async () =>
      emailsTo(await mailbox(server.url), CONTACT).filter((email) => email.subject.includes('2027-03-31'));

    await run('2027-01-30');
    expect(await contactEmails()).toHaveLength(1);
    // The renewed SK's term ends on the same day (a new version of the same term): no second reminder.
    await confirmVersion(id, '01K0TERMV20000000000000003', { start: '2024-03-01', end: '2027-03-31' });
    await run('2027-01-31');
    expect(await contactEmails()).toHaveLength(1);
    // A new term ending within 60 days: its 60-day reminder, once.
    await confirmVersion(id, '01K0TERMV20000000000000004', { start: '2024-04-01', end: '2027-04-01' });
    await run('2027-02-01');
    await run('2027-02-02');
    const newTerm = emailsTo(await mailbox(server.url), CONTACT).filter((email) =>
      email.subject.includes('2027-04-01'),
    );
    expect(newTerm).toHaveLength(1);
    // An older upload confirmed after the newer one is kept as a version but is not the current term.
    await confirmVersion(id, '01K0TERMV20000000000000001', { start: '2021-01-01', end: '2022-01-01' });
    expect(await new DynamoDbTermIndex(client, tableName).get(id)).toMatchObject({
      versionId: '01K0TERMV20000000000000004',
      term: { end: '2027-04-01' },
    });
  });

  it('counts the VERIFIED KIM of a region whose term ended before today in WITA, and shows the term as expired', async () => {
    const verified = await storeRegistration('01K0TERMCOUNT0000000000001', 'SK-COUNT-1', {
      status: 'VERIFIED',
      villageCode: '51.02.05.2007',
    });
    const deactivated = await storeRegistration('01K0TERMCOUNT0000000000002', 'SK-COUNT-2', {
      status: 'DEACTIVATED',
      villageCode: '51.02.05.2007',
    });
    const ended = { start: '2023-01-01', end: '2025-12-31' };
    await confirmVersion(verified, '01K0TERMCV0000000000000001', ended, '51.02.05.2007');
    await confirmVersion(deactivated, '01K0TERMCV0000000000000002', ended, '51.02.05.2007');
    const countDeps = {
      terms: new DynamoDbTermIndex(client, tableName),
      registrations: new DynamoDbRegistrationStatusReader(client, tableName),
      regions: new DynamoDbRegionStore(client, tableName),
    };
    const before = await countExpiredTerms(countDeps, '51.02.05.2007', new Date('2026-01-01T00:00:00Z'));
    // 2025-12-31T16:00Z is midnight in WITA: the last day is over.
    const lastDay = new Date('2025-12-31T15:59:59Z');
    const nextDay = new Date('2025-12-31T16:00:00Z');
    expect(await countExpiredTerms(countDeps, '51.02.05.2007', lastDay)).toBe(0);
    expect(await countExpiredTerms(countDeps, '51.02.05.2007', nextDay)).toBe(1);
    expect(before).toBe(1);
    expect(await countExpiredTerms(countDeps, '51.02.06', nextDay)).toBe(0);
    expect(await countExpiredTerms(countDeps, '51', nextDay)).toBeGreaterThanOrEqual(1);
    expect(await termStatusOf(countDeps, verified, lastDay)).toEqual({
      start: '2023-01-01',
      end: '2025-12-31',
      expired: false,
    });
    expect(await termStatusOf(countDeps, verified, nextDay)).toMatchObject({ expired: true });
  });
});
