import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbOfficerStore } from '../../shared/directory/dynamodb/officer-store.js';
import type { RegistrationEvent } from '../../shared/events/registration-event.js';
import { localDynamoDbClient, scanAll } from '../fixtures/dynamodb.js';
import { emailsTo, mailbox, type StoredEmail } from '../fixtures/mailbox.js';
import { officerAt } from '../fixtures/notification-ports.js';
import { registrationBody } from '../fixtures/registration-body.js';
import { claimsFor, signFor } from '../support/admin-tokens.js';
import { type RunningLocalStack, startLocalStackProcess } from '../support/local-stack.js';

let stack: RunningLocalStack;
let mailboxUrl: string;
let sqs: SQSClient;
let notifyQueueUrl: string;
let notifyDlqUrl: string;
let tableName: string;
let adminToken: string;

const printed = (pattern: RegExp) => {
  const match = pattern.exec(stack.stdout());
  if (!match?.[1]) throw new Error(`the local stack did not print ${pattern}:\n${stack.stdout()}`);
  return match;
};

beforeAll(async () => {
  stack = await startLocalStackProcess({
    env: {
      MAIL_PORT: '0',
      SQS_PORT: '0',
      LOCAL_RETRY_DELAY_SECONDS: '1',
      APP_BASE_URL: 'http://kim.localhost',
    },
  });
  mailboxUrl = printed(/Mailbox\s+(http:\/\/\S+)/)[1] as string;
  const sqsEndpoint = printed(/SQS \(fauxqs\)\s+(http:\/\/\S+)/)[1] as string;
  const notify = printed(/Queue notify\s+(http:\/\/\S+)\s+DLQ\s+(http:\/\/\S+)/);
  notifyQueueUrl = notify[1] as string;
  notifyDlqUrl = notify[2] as string;
  tableName = printed(/table (\S+), java pid/)[1] as string;
  sqs = new SQSClient({
    endpoint: sqsEndpoint,
    region: 'ap-southeast-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  adminToken = await signFor(stack, claimsFor(stack, 'admin'));
  console.info(`e2e notifications: local stack ready in ${Math.round(stack.startMs)} ms`);
});

afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
});

const api = async (method: string, path: string, body?: unknown, token?: string) => {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>),
  };
};

/** A registration of the fixture village with an SK number of its own; resolves with its id. */
const register = async (name: string) => {
  const body = registrationBody();
  body.name = name;
  body.sk.number = `141/12/DP/2025 NOTIFY ${randomUUID()}`;
  const created = await api('POST', '/registrations', body);
  expect(created.status).toBe(201);
  return String(created.body?.id);
};

