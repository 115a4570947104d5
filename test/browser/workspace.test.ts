import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awardRoundBody } from '../fixtures/award-round.js';
import { minimalPdf, minimalPng } from '../fixtures/documents.js';
import { emailsTo, mailbox } from '../fixtures/mailbox.js';
import { CAMERA_SERIAL, jpegWithExif } from '../fixtures/photos.js';
import { registrationBody } from '../fixtures/registration-body.js';
import { claimsFor, signFor } from '../support/admin-tokens.js';
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
/** The stack names itself `localhost` in the emailed links: the session cookie belongs to that host. */
let base: string;
let kim: { id: string; name: string; contact: string; editToken: string };

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStackProcess(), launchBrowser()]);
  base = `http://localhost:${stack.port}`;
  const body = registrationBody();
  const unique = randomUUID().slice(0, 8);
  body.name = `KIM Kelola ${unique}`;
  body.sk.number = `141/${unique}/KELOLA/2025`;
  body.contact = { ...body.contact, email: `kelola.${unique}@example.id` };
  const response = await fetch(`${stack.baseUrl}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  const created = (await response.json()) as { id: string; editToken: string };
  kim = { id: created.id, name: body.name, contact: body.contact.email, editToken: created.editToken };
});

afterAll(async () => {
  await Promise.all([browser?.close(), stack?.stop()]);
});

/** The link of the latest sign-in email to the KIM's contact. */
const latestLink = async (): Promise<string> => {
  const emails = emailsTo(await mailbox(stack.mailboxUrl), kim.contact).filter((email) =>
    email.subject.includes('Tautan masuk'),
  );
  const link = /https?:\/\/\S+\/kelola\/masuk\/\S+/.exec(emails.at(-1)?.body.text ?? '')?.[0];
  if (!link) throw new Error('no sign-in email');
  return link;
};

/** Asks for a link on /kelola, opens it from the email, presses its button: signed in. */
const signIn = async (page: Page, shoot?: string) => {
  await page.goto(`${base}/kelola`);
  if (shoot) await screenshot(page, `${shoot}-masuk`);
  await page.fill('#f-email', kim.contact.toUpperCase());
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  expect(await page.textContent('[data-testid=sign-in-sent]')).toContain('15 menit');
  if (shoot) await screenshot(page, `${shoot}-terkirim`);
  await page.goto(await latestLink());
  if (shoot) await screenshot(page, `${shoot}-tautan`);
  await Promise.all([page.waitForURL(`${base}/kelola`), page.click('main form button[type=submit]')]);
  expect(await page.textContent('[data-testid=signed-in]')).toContain(kim.name);
};

const fillSk = async (page: Page, number: string, term: { start: string; end: string }) => {
  await page.fill('#f-term-start', term.start);
  await page.fill('#f-term-end', term.end);
  await page.fill('#f-sk-number', number);
  await page.fill('#f-sk-date', term.start);
};

describe('the KIM workspace in a real browser', () => {
  it('signs in by the emailed link, uploads a PDF SK, shows the history, and refuses a fake PDF beside its field', async () => {
    const { context, page } = await browser.newPage();
    try {
      await signIn(page, 'kelola');
      const home = await page.reload();
      const headers = home?.headers() ?? {};
      for (const name of REQUIRED_SECURITY_HEADERS) expect(headers[name], name).toBeTruthy();
      expect(headers['cache-control']).toBe('no-store');
      expect(await page.textContent('main')).toContain(kim.id);
      // No one else's data, and none of the KIM's own personal data on its home.
      expect(await page.content()).not.toContain('I Made Sudarma');

      await page.goto(`${base}/kelola/sk`);
      expect(await page.isVisible('[data-testid=needs-script]')).toBe(false);
      await fillSk(page, '141/1/KELOLA/2025', { start: '2025-06-02', end: '2028-06-01' });
      await page.setInputFiles('#f-file', {
        name: 'sk.pdf',
        mimeType: 'application/pdf',
        buffer: minimalPdf(),
      });
      await Promise.all([
        page.waitForURL(/\/kelola\?sk=baru$/),
        page.click('form[data-sk-upload] button[type=submit]'),
      ]);
      expect(await page.isVisible('[data-testid=sk-uploaded]')).toBe(true);

      // A new term: a second version, newest first, the first kept in the history.
      await page.goto(`${base}/kelola/sk`);
      await fillSk(page, '141/2/KELOLA/2028', { start: '2028-06-02', end: '2031-06-01' });
      await page.setInputFiles('#f-file', {
        name: 'sk-baru.pdf',
        mimeType: 'application/pdf',
        buffer: minimalPdf('baru'),
      });
      await Promise.all([
        page.waitForURL(/\/kelola\?sk=baru$/),
        page.click('form[data-sk-upload] button[type=submit]'),
      ]);
      const rows = await page.$$eval('[data-testid=sk-history] tbody tr', (trs) =>
        trs.map((tr) => tr.textContent ?? ''),
      );
      expect(rows).toHaveLength(2);
      expect(rows[0]).toContain('141/2/KELOLA/2028');
      expect(rows[1]).toContain('141/1/KELOLA/2025');
      await screenshot(page, 'kelola-beranda');

      // A PNG named .pdf: refused by its bytes, the reason beside the file input, the values kept.
      await page.goto(`${base}/kelola/sk`);
      await fillSk(page, '141/3/KELOLA/2031', { start: '2031-06-02', end: '2034-06-01' });
      await page.setInputFiles('#f-file', {
        name: 'palsu.pdf',
        mimeType: 'application/pdf',
        buffer: minimalPng(),
      });
      const [refused] = await Promise.all([
        page.waitForNavigation(),
        page.click('form[data-sk-upload] button[type=submit]'),
      ]);
      expect(refused?.status(), `${page.url()} ${await page.textContent('main')}`).toBe(422);
      expect(await page.textContent('[data-testid=file-error]')).toContain('PNG');
      expect(await page.getAttribute('#f-file', 'aria-invalid')).toBe('true');
      expect(await page.inputValue('#f-sk-number')).toBe('141/3/KELOLA/2031');
      expect(await page.isVisible('#error-summary')).toBe(true);
      await screenshot(page, 'kelola-sk-ditolak');

      await page.goto(`${base}/kelola`);
      expect(await page.$$('[data-testid=sk-history] tbody tr')).toHaveLength(2);

      // Without JavaScript the SK page says the upload needs it.
      const noScript = await browser.newPage({ javaScriptEnabled: false });
      try {
        await noScript.context.addCookies(await context.cookies());
        await noScript.page.goto(`${base}/kelola/sk`);
        expect(await noScript.page.isVisible('[data-testid=needs-script]')).toBe(true);
        await screenshot(noScript.page, 'kelola-sk-tanpa-js');
      } finally {
        await noScript.context.close();
      }

      // Signing out ends the session here: /kelola asks for an address again.
      await Promise.all([
        page.waitForURL(/\/kelola\/keluar\/selesai$/),
        page.click('[data-testid=signed-in] button'),
      ]);
      await page.goto(`${base}/kelola/sk`);
      expect(new URL(page.url()).pathname).toBe('/kelola');
      expect(await page.isVisible('#f-email')).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('is axe clean and usable at 360 px, errors included', async () => {
    const { context, page } = await browser.newPage({ width: 360, height: 740, bypassCSP: true });
    try {
      await page.goto(`${base}/kelola`);
      await page.fill('#f-email', 'bukan email');
      const [bad] = await Promise.all([
        page.waitForNavigation(),
        page.click('main form button[type=submit]'),
      ]);
      expect(bad?.status()).toBe(400);
      expect(await page.getAttribute('#f-email', 'aria-invalid')).toBe('true');
      expect(await seriousAxeViolations(page), 'sign-in form with an error').toEqual([]);
      expect(await sidewaysOverflow(page)).toBe(0);
      await screenshot(page, 'kelola-masuk-salah');

      await signIn(page, 'kelola');
      for (const path of ['/kelola', '/kelola/sk']) {
        await page.goto(`${base}${path}`);
        expect(await seriousAxeViolations(page), path).toEqual([]);
        expect(await sidewaysOverflow(page), path).toBe(0);
      }
      await page.click('form[data-sk-upload] button[type=submit]');
      await page.waitForSelector('#error-summary');
      expect(await seriousAxeViolations(page), 'SK form with errors').toEqual([]);
      expect(await sidewaysOverflow(page)).toBe(0);
      await screenshot(page, 'kelola-sk-kosong');

      // A used link: a clear page, nothing opened.
      const used = await latestLink();
      const fresh = await browser.newPage({ width: 360, height: 740, bypassCSP: true });
      try {
        await fresh.page.goto(used);
        expect(await fresh.page.textContent('[data-testid=link-failed]')).toBeTruthy();
        expect(await seriousAxeViolations(fresh.page), 'used link').toEqual([]);
        await screenshot(fresh.page, 'kelola-tautan-terpakai');
      } finally {
        await fresh.context.close();
      }
    } finally {
      await context.close();
    }
  });

  it('leads from the registration receipt straight to the SK upload', async () => {
    const { context, page } = await browser.newPage();
    try {
      const unique = randomUUID().slice(0, 8);
      await page.goto(`${base}/daftar`);
      await page.fill('#f-name', `KIM Tanda Terima ${unique}`);
      await page.selectOption('#f-villageCode', '51.02.05.2006');
      await page.fill('#f-sk-number', `141/${unique}/TT/2025`);
      await page.fill('#f-sk-date', '2025-06-02');
      for (const [index, [name, phone]] of [
        ['I Made Sudarma', '081234567890'],
        ['Ni Luh Ayu', '+6281234567891'],
        ['I Wayan Karya', '0812-3456-7892'],
      ].entries()) {
        await page.fill(`#f-officers-${index}-name`, name ?? '');
        await page.fill(`#f-officers-${index}-phone`, phone ?? '');
      }
      await page.fill('#f-memberCount', '12');
      await page.check('input[name="focusAreas"][value="PERTANIAN"]');
      await page.fill('#f-contact-email', `tanda.${unique}@example.id`);
      await page.fill('#f-contact-phone', '081234567890');
      await Promise.all([
        page.waitForURL(/\/daftar\/[0-9A-Z]{26}$/),
        page.click('.actions button[type=submit]'),
      ]);

      await Promise.all([page.waitForURL(`${base}/kelola/sk`), page.click('a[href$="/kelola"].button')]);
      expect(await page.textContent('[data-testid=signed-in]')).toContain(`KIM Tanda Terima ${unique}`);
      await fillSk(page, `141/${unique}/TT/2025`, { start: '2025-06-02', end: '2028-06-01' });
      await page.setInputFiles('#f-file', {
        name: 'sk.pdf',
        mimeType: 'application/pdf',
        buffer: minimalPdf(),
      });
      await Promise.all([
        page.waitForURL(/\/kelola\?sk=baru$/),
        page.click('form[data-sk-upload] button[type=submit]'),
      ]);
      expect(await page.$$('[data-testid=sk-history] tbody tr')).toHaveLength(1);
    } finally {
      await context.close();
    }
  });
});

