import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TIME_OFFSET_HEADER } from '../../infra/local/lambda/time-offset.js';
import { minimalPdf } from '../fixtures/documents.js';
import { emailsTo, mailbox } from '../fixtures/mailbox.js';
import { registrationBody } from '../fixtures/registration-body.js';
import {
  launchBrowser,
  REQUIRED_SECURITY_HEADERS,
  screenshot,
  seriousAxeViolations,
  sidewaysOverflow,
  type TestBrowser,
} from '../support/browser.js';
import { type RunningLocalStack, startLocalStackProcess } from '../support/local-stack.js';

let stack: RunningLocalStack;
let browser: TestBrowser;
/**
 * The console's own address: the stack names itself `localhost` (CONSOLE_BASE_URL), and the sign-in
 * returns there, so the session cookie belongs to that host.
 */
let base: string;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStackProcess(), launchBrowser()]);
  base = `http://localhost:${stack.port}`;
});

afterAll(async () => {
  await Promise.all([browser?.close(), stack?.stop()]);
});

/** A village of Kecamatan Kediri (51.02.05) and one of Selemadeg (51.02.01). */
const KEDIRI_VILLAGE = '51.02.05.2006';
const SELEMADEG_VILLAGE = '51.02.01.2001';

interface Created {
  readonly id: string;
  readonly name: string;
  readonly editToken: string;
}

