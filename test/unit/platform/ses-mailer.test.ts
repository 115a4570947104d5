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
import {
  buildMimeMessage,
  classifySesError,
  encodeHeaderWord,
  SesMailer,
} from '../../../shared/platform/mail/ses-mailer.js';

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

  it('sends Raw MIME when there are attachments', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });

    await mailer().send({
      ...email,
      attachments: [
        { filename: 'cakupan.csv', contentType: 'text/csv', content: 'kode,nama\n1,Dajan Peken\n' },
      ],
    });

    const input = sentInput();
    expect(input.Content?.Simple).toBeUndefined();
    const raw = Buffer.from(input.Content?.Raw?.Data ?? new Uint8Array()).toString('utf8');
    expect(raw).toContain('Content-Type: multipart/mixed;');
    expect(raw).toContain('Content-Disposition: attachment; filename="cakupan.csv"');
    expect(input.Destination).toEqual({ ToAddresses: ['sari@tabanan.go.id'] });
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

describe('buildMimeMessage', () => {
  const decodeWords = (header: string) =>
    header
      .split(/\r\n /)
      .map((word) => {
        const match = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=$/.exec(word);
        if (!match?.[1]) throw new Error(`not an encoded word: ${word}`);
        return Buffer.from(match[1], 'base64').toString('utf8');
      })
      .join('');

  it('encodes a non-ASCII subject as RFC 2047 words of at most 75 characters, whole characters each', () => {
    const subject = `Ringkasan cakupan — Kabupaten Tabanan ${'ü✓'.repeat(30)}`;
    const header = encodeHeaderWord(subject);

    for (const word of header.split('\r\n ')) expect(word.length).toBeLessThanOrEqual(75);
    expect(decodeWords(header)).toBe(subject);
    expect(encodeHeaderWord('Plain ASCII')).toBe('Plain ASCII');
    expect(encodeHeaderWord('looks =?like?= a word')).toMatch(/^=\?UTF-8\?B\?/);
  });

  it('nests multipart/alternative (text, then HTML) in multipart/mixed with base64 attachments', () => {
    const csv = 'kode,nama,status\n51.02.05.2006,Dajan Peken,VERIFIED\n';
    const binary = new Uint8Array([0, 255, 1, 254]);
    const mime = buildMimeMessage(
      {
        ...email,
        subject: 'Cakupan\r\nBcc: x@y.z',
        text: 'Teks ✓',
        html: '<p>HTML ✓</p>',
        attachments: [
          { filename: 'cakupan.csv', contentType: 'text/csv', content: csv },
          { filename: 'data "x".bin', contentType: 'application/octet-stream', content: binary },
        ],
      },
      'noreply@kim.example.go.id',
      { date: new Date('2025-07-07T00:00:00Z'), boundarySeed: 'seed' },
    );

    const [head, ...rest] = mime.split('\r\n\r\n');
    expect(head).toBe(
      [
        'From: noreply@kim.example.go.id',
        'To: sari@tabanan.go.id',
        'Subject: Cakupan Bcc: x@y.z',
        'Date: Mon, 07 Jul 2025 00:00:00 GMT',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="mixed-seed"',
      ].join('\r\n'),
    );
    const body = rest.join('\r\n\r\n');
    expect(body).not.toMatch(/[^\r]\n/);
    expect(body).toContain('--mixed-seed\r\nContent-Type: multipart/alternative; boundary="alt-seed"');
    expect(body.indexOf('text/plain')).toBeLessThan(body.indexOf('text/html'));
    expect(body).toContain(Buffer.from('Teks ✓').toString('base64'));
    expect(body).toContain(Buffer.from('<p>HTML ✓</p>').toString('base64'));
    expect(body).toContain(
      'Content-Type: text/csv; charset=UTF-8; name="cakupan.csv"\r\nContent-Disposition: attachment; filename="cakupan.csv"\r\nContent-Transfer-Encoding: base64',
    );
    expect(body).toContain(Buffer.from(csv).toString('base64'));
    expect(body).toContain('filename="data _x_.bin"');
    expect(body).toContain('Content-Type: application/octet-stream; name="data _x_.bin"');
    expect(body).toContain(Buffer.from(binary).toString('base64'));
    expect(body.trimEnd().endsWith('--mixed-seed--')).toBe(true);
    expect(body).toContain('--alt-seed--');
    for (const line of mime.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
  });

  it('names a non-ASCII file in ASCII and in RFC 2231 form', () => {
    const mime = buildMimeMessage(
      {
        ...email,
        attachments: [{ filename: 'cakupan désa (1).csv', contentType: 'text/csv', content: 'a' }],
      },
      'noreply@kim.example.go.id',
    );

    expect(mime).toContain('Content-Type: text/csv; charset=UTF-8; name="cakupan de_sa (1).csv"');
    expect(mime).toContain(
      `Content-Disposition: attachment; filename="cakupan de_sa (1).csv"; filename*=UTF-8''cakupan%20d%C3%A9sa%20%281%29.csv`,
    );
  });

  it('refuses a content type that could smuggle header text', () => {
    expect(() =>
      buildMimeMessage(
        { ...email, attachments: [{ filename: 'a.csv', contentType: 'text/csv\r\nX: y', content: 'a' }] },
        'noreply@kim.example.go.id',
      ),
    ).toThrow(/plain type\/subtype/);
  });
});