describe('the profile page (/kelola/profil) in a real browser', () => {
  it('keeps a verified KIM verified for a new member count, sends it back to review for a new name, and shows a bad field beside it, axe clean at 360 px', async () => {
    const unique = randomUUID().slice(0, 8);
    const body = registrationBody();
    body.name = `KIM Profil ${unique}`;
    body.sk.number = `141/${unique}/PROFIL/2025`;
    body.contact = { ...body.contact, email: `profil.${unique}@example.id` };
    const created = await fetch(`${stack.baseUrl}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(created.status).toBe(201);
    const { id, editToken } = (await created.json()) as { id: string; editToken: string };
    const verified = await fetch(`${stack.baseUrl}/admin/registrations/${id}/verify`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await signFor(stack, claimsFor(stack, 'admin'))}`,
      },
      body: '{}',
    });
    expect(verified.status).toBe(200);

    const { context, page } = await browser.newPage({ width: 360, height: 740, bypassCSP: true });
    try {
      await page.goto(`${base}/kelola`);
      await page.fill('#f-email', body.contact.email);
      await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
      const emails = emailsTo(await mailbox(stack.mailboxUrl), body.contact.email).filter((email) =>
        email.subject.includes('Tautan masuk'),
      );
      const link = /https?:\/\/\S+\/kelola\/masuk\/\S+/.exec(emails.at(-1)?.body.text ?? '')?.[0];
      if (!link) throw new Error('no sign-in email');
      await page.goto(link);
      await Promise.all([page.waitForURL(`${base}/kelola`), page.click('main form button[type=submit]')]);

      const save = 'form[action="/kelola/profil"] .actions button';
      const opened = await page.goto(`${base}/kelola/profil`);
      expect(opened?.headers()['cache-control']).toBe('no-store');
      expect(await page.getAttribute('a[href="/kelola/profil"]', 'aria-current')).toBe('page');
      expect(await page.inputValue('#f-name')).toBe(body.name);
      expect(await page.inputValue('#f-memberCount')).toBe(String(body.memberCount));
      expect(await page.textContent('[data-testid=review-warning]')).toContain('nomor SK');
      expect(await page.textContent('[data-testid=profile-status]')).toBe('Terverifikasi');
      expect(await page.$('#f-contact-email')).toBeNull();
      expect(await seriousAxeViolations(page), '/kelola/profil').toEqual([]);
      expect(await sidewaysOverflow(page)).toBe(0);
      await screenshot(page, 'kelola-profil');

      // The member count: saved, still verified.
      await page.fill('#f-memberCount', '31');
      await Promise.all([page.waitForURL(/\/kelola\/profil\?tersimpan=memberCount$/), page.click(save)]);
      expect(await page.getAttribute('[data-testid=profile-saved]', 'data-back-to-review')).toBe('false');
      expect(await page.textContent('[data-testid=profile-saved]')).toContain('jumlah anggota');
      expect(await page.textContent('[data-testid=profile-status]')).toBe('Terverifikasi');
      expect(await page.inputValue('#f-memberCount')).toBe('31');

      // A bad field: beside its input and in the summary, the values kept, nothing saved.
      await page.fill('#f-memberCount', 'banyak');
      await page.fill('#f-name', `KIM Profil Baru ${unique}`);
      const [refused] = await Promise.all([page.waitForNavigation(), page.click(save)]);
      expect(refused?.status()).toBe(400);
      expect(await page.getAttribute('#f-memberCount', 'aria-invalid')).toBe('true');
      expect(await page.isVisible('#f-memberCount-error')).toBe(true);
      expect(await page.isVisible('#error-summary')).toBe(true);
      expect(await page.inputValue('#f-memberCount')).toBe('banyak');
      expect(await page.inputValue('#f-name')).toBe(`KIM Profil Baru ${unique}`);
      expect(await seriousAxeViolations(page), 'profile form with an error').toEqual([]);
      expect(await sidewaysOverflow(page)).toBe(0);
      await screenshot(page, 'kelola-profil-salah');

      // The name: saved, and back to review, said and shown.
      await page.fill('#f-memberCount', '31');
      await Promise.all([page.waitForURL(/\/kelola\/profil\?tersimpan=name&tinjau=1$/), page.click(save)]);
      expect(await page.getAttribute('[data-testid=profile-saved]', 'data-back-to-review')).toBe('true');
      expect(await page.textContent('[data-testid=profile-saved]')).toContain('kembali menunggu verifikasi');
      expect(await page.textContent('[data-testid=profile-status]')).toBe('Menunggu verifikasi');
      expect(await seriousAxeViolations(page), 'profile saved').toEqual([]);
      await screenshot(page, 'kelola-profil-tersimpan');

      const profile = await fetch(`${stack.baseUrl}/registrations/${id}/profile`, {
        headers: { 'x-edit-token': editToken },
      });
      expect(await profile.json()).toMatchObject({
        status: 'SUBMITTED',
        name: `KIM Profil Baru ${unique}`,
        memberCount: 31,
        version: 4,
      });
    } finally {
      await context.close();
    }
  });
});