/** Registers a KIM through the public API, with a name and SK number of its own. */
const register = async (villageCode: string, label: string): Promise<Created> => {
  const body = registrationBody();
  const unique = randomUUID().slice(0, 8);
  body.villageCode = villageCode;
  body.name = `KIM ${label} ${unique}`;
  body.sk.number = `141/${unique}/KONSOL/2025`;
  const response = await fetch(`${stack.baseUrl}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  const created = (await response.json()) as { id: string; editToken: string };
  return { id: created.id, name: body.name, editToken: created.editToken };
};

/** Goes to `path`, signs in on the local issuer's page as `role` (of `region`), and lands back on `path`. */
const signIn = async (
  page: Page,
  options: { role: 'admin' | 'ppid'; region?: string; lifetime?: number; path?: string },
) => {
  const path = options.path ?? '/konsol';
  await page.goto(`${base}${path}`);
  expect(new URL(page.url()).pathname).toBe('/oauth2/authorize');
  await page.selectOption('#role', options.role);
  await page.fill('#region', options.region ?? '');
  if (options.lifetime !== undefined) await page.fill('#lifetime', String(options.lifetime));
  await Promise.all([
    page.waitForURL((url) => url.pathname.startsWith('/konsol')),
    page.click('button[type=submit]'),
  ]);
};

const queueIds = (page: Page) =>
  page.$$eval('[data-testid=queue] tbody tr', (rows) => rows.map((row) => row.getAttribute('data-id') ?? ''));

const coverageOf = async (code: string) =>
  (await (await fetch(`${stack.baseUrl}/coverage/${code}`)).json()) as { villages: { covered: number } };

describe('the console in a real browser', () => {
  it('signs a PPID officer of 51.02.05 in, shows their region only, and verifies: the public dashboard moves', async () => {
    const inRegion = await register(KEDIRI_VILLAGE, 'Kediri');
    const outside = await register(SELEMADEG_VILLAGE, 'Selemadeg');
    const { context, page } = await browser.newPage();
    try {
      await signIn(page, { role: 'ppid', region: '51.02.05' });
      const response = await page.reload();
      const headers = response?.headers() ?? {};
      for (const name of REQUIRED_SECURITY_HEADERS) expect(headers[name], name).toBeTruthy();
      expect(headers['cache-control']).toBe('no-store');
      expect(await page.textContent('[data-testid=signed-in]')).toContain('51.02.05');
      const ids = await queueIds(page);
      expect(ids).toContain(inRegion.id);
      expect(ids).not.toContain(outside.id);
      await screenshot(page, 'konsol-antrean');
      // On paper: the table, without the bar, the navigation or the filters.
      await page.emulateMedia({ media: 'print' });
      expect(await page.isVisible('.console-bar')).toBe(false);
      expect(await page.isVisible('form.filter')).toBe(false);
      expect(await page.isVisible('[data-testid=queue]')).toBe(true);
      await page.emulateMedia({ media: 'screen' });

      // Nothing of another region, by link either: 403, and no personal data on the page.
      const refused = await page.goto(`${base}/konsol/pendaftaran/${outside.id}`);
      expect(refused?.status()).toBe(403);
      expect(await page.content()).not.toContain('I Made Sudarma');

      // The filters: a village of the region, and a search by part of the name in another case.
      await page.goto(
        `${base}/konsol?wilayah=${KEDIRI_VILLAGE}&status=SUBMITTED&q=${inRegion.name.slice(-8).toUpperCase()}`,
      );
      expect(await queueIds(page)).toEqual([inRegion.id]);

      const before = (await coverageOf('51.02')).villages.covered;
      const home = await browser.newPage();
      await home.page.goto(`${stack.baseUrl}/`);
      const shownBefore = await home.page.textContent('[data-testid=coverage-count]');

      await page.goto(`${base}/konsol/pendaftaran/${inRegion.id}`);
      expect(await page.textContent('main')).toContain('I Made Sudarma');
      expect(await page.textContent('[data-testid=history]')).toContain('Didaftarkan');
      await screenshot(page, 'konsol-pendaftaran');
      await Promise.all([
        page.waitForURL(/selesai=VERIFY/),
        page.click('form[action$="/verifikasi"] button'),
      ]);
      expect(await page.textContent('[data-testid=done]')).toContain('diverifikasi');
      expect(await page.textContent('[data-testid=status]')).toBe('Terverifikasi');

      await vi.waitFor(async () => expect((await coverageOf('51.02')).villages.covered).toBe(before + 1), {
        timeout: 20_000,
        interval: 250,
      });
      await home.page.reload();
      expect(await home.page.textContent('[data-testid=coverage-count]')).not.toBe(shownBefore);
      await home.context.close();
    } finally {
      await context.close();
    }
  });

  it('rejects with a reason, which the public status page and the correction page show; a short reason stays on the form', async () => {
    const kim = await register(KEDIRI_VILLAGE, 'Tolak');
    const { context, page } = await browser.newPage();
    try {
      await signIn(page, { role: 'ppid', region: '51.02.05', path: `/konsol/pendaftaran/${kim.id}` });
      expect(new URL(page.url()).pathname).toBe(`/konsol/pendaftaran/${kim.id}`);

      await page.fill('form[action$="/tolak"] textarea', 'pendek');
      const short = await Promise.all([
        page.waitForNavigation(),
        page.click('form[action$="/tolak"] button'),
      ]);
      expect(short[0]?.status()).toBe(400);
      expect(await page.getAttribute('form[action$="/tolak"] textarea', 'aria-invalid')).toBe('true');
      expect(await page.inputValue('form[action$="/tolak"] textarea')).toBe('pendek');
      await screenshot(page, 'konsol-tolak-salah');

      const reason = 'Nomor SK tidak terbaca pada dokumen yang dilampirkan.';
      await page.fill('form[action$="/tolak"] textarea', reason);
      await Promise.all([page.waitForURL(/selesai=REJECT/), page.click('form[action$="/tolak"] button')]);
      expect(await page.textContent('[data-testid=status]')).toBe('Ditolak');

      const kimPage = await browser.newPage();
      await kimPage.page.goto(`${stack.baseUrl}/status/${kim.id}`);
      expect(await kimPage.page.textContent('main')).toContain('Ditolak');
      expect(await kimPage.page.textContent('main')).toContain(reason);
      await kimPage.page.goto(`${stack.baseUrl}/ubah/${kim.id}?token=${encodeURIComponent(kim.editToken)}`);
      expect(await kimPage.page.textContent('main')).toContain(reason);
      await kimPage.context.close();
    } finally {
      await context.close();
    }
  });

  it('tells the second of two officers verifying at once what changed, and changes nothing twice', async () => {
    const kim = await register(KEDIRI_VILLAGE, 'Serentak');
    const first = await browser.newPage();
    const second = await browser.newPage();
    try {
      await signIn(first.page, { role: 'ppid', region: '51.02.05', path: `/konsol/pendaftaran/${kim.id}` });
      await signIn(second.page, { role: 'admin', path: `/konsol/pendaftaran/${kim.id}` });
      const [a, b] = await Promise.all(
        [first.page, second.page].map(async (page) => {
          const [response] = await Promise.all([
            page.waitForNavigation(),
            page.click('form[action$="/verifikasi"] button'),
          ]);
          return response?.status();
        }),
      );
      expect([a, b].sort()).toEqual([200, 409]);
      const loser = a === 409 ? first.page : second.page;
      expect(await loser.textContent('[data-testid=changed]')).toContain('Terverifikasi');
      await screenshot(loser, 'konsol-sudah-berubah');
      const history = await first.page.goto(`${base}/konsol/pendaftaran/${kim.id}`);
      expect(history?.status()).toBe(200);
      expect(
        await first.page.$$eval(
          '[data-testid=history] tbody tr',
          (rows) => rows.filter((row) => row.textContent?.includes('Diverifikasi')).length,
        ),
      ).toBe(1);
    } finally {
      await Promise.all([first.context.close(), second.context.close()]);
    }
  });

  it('refuses a forged post (no token, or another Origin) with 403 and changes nothing', async () => {
    const kim = await register(KEDIRI_VILLAGE, 'Palsu');
    const { context, page } = await browser.newPage();
    try {
      await signIn(page, { role: 'ppid', region: '51.02.05', path: `/konsol/pendaftaran/${kim.id}` });
      const version = await page.inputValue('form[action$="/verifikasi"] input[name=version]');
      const token = await page.inputValue('form[action$="/verifikasi"] input[name=_csrf]');
      const url = `${base}/konsol/pendaftaran/${kim.id}/verifikasi`;
      const noToken = await context.request.post(url, {
        form: { version },
        headers: { origin: base },
        maxRedirects: 0,
      });
      expect(noToken.status()).toBe(403);
      const otherOrigin = await context.request.post(url, {
        form: { version, _csrf: token },
        headers: { origin: 'https://evil.example' },
        maxRedirects: 0,
      });
      expect(otherOrigin.status()).toBe(403);
      const otherSession = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
        body: new URLSearchParams({ version, _csrf: token }).toString(),
        redirect: 'manual',
      });
      expect(otherSession.status).toBe(303);
      expect(otherSession.headers.get('location')).toMatch(/^\/konsol\/masuk\?kembali=/);
      await page.reload();
      expect(await page.textContent('[data-testid=status]')).toBe('Menunggu verifikasi');
    } finally {
      await context.close();
    }
  });

  it('sends an expired session to sign in and back to the page wanted', async () => {
    const kim = await register(KEDIRI_VILLAGE, 'Kedaluwarsa');
    const { context, page } = await browser.newPage();
    try {
      await signIn(page, { role: 'ppid', region: '51.02.05', lifetime: 1 });
      await new Promise((resolve) => setTimeout(resolve, 2100));
      await page.goto(`${base}/konsol/pendaftaran/${kim.id}`);
      expect(new URL(page.url()).pathname).toBe('/oauth2/authorize');
      await page.selectOption('#role', 'ppid');
      await page.fill('#region', '51.02.05');
      await Promise.all([page.waitForURL(/\/konsol\/pendaftaran\//), page.click('button[type=submit]')]);
      expect(new URL(page.url()).pathname).toBe(`/konsol/pendaftaran/${kim.id}`);
      expect(await page.textContent('h1')).toBe(kim.name);
    } finally {
      await context.close();
    }
  });

  it('signs out: the cookies are gone, and going back shows nothing private', async () => {
    const kim = await register(KEDIRI_VILLAGE, 'Keluar');
    const { context, page } = await browser.newPage();
    try {
      await signIn(page, { role: 'ppid', region: '51.02.05', path: `/konsol/pendaftaran/${kim.id}` });
      expect(await page.textContent('main')).toContain('I Made Sudarma');
      await Promise.all([page.waitForURL(/\/konsol\/keluar\/selesai/), page.click('.console-bar button')]);
      expect(await page.textContent('h1')).toBe('Anda sudah keluar');
      await screenshot(page, 'konsol-keluar');
      expect((await context.cookies()).filter((cookie) => cookie.name.startsWith('konsol'))).toEqual([]);
      await page.goBack();
      expect(await page.content()).not.toContain('I Made Sudarma');
      expect(new URL(page.url()).pathname).toBe('/oauth2/authorize');
    } finally {
      await context.close();
    }
  });

  it('exports the registrations of the region as XLSX and CSV, with Indonesian headers and none of another region', async () => {
    const inRegion = await register(KEDIRI_VILLAGE, 'Ekspor');
    const outside = await register(SELEMADEG_VILLAGE, 'EksporLuar');
    const { context, page } = await browser.newPage();
    try {
      await signIn(page, { role: 'ppid', region: '51.02.05', path: '/konsol/ekspor' });
      await screenshot(page, 'konsol-ekspor');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('form[action$="/ekspor/pendaftaran"] button'),
      ]);
      const rows = await readSheet(await download.createReadStream());
      expect(rows[0]).toEqual([
        'Nomor Pendaftaran',
        'Nama KIM',
        'Kode Desa',
        'Desa',
        'Kode Kecamatan',
        'Status',
        'Tanggal Daftar',
        'Terakhir Diubah',
      ]);
      const body = rows.slice(1);
      expect(body.map((row) => row[0])).toContain(inRegion.id);
      expect(body.map((row) => row[0])).not.toContain(outside.id);
      expect(body.every((row) => String(row[4]) === '51.02.05')).toBe(true);
      expect(body.find((row) => row[0] === inRegion.id)?.[1]).toBe(inRegion.name);

      const village = await context.request.get(
        `${base}/konsol/ekspor/pendaftaran?wilayah=51.02.01&status=all&format=csv`,
      );
      expect(village.status()).toBe(403);
      const csv = await context.request.get(
        `${base}/konsol/ekspor/pendaftaran?wilayah=51.02.05&status=pending&format=csv`,
      );
      expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
      const text = await csv.text();
      expect(text.startsWith('\uFEFFNomor Pendaftaran,Nama KIM')).toBe(true);
      expect(text).toContain(inRegion.id);
      expect(text).not.toContain(outside.id);

      const [coverage] = await Promise.all([
        page.waitForEvent('download'),
        page.click('form[action$="/ekspor/cakupan"] button[value=xlsx]'),
      ]);
      const coverageRows = await readSheet(await coverage.createReadStream());
      expect(coverageRows[0]?.[0]).toBe('Kode Desa');
      // Kecamatan Kediri has 15 villages, one row each.
      expect(coverageRows.slice(1).map((row) => String(row[0]).slice(0, 8))).toEqual(
        Array(coverageRows.length - 1).fill('51.02.05'),
      );
    } finally {
      await context.close();
    }
  });

  it('lets an admin keep the officers and digest subscribers, send the digest now and rebuild coverage; a PPID officer may not', async () => {
    const unique = randomUUID().slice(0, 8);
    const officerEmail = `ppid.${unique}@example.id`;
    const subscriberEmail = `ringkasan.${unique}@example.id`;
    const officer = await browser.newPage();
    try {
      await signIn(officer.page, { role: 'ppid', region: '51.02.05' });
      expect(await officer.page.$('a[href="/konsol/admin"]')).toBeNull();
      const refused = await officer.page.goto(`${base}/konsol/admin`);
      expect(refused?.status()).toBe(403);
    } finally {
      await officer.context.close();
    }

    const { context, page } = await browser.newPage({ bypassCSP: true });
    try {
      await signIn(page, { role: 'admin', path: '/konsol/admin' });
      expect(new URL(page.url()).pathname).toBe('/konsol/admin');

      // A bad region stays on the form, beside its input, with the values kept.
      await page.fill('#officer-f-name', 'Ni Made Sari');
      await page.fill('#officer-f-email', officerEmail);
      await page.fill('#officer-f-regionCode', '99.99');
      const bad = await Promise.all([
        page.waitForNavigation(),
        page.click('form[action$="/admin/petugas"] button'),
      ]);
      expect(bad[0]?.status()).toBe(400);
      expect(await page.getAttribute('#officer-f-regionCode', 'aria-invalid')).toBe('true');
      expect(await page.inputValue('#officer-f-email')).toBe(officerEmail);
      expect(await seriousAxeViolations(page), 'admin form with errors').toEqual([]);

      await page.fill('#officer-f-regionCode', '51.02.05');
      await Promise.all([
        page.waitForURL(/selesai=officer/),
        page.click('form[action$="/admin/petugas"] button'),
      ]);
      expect(await page.textContent('[data-testid=officers]')).toContain(officerEmail);

      await page.fill('#subscriber-f-email', subscriberEmail);
      await page.fill('#subscriber-f-regionCode', '51.02.05');
      await Promise.all([
        page.waitForURL(/selesai=subscriber/),
        page.click('form[action$="/admin/penerima"] button'),
      ]);
      expect(await page.textContent('[data-testid=subscribers]')).toContain(subscriberEmail);
      expect(await seriousAxeViolations(page), 'admin page').toEqual([]);
      await screenshot(page, 'konsol-admin');

      await Promise.all([page.waitForNavigation(), page.click('form[action$="/admin/ringkasan"] button')]);
      expect(await page.textContent('[data-testid=digest-result]')).toContain('51.02.05');
      await vi.waitFor(
        async () => expect(emailsTo(await mailbox(stack.mailboxUrl), subscriberEmail)).toHaveLength(1),
        {
          timeout: 10_000,
          interval: 250,
        },
      );

      await page.fill('#rebuild-f-regionCode', '51.02.05');
      await Promise.all([page.waitForNavigation(), page.click('form[action$="/admin/cakupan"] button')]);
      expect(await page.textContent('[data-testid=rebuild-report]')).toContain('51.02.05');
      expect(await page.textContent('[data-testid=drifted]')).toBe('0');
      await screenshot(page, 'konsol-admin-laporan');

      const row = page.locator('[data-testid=officers] tr', { hasText: officerEmail });
      await Promise.all([page.waitForURL(/selesai=hapus/), row.locator('button').click()]);
      expect((await page.textContent('main')) ?? '').not.toContain(officerEmail);
    } finally {
      await context.close();
    }
  });

  it('shows the SK versions of a registration with the decree one click away, and its activity reports, for its region only', async () => {
    const kim = await register(KEDIRI_VILLAGE, 'Ber-SK');
    const pdf = minimalPdf('SK Perbekel Dajan Peken');
    const ticket = (await (
      await fetch(`${stack.baseUrl}/registrations/${kim.id}/documents/sk`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-edit-token': kim.editToken },
        body: JSON.stringify({
          contentType: 'application/pdf',
          size: pdf.length,
          term: { start: '2025-06-02', end: '2028-06-01' },
          sk: { number: '141/12/DP/2025', date: '2025-06-02' },
        }),
      })
    ).json()) as { uploadId: string; uploadUrl: string; headers: Record<string, string> };
    expect(
      (await fetch(ticket.uploadUrl, { method: 'PUT', body: pdf, headers: ticket.headers })).status,
    ).toBe(200);
    const confirmed = await fetch(
      `${stack.baseUrl}/registrations/${kim.id}/documents/sk/${ticket.uploadId}/confirm`,
      { method: 'POST', headers: { 'x-edit-token': kim.editToken } },
    );
    expect(confirmed.status).toBe(201);
    const report = await fetch(`${stack.baseUrl}/registrations/${kim.id}/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-edit-token': kim.editToken },
      body: JSON.stringify({
        date: '2025-11-20',
        type: 'MUSYAWARAH_RAPAT',
        title: 'Rapat pengurus bulanan',
        description: 'Rencana kegiatan Desember.',
        participants: 9,
      }),
    });
    expect(report.status).toBe(201);

    const { context, page } = await browser.newPage({ bypassCSP: true });
    try {
      await signIn(page, { role: 'ppid', region: '51.02.05', path: `/konsol/pendaftaran/${kim.id}` });
      expect(await page.textContent('[data-testid=report-count]')).toBe('Jumlah laporan: 1.');
      expect(await page.textContent('[data-testid=latest-reports]')).toContain(
        'Musyawarah/rapat · Rapat pengurus bulanan',
      );
      const row = await page.textContent('[data-testid=sk-documents] tbody tr');
      expect(row).toContain('2 Juni 2025 – 1 Juni 2028');
      expect(row).toContain('141/12/DP/2025');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, 'konsol-dokumen-sk');
      const href = (await page.getAttribute('[data-testid=sk-documents] a', 'href')) ?? '';
      // The link answers a fresh short-lived URL of the document; the bytes are the KIM's own.
      const opened = await page.request.get(`${base}${href}`, { maxRedirects: 0 });
      expect(opened.status()).toBe(303);
      expect(opened.headers()['referrer-policy']).toBe('no-referrer');
      const document = await fetch(opened.headers().location ?? '');
      expect(Buffer.from(await document.arrayBuffer())).toEqual(pdf);
    } finally {
      await context.close();
    }
    const other = await browser.newPage();
    try {
      await signIn(other.page, { role: 'ppid', region: '51.02.01' });
      const refused = await other.page.goto(`${base}/konsol/pendaftaran/${kim.id}`);
      expect(refused?.status()).toBe(403);
    } finally {
      await other.context.close();
    }
  });

  it('has no serious or critical axe-core violation on any console page, in both languages', async () => {
    const kim = await register(KEDIRI_VILLAGE, 'Aksesibel');
    const { context, page } = await browser.newPage({ bypassCSP: true });
    try {
      await signIn(page, { role: 'ppid', region: '51.02.05' });
      for (const path of ['/konsol', `/konsol/pendaftaran/${kim.id}`, '/konsol/ekspor', '/konsol?lang=en']) {
        await page.goto(`${base}${path}`);
        expect(await seriousAxeViolations(page), path).toEqual([]);
      }
      await screenshot(page, 'konsol-antrean-en');
      await page.goto(`${base}/konsol?lang=id`);
      await page.goto(`${base}/konsol/pendaftaran/${kim.id}`);
      await page.fill('form[action$="/tolak"] textarea', 'x');
      await Promise.all([page.waitForNavigation(), page.click('form[action$="/tolak"] button')]);
      expect(await seriousAxeViolations(page), 'form with errors').toEqual([]);
      await Promise.all([page.waitForURL(/keluar\/selesai/), page.click('.console-bar button')]);
      expect(await seriousAxeViolations(page), 'signed out').toEqual([]);
      await page.goto(`${base}/konsol/masuk/kembali?code=x&state=y`);
      expect(await seriousAxeViolations(page), 'sign-in failed').toEqual([]);
      await screenshot(page, 'konsol-masuk-gagal');
    } finally {
      await context.close();
    }
  });
});