/** Polls the mailbox until `done` holds for it (or fails after `ms`). */
const waitForMail = async (done: (emails: StoredEmail[]) => boolean, ms = 30_000): Promise<StoredEmail[]> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const emails = await mailbox(mailboxUrl);
    if (done(emails)) return emails;
    if (Date.now() > deadline)
      throw new Error(`mailbox never satisfied the condition: ${emails.length} emails`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

/** Waits until the notify queue holds nothing, visible or in flight: every message consumed. */
const waitForEmptyNotifyQueue = async (ms = 30_000) => {
  const deadline = Date.now() + ms;
  for (;;) {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: notifyQueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    if (
      Number(Attributes?.ApproximateNumberOfMessages) === 0 &&
      Number(Attributes?.ApproximateNumberOfMessagesNotVisible) === 0
    ) {
      return;
    }
    if (Date.now() > deadline) throw new Error(`notify queue not drained: ${JSON.stringify(Attributes)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 2_000));

const OFFICERS = {
  regency: 'regency@ppid.tabanan.example.id',
  district: 'district@ppid.tabanan.example.id',
  village: 'village@ppid.tabanan.example.id',
  otherDistrict: 'otherdistrict@ppid.tabanan.example.id',
  otherRegency: 'otherregency@ppid.badung.example.id',
} as const;
const CONTACT = registrationBody().contact.email;

describe('notifications through the local stack', () => {
  let registrationId: string;

  it('emails each officer of the village, district and regency exactly once, and no officer elsewhere', async () => {
    for (const [email, regionCode] of [
      [OFFICERS.regency, '51.02'],
      [OFFICERS.district, '51.02.05'],
      [OFFICERS.village, '51.02.05.2006'],
      [OFFICERS.otherDistrict, '51.02.06'],
    ] as const) {
      const created = await api(
        'POST',
        '/admin/officers',
        { name: 'Petugas PPID', email, regionCode },
        adminToken,
      );
      expect(created.status).toBe(201);
    }
    // Another regency is outside this deployment's scope, so the API refuses it: written as the
    // directory would hold it had the scope been the province.
    const dynamo = localDynamoDbClient(stack.dynamoEndpoint);
    await new DynamoDbOfficerStore(dynamo, tableName).create(
      officerAt('01K0BADUNG0000000000000001', '51.03', { email: OFFICERS.otherRegency }),
    );

    registrationId = await register('KIM <script>alert(1)</script> Dajan Peken');

    const emails = await waitForMail((all) =>
      [OFFICERS.regency, OFFICERS.district, OFFICERS.village].every((to) => emailsTo(all, to).length > 0),
    );
    await waitForEmptyNotifyQueue();
    await settle();
    const final = await mailbox(mailboxUrl);
    for (const to of [OFFICERS.regency, OFFICERS.district, OFFICERS.village]) {
      const received = emailsTo(final, to);
      expect(received, to).toHaveLength(1);
      const [email] = received;
      expect(email?.from).toBe('kim@kim.example.id');
      expect(email?.subject).toContain('Pendaftaran KIM baru');
      expect(email?.body.text).toContain(`http://kim.localhost/konsol/pendaftaran/${registrationId}`);
      expect(email?.body.text).toContain('Kecamatan: Tabanan (51.02.05)');
      expect(email?.body.html).toContain('KIM &lt;script&gt;alert(1)&lt;/script&gt; Dajan Peken');
      expect(email?.body.html).not.toContain('<script>');
    }
    expect(emailsTo(final, OFFICERS.otherDistrict)).toEqual([]);
    expect(emailsTo(final, OFFICERS.otherRegency)).toEqual([]);
    expect(emails.length).toBeGreaterThanOrEqual(3);
  });

  it('sends no second email when the same event is delivered to the notify queue again', async () => {
    const read = await api('GET', `/admin/registrations/${registrationId}`, undefined, adminToken);
    expect(read.status).toBe(200);
    // The fan-out's event for the create: its eventId (the stream record's id) is what the notify
    // function recorded each email under.
    const dynamo = localDynamoDbClient(stack.dynamoEndpoint);
    const records = (await scanAll(dynamo, tableName)).filter(
      (item) => item.type === 'NOTIFICATION' && item.registrationId === registrationId,
    );
    expect(records.map((record) => record.state)).toEqual(['SENT', 'SENT', 'SENT']);
    const eventIds = [...new Set(records.map((record) => String(record.sendKey)))];
    expect(eventIds).toHaveLength(1);
    const submittedAt = new Date(String(read.body?.submittedAt));
    const event: RegistrationEvent = {
      eventId: eventIds[0] as string,
      registrationId,
      version: 1,
      villageCode: '51.02.05.2006',
      oldVillageCode: null,
      oldStatus: null,
      newStatus: 'SUBMITTED',
      at: new Date(Math.floor(submittedAt.getTime() / 1000) * 1000).toISOString(),
    };
    const before = await mailbox(mailboxUrl);

    for (let copy = 0; copy < 2; copy++) {
      await sqs.send(
        new SendMessageCommand({ QueueUrl: notifyQueueUrl, MessageBody: JSON.stringify(event) }),
      );
    }
    await waitForEmptyNotifyQueue();
    await settle();

    expect(await mailbox(mailboxUrl)).toHaveLength(before.length);

    // Control: the same body under a new event id does reach the officers, once each — the
    // copies above sent nothing because of the records, not because the path was dead.
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: notifyQueueUrl,
        MessageBody: JSON.stringify({ ...event, eventId: `${event.eventId}-control` }),
      }),
    );
    const after = await waitForMail((all) => all.length >= before.length + 3);
    await waitForEmptyNotifyQueue();
    await settle();
    expect(await mailbox(mailboxUrl)).toHaveLength(before.length + 3);
    for (const to of [OFFICERS.regency, OFFICERS.district, OFFICERS.village]) {
      expect(emailsTo(after, to)).toHaveLength(2);
    }
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: notifyDlqUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    expect(Number(Attributes?.ApproximateNumberOfMessages)).toBe(0);
  });

  it('tells the KIM contact of the verification', async () => {
    const verified = await api(
      'POST',
      `/admin/registrations/${registrationId}/verify`,
      undefined,
      adminToken,
    );
    expect(verified.status).toBe(200);

    const emails = await waitForMail((all) =>
      emailsTo(all, CONTACT).some((email) => email.body.text?.includes(registrationId)),
    );
    await waitForEmptyNotifyQueue();
    await settle();
    const toContact = emailsTo(await mailbox(mailboxUrl), CONTACT).filter((email) =>
      email.body.text?.includes(registrationId),
    );
    expect(toContact).toHaveLength(1);
    expect(toContact[0]?.subject).toContain('Pendaftaran KIM diverifikasi');
    expect(toContact[0]?.body.html).toContain('Terverifikasi');
    expect(toContact[0]?.body.html).not.toContain('<script>');
    // Officers are not told of the review.
    for (const to of [OFFICERS.regency, OFFICERS.district, OFFICERS.village]) {
      expect(emailsTo(emails, to).filter((email) => email.subject.includes('diverifikasi'))).toEqual([]);
    }
  });

  it('tells the KIM contact of a rejection, with the reason', async () => {
    const rejectedId = await register('KIM Ditolak Dajan Peken');
    const reason = 'Nomor SK tidak sesuai dengan lampiran yang diunggah.';
    await waitForMail((all) => all.some((email) => email.body.text?.includes(rejectedId)));

    const rejected = await api('POST', `/admin/registrations/${rejectedId}/reject`, { reason }, adminToken);
    expect(rejected.status).toBe(200);

    await waitForMail((all) => emailsTo(all, CONTACT).some((email) => email.body.text?.includes(rejectedId)));
    await waitForEmptyNotifyQueue();
    await settle();
    const all = await mailbox(mailboxUrl);
    const toContact = emailsTo(all, CONTACT).filter((email) => email.body.text?.includes(rejectedId));
    expect(toContact).toHaveLength(1);
    expect(toContact[0]?.subject).toContain('Pendaftaran KIM ditolak');
    expect(toContact[0]?.body.text).toContain(reason);
    expect(toContact[0]?.body.html).toContain(reason);
    // Its submission reached the same three officers, once each.
    for (const to of [OFFICERS.regency, OFFICERS.district, OFFICERS.village]) {
      expect(emailsTo(all, to).filter((email) => email.body.text?.includes(rejectedId))).toHaveLength(1);
    }
  });

  it('logs no address and no name', () => {
    const output = stack.output();
    for (const address of [...Object.values(OFFICERS), CONTACT]) expect(output).not.toContain(address);
    expect(output).not.toContain('KIM Ditolak');
    expect(output).not.toContain('alert(1)');
  });
});
