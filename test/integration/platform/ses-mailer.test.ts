import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MailPortInUseError,
  type MailServer,
  startMailServer,
} from '../../../infra/local/emulators/mail-server.js';
import { SesMailer } from '../../../shared/platform/mail/ses-mailer.js';
import { localSesClient, mailbox } from '../../fixtures/mailbox.js';

let server: MailServer;
let mailer: SesMailer;

beforeAll(async () => {
  server = await startMailServer({ port: 0 });
  mailer = new SesMailer(localSesClient(server.url), {
    from: 'noreply@kim.example.go.id',
    configurationSetName: 'kim-registry',
  });
});
afterAll(async () => {
  await server?.stop();
});

const find = async (messageId: string) => {
  const email = (await mailbox(server.url)).find((stored) => stored.messageId === messageId);
  if (!email) throw new Error(`message ${messageId} not in the mailbox`);
  return email;
};

describe('SesMailer against the local SES emulator', () => {
  it('delivers a Simple email: subject, HTML and text intact in UTF-8', async () => {
    const subject = 'Pendaftaran KIM baru: KIM Dajan Peken — Désa ✓';
    const html = '<p>Halo &lt;script&gt; — ✓</p>';
    const text = 'Halo <script> — ✓\nBaris kedua';

    const { messageId } = await mailer.send({ to: 'sari@tabanan.go.id', subject, html, text });

    const email = await find(messageId);
    expect(email.from).toBe('noreply@kim.example.go.id');
    expect(email.destination.to).toEqual(['sari@tabanan.go.id']);
    expect(email.subject).toBe(subject);
    expect(email.body.html).toBe(html);
    expect(email.body.text).toBe(text);
    expect(email.attachments).toEqual([]);
  });

  it('delivers an email whose CSV and binary attachments, subject and both bodies arrive intact', async () => {
    const rows = ['kode,nama,kecamatan,status,jumlah_kim'];
    for (let index = 1; index <= 133; index++) {
      rows.push(
        `51.02.05.${2000 + index},"Désa ""Nomor"" ${index}, Bali",Tabanan,${index % 3 ? 'VERIFIED' : 'MISSING'},${index % 4}`,
      );
    }
    const csv = `\uFEFF${rows.join('\r\n')}\r\n`;
    const subject = `Ringkasan cakupan KIM — Kabupaten Tabanan (${'ü✓'.repeat(25)})`;
    const html = `<h1>Cakupan 42,1%</h1><table><tr><td style="width:42%">█</td></tr></table><p>${'é'.repeat(300)}</p>`;
    const text = `Cakupan 42,1% — ${'é'.repeat(300)}`;

    const { messageId } = await mailer.send({
      to: 'bupati@tabanan.go.id',
      subject,
      html,
      text,
      attachments: [
        { filename: 'cakupan-51.02.csv', contentType: 'text/csv', content: csv },
        {
          filename: 'bytes.bin',
          contentType: 'application/octet-stream',
          content: new Uint8Array([0, 1, 254, 255]),
        },
        { filename: 'ringkasan désa.csv', contentType: 'text/csv', content: 'kode\n' },
      ],
    });

    const email = await find(messageId);
    expect(email.from).toContain('noreply@kim.example.go.id');
    expect(email.destination.to.join()).toContain('bupati@tabanan.go.id');
    expect(email.subject).toBe(subject);
    expect(email.body.text?.trimEnd()).toBe(text);
    expect(email.body.html?.trimEnd()).toBe(html);
    expect(email.attachments).toHaveLength(3);
    const [sheet, bytes] = email.attachments;
    expect(sheet?.filename).toBe('cakupan-51.02.csv');
    expect(sheet?.contentType).toBe('text/csv');
    expect(Buffer.from(sheet?.content ?? '', 'base64').toString('utf8')).toBe(csv);
    expect(csv.split('\r\n').filter((line) => line !== '')).toHaveLength(134);
    expect(bytes?.filename).toBe('bytes.bin');
    expect([...Buffer.from(bytes?.content ?? '', 'base64')]).toEqual([0, 1, 254, 255]);
    expect(email.attachments[2]?.filename).toBe('ringkasan désa.csv');
  });

  it('refuses a second server on a busy port with a message naming the port and MAIL_PORT', async () => {
    const failure = await startMailServer({ port: server.port }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MailPortInUseError);
    expect((failure as Error).message).toContain(`Port ${server.port}`);
    expect((failure as Error).message).toContain('MAIL_PORT=');
  });

  it('serves the mailbox page', async () => {
    const response = await fetch(`${server.url}/`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
  });
});
