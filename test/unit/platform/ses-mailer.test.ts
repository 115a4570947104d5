import {
  BadRequestException,
  LimitExceededException,
  MessageRejected,
  NotFoundException,
  SESv2Client,
  SESv2ServiceException,
  SendEmailCommand,
  type SendEmailCommandInput,
  SendingPausedException,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type OutgoingEmail,
  PermanentMailError,
  TransientMailError,
} from '../../../shared/platform/mail/mailer.js';
import { classifySesError, SesMailer } from '../../../shared/platform/mail/ses-mailer.js';

const ses = mockClient(SESv2Client);
afterEach(() => ses.reset());

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
const serviceError = (name: string, httpStatusCode: number) =>
  new SESv2ServiceException({
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    ...meta(httpStatusCode),
  });

const email: OutgoingEmail = {
  to: 'sari@tabanan.go.id',
  subject: 'Ringkasan cakupan — Kabupaten Tabanan',
  html: '<p>Halo</p>',
  text: 'Halo',
};

const mailer = (
  sleeps: number[] = [],
  options: { configurationSetName?: string; maxAttempts?: number } = {},
) =>
  new SesMailer(new SESv2Client({ region: 'ap-southeast-3' }), {
    from: 'noreply@kim.example.go.id',
    configurationSetName: options.configurationSetName,
    retry: {
      maxAttempts: options.maxAttempts ?? 4,
      baseDelayMs: 100,
      maxDelayMs: 300,
      random: () => 0.5,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
  });

const sentInput = (call = 0): SendEmailCommandInput => {
  const input = ses.commandCalls(SendEmailCommand)[call]?.args[0].input;
  if (!input) throw new Error(`no SendEmail call #${call}`);
  return input;
};

describe('classifySesError', () => {
  it.each([
    [new TooManyRequestsException({ message: 'slow down', ...meta(429) }), 'transient'],
    [new LimitExceededException({ message: 'quota', ...meta(400) }), 'transient'],
    [new SendingPausedException({ message: 'paused', ...meta(400) }), 'transient'],
    [serviceError('ThrottlingException', 400), 'transient'],
    [serviceError('InternalServiceErrorException', 500), 'transient'],
    [serviceError('ServiceUnavailable', 503), 'transient'],
    [serviceError('SomethingNew', 502), 'transient'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'transient'],
    [Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'transient'],
    [new MessageRejected({ message: 'Email address is not verified.', ...meta(400) }), 'permanent'],
    [new BadRequestException({ message: 'Illegal address', ...meta(400) }), 'permanent'],
    [new NotFoundException({ message: 'identity not found', ...meta(404) }), 'permanent'],
    [serviceError('AccessDeniedException', 403), 'other'],
    [serviceError('AccountSuspendedException', 400), 'other'],
    [serviceError('MailFromDomainNotVerifiedException', 400), 'other'],
  ] as const)('%s is %s', (error, kind) => {
    expect(classifySesError(error)).toBe(kind);
  });
});

describe('SesMailer.send', () => {
  it('sends Simple content, UTF-8, from the sender, with the configuration set when there is one', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });

    const result = await mailer([], { configurationSetName: 'kim-registry' }).send(email);

    expect(result).toEqual({ messageId: 'm-1' });
    expect(sentInput()).toEqual({
      FromEmailAddress: 'noreply@kim.example.go.id',
      Destination: { ToAddresses: ['sari@tabanan.go.id'] },
      ConfigurationSetName: 'kim-registry',
      Content: {
        Simple: {
          Subject: { Data: 'Ringkasan cakupan — Kabupaten Tabanan', Charset: 'UTF-8' },
          Body: { Text: { Data: 'Halo', Charset: 'UTF-8' }, Html: { Data: '<p>Halo</p>', Charset: 'UTF-8' } },
        },
      },
    });
  });

  it('leaves the configuration set out when none is configured', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });

    await mailer().send(email);

    expect(sentInput()).not.toHaveProperty('ConfigurationSetName');
  });

  it('sends attachments in the Simple content: file name, type, disposition and the bytes (text as UTF-8)', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });
    const csv = '\uFEFFkode,nama\r\n51.02.05.2006,Désa Dajan Peken\r\n';
    const binary = new Uint8Array([0, 255, 1, 254]);

    await mailer().send({
      ...email,
      subject: 'Cakupan\r\nBcc: x@y.z',
      attachments: [
        { filename: 'cakupan.csv', contentType: 'text/csv', content: csv },
        { filename: 'data\r\nX: y.bin', contentType: 'application/octet-stream', content: binary },
      ],
    });

    const input = sentInput();
    expect(input.Content?.Raw).toBeUndefined();
    expect(input.Destination).toEqual({ ToAddresses: ['sari@tabanan.go.id'] });
    const simple = input.Content?.Simple;
    expect(simple?.Subject).toEqual({ Data: 'Cakupan Bcc: x@y.z', Charset: 'UTF-8' });
    expect(simple?.Body).toEqual({
      Text: { Data: 'Halo', Charset: 'UTF-8' },
      Html: { Data: '<p>Halo</p>', Charset: 'UTF-8' },
    });
    const [sheet, bytes] = simple?.Attachments ?? [];
    expect(sheet).toMatchObject({
      FileName: 'cakupan.csv',
      ContentType: 'text/csv',
      ContentDisposition: 'ATTACHMENT',
      ContentTransferEncoding: 'BASE64',
    });
    expect(Buffer.from(sheet?.RawContent ?? new Uint8Array()).toString('utf8')).toBe(csv);
    expect(bytes?.FileName).toBe('data X: y.bin');
    expect([...(bytes?.RawContent ?? [])]).toEqual([0, 255, 1, 254]);
  });

  it('sends no Attachments field for an email without attachments', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });

    await mailer().send({ ...email, attachments: [] });

    expect(sentInput().Content?.Simple).not.toHaveProperty('Attachments');
  });

  it('refuses an attachment content type that is not a plain type/subtype, before calling SES', async () => {
    await expect(
      mailer().send({
        ...email,
        attachments: [{ filename: 'a.csv', contentType: 'text/csv\r\nX: y', content: 'a' }],
      }),
    ).rejects.toThrow(/plain type\/subtype/);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('retries throttling with jittered exponential backoff, then succeeds', async () => {
    ses
      .on(SendEmailCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'slow', ...meta(429) }))
      .rejectsOnce(serviceError('InternalServiceErrorException', 500))
      .rejectsOnce(new LimitExceededException({ message: 'quota', ...meta(400) }))
      .resolves({ MessageId: 'm-3' });
    const sleeps: number[] = [];

    const result = await mailer(sleeps).send(email);

    expect(result.messageId).toBe('m-3');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(4);
    // random() = 0.5 of a ceiling of 100, 200, then 300 (the cap).
    expect(sleeps).toEqual([50, 100, 150]);
  });

  it('gives up after maxAttempts with TransientMailError naming the last error, not the address', async () => {
    ses.on(SendEmailCommand).rejects(new SendingPausedException({ message: 'paused for x@y', ...meta(400) }));
    const sleeps: number[] = [];

    const failure = await mailer(sleeps, { maxAttempts: 3 })
      .send(email)
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(TransientMailError);
    expect((failure as Error).message).toBe(
      'SES refused the email 3 times, last with SendingPausedException',
    );
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it.each([
    new MessageRejected({ message: 'Email address is not verified: sari@tabanan.go.id', ...meta(400) }),
    new BadRequestException({ message: 'Illegal address', ...meta(400) }),
    new NotFoundException({ message: 'not found', ...meta(404) }),
  ])('throws PermanentMailError at once for %s', async (error) => {
    ses.on(SendEmailCommand).rejects(error);
    const sleeps: number[] = [];

    const failure = await mailer(sleeps)
      .send(email)
      .catch((caught: unknown) => caught);

    expect(failure).toBeInstanceOf(PermanentMailError);
    expect((failure as Error).message).toBe(`SES refused the email for good: ${error.name}`);
    expect((failure as Error).message).not.toContain('@');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('fails a configuration problem at once, neither retried nor blamed on the address', async () => {
    ses.on(SendEmailCommand).rejects(serviceError('AccessDeniedException', 403));

    const failure = await mailer()
      .send(email)
      .catch((caught: unknown) => caught);

    expect(failure).not.toBeInstanceOf(PermanentMailError);
    expect(failure).not.toBeInstanceOf(TransientMailError);
    expect((failure as Error).message).toBe('SES SendEmail failed: AccessDeniedException (HTTP 403)');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('refuses an address with line breaks or several addresses before calling SES', async () => {
    for (const to of ['a@b.c\r\nBcc: d@e.f', 'a@b.c, d@e.f', 'no-at-sign']) {
      await expect(mailer().send({ ...email, to })).rejects.toBeInstanceOf(PermanentMailError);
    }
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});