describe('the award pages of the console', () => {
  const HOUR = 3_600_000;

  it('lets an admin create a round and assign a juror, and the juror score an entry (a bad score beside its field), axe clean at 360 px', async () => {
    const kim = await register(KEDIRI_VILLAGE, 'Penghargaan');
    const juror = await browser.newPage({ width: 360, height: 740, bypassCSP: true });
    const admin = await browser.newPage({ bypassCSP: true });
    try {
      // The juror learns their console id on the award page, and judges no round yet.
      await signIn(juror.page, { role: 'ppid', region: '51.02.05', path: '/konsol/penghargaan' });
      expect(new URL(juror.page.url()).pathname).toBe('/konsol/penghargaan');
      const jurorSub = (await juror.page.textContent('[data-testid=my-sub]')) ?? '';
      expect(jurorSub).toMatch(/^[0-9a-f-]{36}$/);
      expect(await juror.page.$('[data-testid=round-form]')).toBeNull();

      // The admin creates a round: weights that do not sum to 100 are refused beside the rubric.
      await signIn(admin.page, { role: 'admin', path: '/konsol/penghargaan' });
      const name = `Penghargaan KIM ${randomUUID().slice(0, 8)}`;
      // Entries close (and judging opens) in an hour: the juror scores in judging, an hour later.
      const judgingOpens = new Date(Date.now() + HOUR);
      const fill = async (weight: string) => {
        const form = 'form[data-testid=round-form]';
        await admin.page.fill(`${form} #f-name`, name);
        await admin.page.fill(`${form} #f-regionCode`, '51.02.05');
        await admin.page.fill('#f-activityPeriod-start', '2026-01-01');
        await admin.page.fill('#f-activityPeriod-end', '2026-11-30');
        await admin.page.fill('#f-entryWindow-opensAt', '2026-01-01T00:00:00+08:00');
        await admin.page.fill('#f-entryWindow-closesAt', judgingOpens.toISOString());
        await admin.page.fill('#f-judgingWindow-opensAt', judgingOpens.toISOString());
        await admin.page.fill('#f-judgingWindow-closesAt', new Date(Date.now() + 86_400_000).toISOString());
        await admin.page.selectOption('#f-entryMode', 'AUTOMATIC');
        await admin.page.selectOption('#f-missingScoreRule', 'MEAN_OF_SCORED');
        await admin.page.selectOption('#f-tieBreak-0', 'EARLIER_ENTRY');
        await admin.page.fill('#f-criteria-0-id', 'administrasi');
        await admin.page.fill('#f-criteria-0-name', 'Administrasi: SK, pengurus, dokumentasi');
        await admin.page.fill('#f-criteria-0-weight', '60');
        await admin.page.fill('#f-criteria-1-id', 'kegiatan');
        await admin.page.fill('#f-criteria-1-name', 'Kegiatan dan dokumentasinya');
        await admin.page.fill('#f-criteria-1-weight', weight);
        return Promise.all([admin.page.waitForNavigation(), admin.page.click(`${form} button[type=submit]`)]);
      };
      const [refused] = await fill('30');
      expect(refused?.status()).toBe(400);
      expect(await admin.page.textContent('#f-criteria')).toContain('bukan 90');
      expect(await admin.page.inputValue('#f-criteria-1-name')).toBe('Kegiatan dan dokumentasinya');
      expect(await seriousAxeViolations(admin.page), 'round form with errors').toEqual([]);
      await fill('40');
      expect(new URL(admin.page.url()).searchParams.get('selesai')).toBe('babak');
      expect(await admin.page.textContent('h1')).toBe(name);
      const roundPath = new URL(admin.page.url()).pathname;

      // Automatic entry, then the juror's assignment.
      await Promise.all([
        admin.page.waitForNavigation(),
        admin.page.click('form[action$="/peserta-otomatis"] button'),
      ]);
      expect(await admin.page.textContent('[data-testid=automatic-report]')).toContain('Baru didaftarkan');
      expect(await admin.page.$(`[data-testid=entries] tr[data-id="${kim.id}"]`)).not.toBeNull();
      await admin.page.fill('#f-sub', jurorSub);
      await admin.page.fill('#f-username', 'local-ppid-51.02.05');
      await Promise.all([
        admin.page.waitForURL(/selesai=juri/),
        admin.page.click('form[action$="/juri"] button'),
      ]);
      expect(await admin.page.textContent('[data-testid=jurors]')).toContain(jurorSub);
      expect(await seriousAxeViolations(admin.page), 'round page').toEqual([]);
      await screenshot(admin.page, 'konsol-penghargaan-babak');

      // The juror sees the round, and once judging opens scores the entry: 101 is refused beside its input.
      await juror.page.reload();
      await Promise.all([
        juror.page.waitForNavigation(),
        juror.page.click(`[data-testid=rounds] a >> text=${name}`),
      ]);
      expect(await juror.page.$('[data-testid=jurors]')).toBeNull();
      await Promise.all([
        juror.page.waitForNavigation(),
        juror.page.click(`[data-testid=entries] tr[data-id="${kim.id}"] a`),
      ]);
      // Two hours on: the juror's requests from here run in the judging window, the admin's not.
      await juror.context.setExtraHTTPHeaders({ [TIME_OFFSET_HEADER]: String(2 * HOUR) });
      await juror.page.fill('#f-scores-0-score', '101');
      await juror.page.fill('#f-scores-0-note', 'SK lengkap dan pengurus aktif.');
      await juror.page.fill('#f-scores-1-score', '70');
      const [bad] = await Promise.all([
        juror.page.waitForNavigation(),
        juror.page.click('form[data-testid=score-form] button[type=submit]'),
      ]);
      expect(bad?.status()).toBe(400);
      expect(await juror.page.getAttribute('#f-scores-0-score', 'aria-invalid')).toBe('true');
      expect(await juror.page.textContent('#f-scores-0-score-error')).toContain('100');
      expect(await juror.page.inputValue('#f-scores-0-score')).toBe('101');
      expect(await juror.page.getAttribute('#f-scores-1-score', 'aria-invalid')).toBeNull();
      expect(await seriousAxeViolations(juror.page), 'score form with errors').toEqual([]);
      expect(await sidewaysOverflow(juror.page)).toBe(0);
      await screenshot(juror.page, 'konsol-penghargaan-nilai-salah');

      await juror.page.fill('#f-scores-0-score', '85');
      await Promise.all([
        juror.page.waitForURL(/selesai=nilai/),
        juror.page.click('form[data-testid=score-form] button[type=submit]'),
      ]);
      expect(await juror.page.textContent('[data-testid=notice]')).toContain('Nilai disimpan');
      expect(await juror.page.inputValue('#f-scores-0-score')).toBe('85');
      expect(await juror.page.inputValue('#f-scores-0-note')).toBe('SK lengkap dan pengurus aktif.');
      expect(await juror.page.inputValue('#f-scores-1-score')).toBe('70');
      expect(await seriousAxeViolations(juror.page), 'score form').toEqual([]);
      expect(await sidewaysOverflow(juror.page)).toBe(0);
      await screenshot(juror.page, 'konsol-penghargaan-nilai');
      await juror.page.goto(`${base}${roundPath}`);
      expect(await juror.page.textContent(`[data-testid=entries] tr[data-id="${kim.id}"]`)).toContain('85');
      expect(await sidewaysOverflow(juror.page)).toBe(0);
      // A juror has no ranking nor audit trail.
      expect((await juror.page.goto(`${base}${roundPath}/peringkat`))?.status()).toBe(403);

      // The admin's preview ranks the entry; publishing asks first, and is refused while judging is open.
      await admin.page.goto(`${base}${roundPath}/peringkat`);
      expect(await admin.page.textContent(`[data-testid=ranking] tr[data-id="${kim.id}"]`)).toContain('79');
      expect(await seriousAxeViolations(admin.page), 'ranking').toEqual([]);
      await Promise.all([admin.page.waitForNavigation(), admin.page.click('a[href$="/umumkan"]')]);
      expect(await admin.page.isVisible('[data-testid=confirm-publish]')).toBe(true);
      const [early] = await Promise.all([
        admin.page.waitForNavigation(),
        admin.page.click('[data-testid=confirm-publish] button'),
      ]);
      expect(early?.status()).toBe(409);
      expect(await admin.page.textContent('[data-testid=notice]')).toContain(
        'setelah masa penjurian ditutup',
      );
      await admin.page.goto(`${base}${roundPath}/audit`);
      const audit = (await admin.page.textContent('[data-testid=audit]')) ?? '';
      for (const action of ['Babak dibuat', 'Peserta didaftarkan', 'Juri ditetapkan', 'Nilai diberikan']) {
        expect(audit).toContain(action);
      }
      expect(await seriousAxeViolations(admin.page), 'audit').toEqual([]);
      // In English too.
      await admin.page.goto(`${base}${roundPath}?lang=en`);
      expect(await admin.page.textContent('#jurors')).toBe('Jurors');
      expect(await seriousAxeViolations(admin.page), 'round page in English').toEqual([]);
      await admin.page.goto(`${base}${roundPath}/peringkat?lang=en`);
      expect(await admin.page.textContent('h1')).toBe('Ranking preview (not published)');
    } finally {
      await Promise.all([juror.context.close(), admin.context.close()]);
    }
  });
});