describe('the activity reports of the workspace (/kelola/laporan)', () => {
  it('creates a report, refuses a bad field beside it, adds a photo with EXIF, lists it, and shows it on the public profile', async () => {
    const { context, page } = await browser.newPage();
    try {
      await signIn(page);
      await page.click('nav a[href="/kelola/laporan"]');
      await page.waitForURL(`${base}/kelola/laporan`);
      const list = await page.reload();
      expect(list?.headers()['cache-control']).toBe('no-store');
      expect(await page.textContent('[data-testid=report-count]')).toBe('0');

      // A date in the future: refused beside its field, the other values kept, nothing kept.
      await page.click('main a[href="/kelola/laporan/baru"]');
      await page.waitForURL(`${base}/kelola/laporan/baru`);
      await page.fill('#f-date', '2099-01-01');
      await page.selectOption('#f-type', 'PENYEBARAN_INFORMASI');
      await page.fill('#f-title', 'Sosialisasi jadwal posyandu');
      await page.fill(
        '#f-description',
        'Kabar jadwal posyandu disebarkan.\nLewat grup desa dan papan informasi.',
      );
      await page.fill('#f-participants', '31');
      await page.fill('#f-links', 'https://desa.example.id/kabar/posyandu');
      const [refused] = await Promise.all([
        page.waitForNavigation(),
        page.click('form[data-testid=report-form] button[type=submit]'),
      ]);
      expect(refused?.status()).toBe(400);
      expect(await page.textContent('#f-date-error')).toContain('masa depan');
      expect(await page.getAttribute('#f-date', 'aria-invalid')).toBe('true');
      expect(await page.inputValue('#f-title')).toBe('Sosialisasi jadwal posyandu');
      expect(await page.isVisible('#error-summary')).toBe(true);
      await screenshot(page, 'kelola-laporan-ditolak');

      await page.fill('#f-date', '2025-11-20');
      await Promise.all([
        page.waitForURL(/\/kelola\/laporan\/[0-9A-Z]{26}\?baru=1$/),
        page.click('form[data-testid=report-form] button[type=submit]'),
      ]);
      const reportUrl = page.url().replace(/\?.*$/, '');
      const reportId = reportUrl.split('/').at(-1) ?? '';

      // A JPEG carrying EXIF (GPS, camera serial) through announce → presigned PUT → confirm.
      await page.setInputFiles('#f-file', {
        name: 'foto.jpg',
        mimeType: 'image/jpeg',
        buffer: jpegWithExif(),
      });
      await Promise.all([
        page.waitForURL(/\?foto=baru$/),
        page.click('form[data-photo-upload] button[type=submit]'),
      ]);
      expect(await page.textContent('[data-testid=photo-count]')).toContain('1');
      // A PNG announced as a JPEG: refused by its bytes beside the file input.
      await page.setInputFiles('#f-file', {
        name: 'palsu.jpg',
        mimeType: 'image/jpeg',
        buffer: minimalPng(),
      });
      const [wrong] = await Promise.all([
        page.waitForNavigation(),
        page.click('form[data-photo-upload] button[type=submit]'),
      ]);
      expect(wrong?.status()).toBe(422);
      expect(await page.textContent('[data-testid=file-error]')).toContain('PNG');
      await screenshot(page, 'kelola-laporan-foto-ditolak');

      await page.goto(`${base}/kelola/laporan`);
      expect(await page.textContent('[data-testid=report-count]')).toBe('1');
      const rows = await page.$$eval('[data-testid=report-list] tbody tr', (trs) =>
        trs.map((tr) => tr.textContent ?? ''),
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain('Sosialisasi jadwal posyandu');

      // Axe clean and usable at 360 px: the list, the form with its errors, the report, the delete step.
      const narrow = await browser.newPage({ width: 360, height: 740, bypassCSP: true });
      try {
        await narrow.context.addCookies(await context.cookies());
        for (const path of ['/kelola/laporan', '/kelola/laporan/baru', `/kelola/laporan/${reportId}`]) {
          await narrow.page.goto(`${base}${path}`);
          expect(await seriousAxeViolations(narrow.page), path).toEqual([]);
          expect(await sidewaysOverflow(narrow.page), path).toBe(0);
        }
        await screenshot(narrow.page, 'kelola-laporan');
        await narrow.page.goto(`${base}/kelola/laporan/baru`);
        await narrow.page.click('form[data-testid=report-form] button[type=submit]');
        await narrow.page.waitForSelector('#error-summary');
        expect(await seriousAxeViolations(narrow.page), 'report form with errors').toEqual([]);
        expect(await sidewaysOverflow(narrow.page)).toBe(0);
        await screenshot(narrow.page, 'kelola-laporan-baru-kosong');
        await narrow.page.goto(`${base}/kelola/laporan/${reportId}/hapus`);
        expect(await seriousAxeViolations(narrow.page), 'delete step').toEqual([]);
        expect(await sidewaysOverflow(narrow.page)).toBe(0);
      } finally {
        await narrow.context.close();
      }

      // Once the KIM is verified, the report and its photo are on the public profile, EXIF gone.
      const admin = await signFor(stack, claimsFor(stack, 'admin'));
      const verified = await fetch(`${stack.baseUrl}/admin/registrations/${kim.id}/verify`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(verified.status).toBe(200);
      await expect
        .poll(
          async () => {
            await page.goto(`${base}/kim/${kim.id}`);
            return page.textContent('main');
          },
          { timeout: 15_000 },
        )
        .toContain('Sosialisasi jadwal posyandu');
      const src = await page.getAttribute(`img[src*="/laporan/${reportId}/foto/"]`, 'src');
      const photo = Buffer.from(await (await fetch(`${base}${src}`)).arrayBuffer());
      expect(photo.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect(photo.includes(Buffer.from('Exif'))).toBe(false);
      expect(photo.includes(Buffer.from(CAMERA_SERIAL))).toBe(false);
      await screenshot(page, 'kelola-laporan-profil');

      // Deleting takes a confirmation step; then the report is gone from the list.
      await page.goto(reportUrl);
      await Promise.all([page.waitForURL(/\/hapus$/), page.click('[data-testid=delete-report]')]);
      await Promise.all([
        page.waitForURL(/\/kelola\/laporan\?dihapus=1$/),
        page.click('[data-testid=confirm-delete]'),
      ]);
      expect(await page.textContent('[data-testid=report-count]')).toBe('0');
    } finally {
      await context.close();
    }
  });
});

describe('the KIM workspace award pages in a real browser', () => {
  it('lists an open self-entry round, refuses a short statement beside its field, enters, and shows the entry; axe clean at 360 px', async () => {
    const admin = await signFor(stack, claimsFor(stack, 'admin'));
    const start = Date.now();
    const name = `Penghargaan KIM Kelola ${randomUUID().slice(0, 8)}`;
    const created = await fetch(`${stack.baseUrl}/admin/awards/rounds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(
        awardRoundBody({
          name,
          regionCode: '51.02',
          entryMode: 'SELF_ENTRY',
          entryWindow: {
            opensAt: new Date(start - 3_600_000).toISOString(),
            closesAt: new Date(start + 3_600_000).toISOString(),
          },
          judgingWindow: {
            opensAt: new Date(start + 3_600_000).toISOString(),
            closesAt: new Date(start + 7_200_000).toISOString(),
          },
          // Whatever the earlier tests left of the KIM's status, it may enter.
          eligibility: { verified: false, termNotExpired: false },
          tieBreak: ['EARLIER_ENTRY'],
        }),
      ),
    });
    const round = (await created.json()) as { id: string };
    expect(created.status, JSON.stringify(round)).toBe(201);
    const statement =
      'KIM kami rutin menyebarkan informasi jadwal posyandu dan harga gabah kepada warga desa.';

    const { context, page } = await browser.newPage();
    try {
      await signIn(page);
      await Promise.all([
        page.waitForURL(`${base}/kelola/penghargaan`),
        page.click('a[href="/kelola/penghargaan"]'),
      ]);
      const listed = `[data-round="${round.id}"]`;
      expect(await page.textContent(`${listed} [data-testid=entry-status]`)).toBe('Belum terdaftar');
      await Promise.all([
        page.waitForURL(`${base}/kelola/penghargaan/${round.id}`),
        page.click(`${listed} a`),
      ]);

      // Too short, at 360 px: refused beside the field, the statement kept, nothing entered; axe clean.
      const small = await browser.newPage({ width: 360, height: 740, bypassCSP: true });
      try {
        await small.context.addCookies(await context.cookies());
        await small.page.goto(`${base}/kelola/penghargaan/${round.id}`);
        await small.page.fill('#f-statement', 'Terlalu pendek.');
        await small.page.click('[data-testid=entry-form] button[type=submit]');
        await small.page.waitForSelector('#f-statement-error');
        expect(await small.page.inputValue('#f-statement')).toBe('Terlalu pendek.');
        expect(await seriousAxeViolations(small.page), 'entry form with an error').toEqual([]);
        expect(await sidewaysOverflow(small.page)).toBe(0);
        await screenshot(small.page, 'kelola-penghargaan-galat');
      } finally {
        await small.context.close();
      }

      await page.fill('#f-statement', statement);
      await Promise.all([
        page.waitForURL(`${base}/kelola/penghargaan?terdaftar=${round.id}`),
        page.click('[data-testid=entry-form] button[type=submit]'),
      ]);
      expect(await page.textContent('[data-testid=award-entered]')).toContain(name);
      expect(await page.textContent(`${listed} [data-testid=entry-status]`)).toBe(
        'Terdaftar (pendaftaran mandiri)',
      );

      // The admins see the entry with its statement.
      const entries = await fetch(`${stack.baseUrl}/admin/awards/rounds/${round.id}/entries`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(entries.status).toBe(200);
      const listedEntries = ((await entries.json()) as { items: { id: string; statement?: string }[] }).items;
      expect(listedEntries.find((entry) => entry.id === kim.id)?.statement).toBe(statement);

      const narrow = await browser.newPage({ width: 360, height: 740, bypassCSP: true });
      try {
        await narrow.context.addCookies(await context.cookies());
        for (const path of ['/kelola/penghargaan', `/kelola/penghargaan/${round.id}`]) {
          const response = await narrow.page.goto(`${base}${path}`);
          expect(response?.headers()['cache-control']).toBe('no-store');
          expect(await seriousAxeViolations(narrow.page), path).toEqual([]);
          expect(await sidewaysOverflow(narrow.page), path).toBe(0);
        }
        expect(await narrow.page.textContent('[data-testid=entry-statement]')).toBe(statement);
        await screenshot(narrow.page, 'kelola-penghargaan');
      } finally {
        await narrow.context.close();
      }
    } finally {
      await context.close();
    }
  });
});
