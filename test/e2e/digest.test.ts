import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { formatNumber, formatPercent } from '../../shared/digests/templates.js';
import type { CoverageView } from '../../shared/village-coverage/coverage.js';
import { emailsTo, mailbox, type StoredEmail } from '../fixtures/mailbox.js';
import { registrationBody } from '../fixtures/registration-body.js';
import { claimsFor, signFor } from '../support/admin-tokens.js';
import { repositoryRoot } from '../support/local-stack.js';
import { SHARED_STACK_REGENCIES, sharedLocalStack } from '../support/shared-local-stack.js';

const run = promisify(execFile);

/** This file's regency of the shared stack: Kabupaten Gianyar, 7 districts and 70 villages. */
const REGENCY = SHARED_STACK_REGENCIES.digest;
const SUBSCRIBER = 'bupati@gianyarkab.example.go.id';

const stack = sharedLocalStack();
let adminToken: string;

beforeAll(async () => {
  adminToken = await signFor(stack, claimsFor(stack, 'admin'));
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
  return {
    status: response.status,
    body: (await response.json().catch(() => undefined)) as Record<string, unknown>,
  };
};

const register = async (villageCode: string, name: string) => {
  const body = registrationBody();
  body.villageCode = villageCode;
  body.name = name;
  body.sk.number = `141/12/DIG/2025 ${randomUUID()}`;
  const created = await api('POST', '/registrations', body);
  expect(created.status).toBe(201);
  return String(created.body.id);
};

const coverage = async (code: string) => {
  const response = await api('GET', `/coverage/${code}`);
  expect(response.status).toBe(200);
  return response.body as unknown as CoverageView;
};

const csvRows = (email: StoredEmail) => {
  const attachment = email.attachments.find((item) => item.filename?.endsWith('.csv'));
  if (!attachment) throw new Error('no CSV attachment');
  return Buffer.from(attachment.content, 'base64')
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
};

describe('the coverage digest through the local stack', () => {
  it('sends a subscriber of the regency an email whose numbers are GET /coverage of it, with a CSV row per village', async () => {
    const verified = await register(`${REGENCY}.01.2001`, 'KIM Batubulan');
    const rejected = await register(`${REGENCY}.02.2001`, 'KIM Saba');
    await register(`${REGENCY}.01.2002`, '<script>alert("kim")</script> Ketewel');
    expect((await api('POST', `/admin/registrations/${verified}/verify`, {}, adminToken)).status).toBe(200);
    expect(
      (
        await api(
          'POST',
          `/admin/registrations/${rejected}/reject`,
          { reason: 'Nomor SK tidak terbaca.' },
          adminToken,
        )
      ).status,
    ).toBe(200);
    await vi.waitFor(
      async () =>
        expect((await coverage(REGENCY)).kim).toEqual({
          submitted: 1,
          verified: 1,
          rejected: 1,
          deactivated: 0,
        }),
      { timeout: 15_000, interval: 200 },
    );
    const subscribed = await api(
      'POST',
      '/admin/digest-subscribers',
      { email: SUBSCRIBER, regionCode: REGENCY },
      adminToken,
    );
    expect(subscribed.status).toBe(201);

    // `npm run digest -- --region 51.04`, pointed at this stack.
    const mailPort = new URL(stack.mailboxUrl).port;
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'infra/local/cli/send-digest.ts', '--region', REGENCY],
      {
        cwd: repositoryRoot,
        env: {
          ...process.env,
          HOST: '127.0.0.1',
          PORT: String(stack.port),
          OIDC_PORT: new URL(stack.issuer).port,
          MAIL_PORT: mailPort,
          LOCAL_DATA_DIR: stack.localDataDir,
        },
      },
    );
    expect(stdout).toContain(`${REGENCY}: 1 sent, 0 already sent, 0 refused, 0 failed (of 1 subscribers)`);
    expect(stdout).toContain(`Mailbox: http://localhost:${mailPort}/`);

    const [email] = emailsTo(await mailbox(stack.mailboxUrl), SUBSCRIBER);
    if (!email) throw new Error('no digest email');
    const view = await coverage(REGENCY);
    const text = email.body.text ?? '';
    expect(email.subject).toContain(formatPercent(view.coveragePercent));
    expect(text).toContain(
      `Cakupan: ${formatPercent(view.coveragePercent)} (${formatNumber(view.villages.covered)} dari ${formatNumber(view.villages.total)} desa/kelurahan punya KIM terverifikasi)`,
    );
    expect(text).toContain(
      `Desa hanya dengan KIM menunggu verifikasi: ${formatNumber(view.villages.pendingOnly)}`,
    );
    expect(text).toContain(
      `KIM: ${view.kim.verified} terverifikasi, ${view.kim.submitted} menunggu verifikasi, ${view.kim.rejected} ditolak, ${view.kim.deactivated} dinonaktifkan`,
    );
    expect(view.children).toHaveLength(7);
    for (const child of view.children) {
      expect(text).toContain(
        `- ${child.name} (${child.code}): ${formatNumber(child.villages.covered)}/${formatNumber(child.villages.total)} = ${formatPercent(child.coveragePercent)}`,
      );
    }
    expect(text).toContain(
      `DESA/KELURAHAN TANPA KIM TERVERIFIKASI (${formatNumber(view.villages.total - view.villages.covered)})`,
    );
    expect(text).toMatch(/PENDAFTARAN BARU SEJAK .* \(3\)/);
    expect(email.body.html).toContain('&lt;script&gt;alert(&quot;kim&quot;)&lt;/script&gt; Ketewel');
    expect(email.body.html).not.toContain('<script>');

    const rows = csvRows(email);
    expect(rows[0]).toBe('code,name,district_code,district,status,kim_count');
    expect(rows.slice(1)).toHaveLength(70);
    expect(rows.filter((row) => row.includes(',covered,'))).toHaveLength(view.villages.covered);
    expect(rows.filter((row) => row.includes(',pending,'))).toHaveLength(view.villages.pendingOnly);
  });

  it('refuses a PPID officer (403) and a bad region (400) on POST /admin/digests/send', async () => {
    const ppid = await signFor(stack, claimsFor(stack, 'ppid', REGENCY));
    expect((await api('POST', '/admin/digests/send', {}, ppid)).status).toBe(403);
    const bad = await api('POST', '/admin/digests/send', { regionCode: '52' }, adminToken);
    expect(bad.status).toBe(400);
  });
});
