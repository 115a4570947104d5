import { describe, expect, it } from 'vitest';
import {
  type OutgoingEmail,
  PermanentMailError,
  TransientMailError,
} from '../../../shared/platform/mail/mailer.js';
import {
  createSesClient,
  type SendEmailRequest,
  SesRequestError,
} from '../../../shared/platform/mail/ses-client.js';
import { classifySesError, SesMailer } from '../../../shared/platform/mail/ses-mailer.js';
import { type ScriptedAnswer, useScriptedHttpServer } from '../../fixtures/scripted-http.js';

const ses = useScriptedHttpServer(() => accepted('m-0'));

/** SES's answers, as SES v2 writes them: the error type in `x-amzn-ErrorType`, a JSON message. */
const accepted = (messageId: string): ScriptedAnswer => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ MessageId: messageId }),
});
const refused = (type: string, status: number, message = 'refused'): ScriptedAnswer => ({
  status,
  headers: { 'content-type': 'application/json', 'x-amzn-errortype': `${type}:http://internal.amazon.com/` },
  body: JSON.stringify({ message }),
});

const email: OutgoingEmail = {
  to: 'sari@tabanan.go.id',
  subject: 'Ringkasan cakupan — Kabupaten Tabanan',
  html: '<p>Halo</p>',
  text: 'Halo',
};

const mailer = (
  sleeps: number[] = [],
  options: { configurationSetName?: string; maxAttempts?: number; timeoutMs?: number } = {},
) =>
  new SesMailer(
    createSesClient({
      endpoint: ses.url,
      region: 'ap-southeast-3',
      accessKeyId: 'local',
      secretAccessKey: 'local',
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    }),
    {
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
    },
  );

const sentInput = (call = 0): SendEmailRequest => {
  const request = ses.requests[call];
  if (!request) throw new Error(`no SendEmail call #${call}`);
  expect(request.method).toBe('POST');
  expect(request.path).toBe('/v2/email/outbound-emails');
  return JSON.parse(request.body) as SendEmailRequest;
};

describe('classifySesError', () => {
  const network = (code: string) => new SesRequestError(code, undefined, code);
  it.each([
    [new SesRequestError('TooManyRequestsException', 429), 'transient'],
    [new SesRequestError('LimitExceededException', 400), 'transient'],
    [new SesRequestError('SendingPausedException', 400), 'transient'],
    [new SesRequestError('ThrottlingException', 400), 'transient'],
    [new SesRequestError('InternalServiceErrorException', 500), 'transient'],
    [new SesRequestError('ServiceUnavailable', 503), 'transient'],
    [new SesRequestError('SomethingNew', 502), 'transient'],
    [new SesRequestError('UnknownError', 429), 'transient'],
    [network('ECONNRESET'), 'transient'],
    [new SesRequestError('TimeoutError', undefined), 'transient'],
    [new SesRequestError('NetworkError', undefined), 'transient'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'transient'],
    [new SesRequestError('MessageRejected', 400), 'permanent'],
    [new SesRequestError('BadRequestException', 400), 'permanent'],
    [new SesRequestError('NotFoundException', 404), 'permanent'],
    [new SesRequestError('AccessDeniedException', 403), 'other'],
    [new SesRequestError('AccountSuspendedException', 400), 'other'],
    [new SesRequestError('MailFromDomainNotVerifiedException', 400), 'other'],
    [new SesRequestError('UnknownError', 400), 'other'],
  ] as const)('%s is %s', (error, kind) => {
    expect(classifySesError(error)).toBe(kind);
  });
});

describe('SesMailer.send', () => {
  it('sends Simple content, UTF-8, from the sender, with the configuration set when there is one', async () => {
    ses.script(accepted('m-1'));

    const result = await mailer([], { configurationSetName: 'kim-registry' }).send(email);

    expect(result).toEqual({ messageId: 'm-1' });
    expect(ses.requests[0]?.headers['content-type']).toBe('application/json');
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
    await mailer().send(email);

    expect(sentInput()).not.toHaveProperty('ConfigurationSetName');
  });

  it('sends attachments in the Simple content: file name, type, disposition and the bytes in base64 (text as UTF-8)', async () => {
    ses.script(accepted('m-2'));
    const csv = '\uFEFFkode,nama\r\n51.02.05.2006,Désa Dajan Peken\r\n';
    // A view into a larger buffer: only its own bytes are sent.
    const binary = new Uint8Array([9, 9, 0, 255, 1, 254, 9]).subarray(2, 6);

    await mailer().send({
      ...email,
      subject: 'Cakupan\r\nBcc: x@y.z',
      attachments: [
        { filename: 'cakupan.csv', contentType: 'text/csv', content: csv },
        { filename: 'data\r\nX: y.bin', contentType: 'application/octet-stream', content: binary },
      ],
    });

    const input = sentInput();
    expect(input.Content).not.toHaveProperty('Raw');
    expect(input.Destination).toEqual({ ToAddresses: ['sari@tabanan.go.id'] });
    const simple = input.Content.Simple;
    expect(simple.Subject).toEqual({ Data: 'Cakupan Bcc: x@y.z', Charset: 'UTF-8' });
    expect(simple.Body).toEqual({
      Text: { Data: 'Halo', Charset: 'UTF-8' },
      Html: { Data: '<p>Halo</p>', Charset: 'UTF-8' },
    });
    const [sheet, bytes] = simple.Attachments ?? [];
    expect(sheet).toMatchObject({
      FileName: 'cakupan.csv',
      ContentType: 'text/csv',
      ContentDisposition: 'ATTACHMENT',
      ContentTransferEncoding: 'BASE64',
    });
    expect(Buffer.from(sheet?.RawContent ?? '', 'base64').toString('utf8')).toBe(csv);
    expect(bytes?.FileName).toBe('data X: y.bin');
    expect([...Buffer.from(bytes?.RawContent ?? '', 'base64')]).toEqual([0, 255, 1, 254]);
  });

  it('sends no Attachments field for an email without attachments', async () => {
    await mailer().send({ ...email, attachments: [] });

    expect(sentInput().Content.Simple).not.toHaveProperty('Attachments');
  });

  it('refuses an attachment content type that is not a plain type/subtype, before calling SES', async () => {
    await expect(
      mailer().send({
        ...email,
        attachments: [{ filename: 'a.csv', contentType: 'text/csv\r\nX: y', content: 'a' }],
      }),
    ).rejects.toThrow(/plain type\/subtype/);
    expect(ses.requests).toHaveLength(0);
  });

  it('retries throttling, a 5xx and a dropped connection with jittered exponential backoff, then succeeds', async () => {
    ses.script(
      refused('TooManyRequestsException', 429),
      refused('InternalServiceErrorException', 500),
      'reset',
      refused('LimitExceededException', 400),
      accepted('m-3'),
    );
    const sleeps: number[] = [];

    const result = await mailer(sleeps, { maxAttempts: 5 }).send(email);

    expect(result.messageId).toBe('m-3');
    expect(ses.requests).toHaveLength(5);
    // Every attempt sends the same email.
    expect(new Set(ses.requests.map((request) => request.body)).size).toBe(1);
    // random() = 0.5 of a ceiling of 100, 200, then 300 (the cap).
    expect(sleeps).toEqual([50, 100, 150, 150]);
  });

  it('gives up on a request that does not answer within its timeout, and retries it as transient', async () => {
    ses.script('hang', accepted('m-4'));
    const sleeps: number[] = [];

    const result = await mailer(sleeps, { timeoutMs: 200 }).send(email);

    expect(result.messageId).toBe('m-4');
    expect(ses.requests).toHaveLength(2);
    expect(sleeps).toEqual([50]);
  });

  it('gives up after maxAttempts with TransientMailError naming the last error, not the address', async () => {
    ses.script(refused('SendingPausedException', 400, 'paused for sari@tabanan.go.id'));
    const sleeps: number[] = [];

    const failure = await mailer(sleeps, { maxAttempts: 3 })
      .send(email)
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(TransientMailError);
    expect((failure as Error).message).toBe(
      'SES refused the email 3 times, last with SendingPausedException',
    );
    expect(ses.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it('calls a success without a message id transient, and does not send again', async () => {
    ses.script({ status: 200, body: '{}' });

    const failure = await mailer()
      .send(email)
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(TransientMailError);
    expect((failure as Error).message).toBe('SES accepted the email without a message id');
    expect(ses.requests).toHaveLength(1);
  });

  it.each([
    ['MessageRejected', 400],
    ['BadRequestException', 400],
    ['NotFoundException', 404],
  ] as const)('throws PermanentMailError at once for %s', async (type, status) => {
    ses.script(refused(type, status, 'Email address is not verified: sari@tabanan.go.id'));
    const sleeps: number[] = [];

    const failure = await mailer(sleeps)
      .send(email)
      .catch((caught: unknown) => caught);

    expect(failure).toBeInstanceOf(PermanentMailError);
    expect((failure as Error).message).toBe(`SES refused the email for good: ${type}`);
    expect((failure as Error).message).not.toContain('@');
    expect(ses.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('fails a configuration problem at once, neither retried nor blamed on the address', async () => {
    ses.script(
      refused('AccessDeniedException', 403, 'not authorized to send from noreply@kim.example.go.id'),
    );

    const failure = await mailer()
      .send(email)
      .catch((caught: unknown) => caught);

    expect(failure).not.toBeInstanceOf(PermanentMailError);
    expect(failure).not.toBeInstanceOf(TransientMailError);
    expect((failure as Error).message).toBe('SES SendEmail failed: AccessDeniedException (HTTP 403)');
    expect(ses.requests).toHaveLength(1);
  });

  it('refuses an address with line breaks or several addresses before calling SES', async () => {
    for (const to of ['a@b.c\r\nBcc: d@e.f', 'a@b.c, d@e.f', 'no-at-sign']) {
      await expect(mailer().send({ ...email, to })).rejects.toBeInstanceOf(PermanentMailError);
    }
    expect(ses.requests).toHaveLength(0);
  });
});
