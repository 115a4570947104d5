import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { type Item, snapshotTable } from '../support/table-snapshot.js';

const TABLE_NAME = 'kim-registry-local';
const VILLAGE = '51.02.05.2006';

let stack: RunningLocalStack;
let browser: TestBrowser;
let adminToken: string;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStackProcess(), launchBrowser()]);
  adminToken = await signFor(stack, claimsFor(stack, 'admin'));
});

afterAll(async () => {
  await Promise.all([browser?.close(), stack?.stop()]);
});

/** The items a registration writes: the registration and its history, its SK claim, its idempotency record. */
const writtenItems = async (): Promise<Item[]> =>
  (await snapshotTable(stack.dynamoEndpoint, TABLE_NAME)).filter((item) =>
    /^(REG#|SKCLAIM#|IDEMPOTENCY#)/.test(String(item.PK)),
  );

const registrationItems = async (skNumber: string) =>
  (await writtenItems()).filter(
    (item) => item.SK === 'REG' && (item.sk as { number?: string })?.number === skNumber,
  );

let serial = 0;
/** An SK number no other test uses, so each registration is new. */
const freshSkNumber = () => `141/${++serial}/DP/${process.pid % 10_000}`;

interface Filled {
  readonly name: string;
  readonly skNumber: string;
}

/** Fills every required field of the form as a village officer would. */
const fillForm = async (page: Page, skNumber = freshSkNumber()): Promise<Filled> => {
  const name = `KIM Dajan Peken ${skNumber}`;
  await page.fill('#f-name', name);
  await page.selectOption('#f-villageCode', VILLAGE);
  await page.fill('#f-sk-number', skNumber);
  await page.fill('#f-sk-date', '2025-06-02');
  const officers = [
    ['I Made Sudarma', '081234567890'],
    ['Ni Luh Ayu', '+6281234567891'],
    ['I Wayan Karya', '0812-3456-7892'],
  ];
  for (const [index, [officerName, phone]] of officers.entries()) {
    await page.fill(`#f-officers-${index}-name`, officerName ?? '');
    await page.fill(`#f-officers-${index}-phone`, phone ?? '');
  }
  await page.fill('#f-memberCount', '12');
  await page.check('input[name="focusAreas"][value="PERTANIAN"]');
  await page.check('input[name="focusAreas"][value="PARIWISATA"]');
  await page.selectOption('#f-media-0-type', 'INSTAGRAM');
  await page.fill('#f-media-0-url', 'https://instagram.com/kimdajanpeken');
  await page.fill('#f-contact-email', 'kim.dajanpeken@example.id');
  await page.fill('#f-contact-phone', '081234567890');
  return { name, skNumber };
};

const submit = async (page: Page): Promise<Response | null> => {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.click('.actions button[type=submit]'),
  ]);
  return response;
};

const idOfReceipt = (page: Page) => /\/daftar\/([0-9A-Z]{26})$/.exec(new URL(page.url()).pathname)?.[1] ?? '';

const admin = (method: string, path: string, body?: unknown) =>
  fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** Registers through the form and answers the receipt's registration id and correction link. */
const registerThroughForm = async (page: Page) => {
  await page.goto(`${stack.baseUrl}/daftar`);
  const filled = await fillForm(page);
  await submit(page);
  const correctionLink = (await page.textContent('.correction-link a')) ?? '';
  return { ...filled, id: idOfReceipt(page), correctionLink };
};

describe('the registration form in a real browser', () => {
  it('registers a KIM without JavaScript, adding an officer row, and shows the receipt with the correction link', async () => {
    const { context, page } = await browser.newPage({ width: 360, height: 740, javaScriptEnabled: false });
    try {
      const form = await page.goto(`${stack.baseUrl}/daftar`);
      expect(form?.status()).toBe(200);
      const headers = form?.headers() ?? {};
      for (const name of REQUIRED_SECURITY_HEADERS) expect(headers[name], name).toBeTruthy();
      expect(headers['cache-control']).toBe('no-store');
      expect(await page.getAttribute('html', 'lang')).toBe('id');
      expect(await page.$$eval('#f-villageCode optgroup', (groups) => groups.length)).toBe(10);
      expect(
        await page.$$eval('#f-villageCode option[value]:not([value=""])', (options) => options.length),
      ).toBe(133);
      expect(
        await page.$$eval('select[name$=".role"]', (selects) =>
          selects.map((s) => (s as { value: string }).value),
        ),
      ).toEqual(['KETUA', 'SEKRETARIS', 'BENDAHARA']);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'daftar');

      const filled = await fillForm(page);
      await Promise.all([page.waitForNavigation(), page.click('button[value="addOfficer"]')]);
      // The form came back with a fourth row and every value kept; nothing was registered.
      expect(await page.inputValue('#f-name')).toBe(filled.name);
      expect(await page.inputValue('#f-officers-2-phone')).toBe('0812-3456-7892');
      expect(await page.isChecked('input[name="focusAreas"][value="PARIWISATA"]')).toBe(true);
      expect(await page.inputValue('#f-officers-3-role')).toBe('ANGGOTA');
      expect(await registrationItems(filled.skNumber)).toHaveLength(0);
      await page.fill('#f-officers-3-name', 'Ketut Suryawan');
      await page.fill('#f-officers-3-phone', '081234567893');
      await page.selectOption('#f-officers-3-role', 'HUMAS');

      const receipt = await submit(page);
      const id = idOfReceipt(page);
      expect(id).not.toBe('');
      expect(receipt?.status()).toBe(200);
      expect(receipt?.headers()['referrer-policy']).toBe('no-referrer');
      expect(receipt?.headers()['cache-control']).toBe('no-store');
      expect(page.url()).not.toContain('token');
      expect(await page.textContent('main')).toContain(id);
      expect(await page.textContent('main')).toContain('Diajukan');
      expect(await page.getAttribute(`a[href="/status/${id}"]`, 'href')).toBe(`/status/${id}`);
      const link = (await page.textContent('.correction-link a')) ?? '';
      expect(link).toMatch(new RegExp(`^${stack.baseUrl}/ubah/${id}\\?token=[A-Za-z0-9_-]{43}$`));
      expect(await page.textContent('.warning')).toContain('hanya ditampilkan sekarang');
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'daftar-receipt');

      const stored = (await (await admin('GET', `/admin/registrations/${id}`)).json()) as {
        officers: { role: string; name: string }[];
        media: unknown[];
      };
      expect(stored.officers.map((officer) => officer.role)).toEqual([
        'KETUA',
        'SEKRETARIS',
        'BENDAHARA',
        'HUMAS',
      ]);
      expect(stored.media).toEqual([{ type: 'INSTAGRAM', url: 'https://instagram.com/kimdajanpeken' }]);

      // The token stays out of the receipt for any other browser.
      const other = await fetch(`${stack.baseUrl}/daftar/${id}`);
      expect(other.status).toBe(200);
      expect(await other.text()).not.toContain('token=');
    } finally {
      await context.close();
    }
  });

  it('registers a KIM with JavaScript on a wide screen, in English', async () => {
    const { context, page } = await browser.newPage({ width: 1280 });
    try {
      await page.goto(`${stack.baseUrl}/daftar?lang=en`);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.textContent('h1')).toBe('Register a KIM');
      await screenshot(page, 'daftar-en');
      const { skNumber } = await fillForm(page);
      await submit(page);
      expect(idOfReceipt(page)).not.toBe('');
      expect(await page.textContent('h1')).toBe('Registration sent');
      expect(await registrationItems(skNumber)).toHaveLength(1);
      await screenshot(page, 'daftar-receipt-en');
    } finally {
      await context.close();
    }
  });

  it('shows three kinds of error beside their fields, keeps every value and writes nothing', async () => {
    const { context, page } = await browser.newPage({ width: 360, height: 740, javaScriptEnabled: false });
    try {
      await page.goto(`${stack.baseUrl}/daftar`);
      const { skNumber } = await fillForm(page);
      await page.fill('#f-name', ''); // required
      await page.fill('#f-officers-1-phone', '12345'); // not a phone number
      await page.fill('#f-sk-date', '2999-01-01'); // in the future
      const before = await writtenItems();

      const response = await submit(page);
      expect(response?.status()).toBe(400);
      expect(await page.title()).toMatch(/^Kesalahan: /);
      for (const [id, message] of [
        ['f-name', 'Wajib diisi.'],
        ['f-officers-1-phone', 'Nomor telepon Indonesia tidak valid'],
        ['f-sk-date', 'tidak boleh di masa depan'],
      ] as const) {
        expect(await page.getAttribute(`#${id}`, 'aria-invalid'), id).toBe('true');
        expect(await page.getAttribute(`#${id}`, 'aria-describedby'), id).toContain(`${id}-error`);
        expect(await page.textContent(`#${id}-error`), id).toContain(message);
        expect(await page.getAttribute(`.error-summary a[href="#${id}"]`, 'href'), id).toBe(`#${id}`);
      }
      expect(await page.$$eval('[aria-invalid="true"]', (inputs) => inputs.length)).toBe(3);
      expect(await page.inputValue('#f-officers-1-phone')).toBe('12345');
      expect(await page.inputValue('#f-sk-number')).toBe(skNumber);
      expect(await page.inputValue('#f-villageCode')).toBe(VILLAGE);
      expect(await page.inputValue('#f-officers-0-name')).toBe('I Made Sudarma');
      expect(await page.inputValue('#f-memberCount')).toBe('12');
      expect(await page.isChecked('input[name="focusAreas"][value="PERTANIAN"]')).toBe(true);
      expect(await page.inputValue('#f-contact-email')).toBe('kim.dajanpeken@example.id');
      expect(await writtenItems()).toEqual(before);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'daftar-errors');

      // The summary's link takes the keyboard to the input.
      await page.click('.error-summary a[href="#f-officers-1-phone"]');
      expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe(
        'f-officers-1-phone',
      );
    } finally {
      await context.close();
    }
  });

  it('registers once however often the same form post is sent', async () => {
    const { context, page } = await browser.newPage();
    try {
      await page.goto(`${stack.baseUrl}/daftar`);
      const { skNumber } = await fillForm(page);
      const posted = page.waitForRequest((request) => request.method() === 'POST');
      await submit(page);
      const receipt = page.url();
      const body = (await posted).postData() ?? '';
      expect(body).toContain('_idempotencyKey=');

      // The same post again, twice at once, from the same browser (its cookies): a double tap, a resend.
      const resend = () =>
        context.request.post(`${stack.baseUrl}/daftar`, {
          headers: { origin: stack.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
          data: body,
          maxRedirects: 0,
        });
      const replies = await Promise.all([resend(), resend()]);
      for (const reply of replies) {
        expect(reply.status()).toBe(303);
        expect(new URL(reply.headers().location ?? '', stack.baseUrl).href).toBe(receipt);
      }
      expect(await registrationItems(skNumber)).toHaveLength(1);
    } finally {
      await context.close();
    }
  });

  it('corrects a rejected registration through the correction link, in another browser without JavaScript', async () => {
    const registering = await browser.newPage();
    let registered: Awaited<ReturnType<typeof registerThroughForm>>;
    try {
      registered = await registerThroughForm(registering.page);
    } finally {
      await registering.context.close();
    }
    const rejected = await admin('POST', `/admin/registrations/${registered.id}/reject`, {
      reason: 'Nomor SK tidak sesuai dengan dokumen yang diunggah.',
    });
    expect(rejected.status).toBe(200);

    const { context, page } = await browser.newPage({ width: 360, height: 740, javaScriptEnabled: false });
    try {
      const opened = await page.goto(registered.correctionLink);
      expect(opened?.status()).toBe(200);
      // The token left the address bar: it waits in an HttpOnly cookie for this path.
      expect(new URL(page.url()).pathname).toBe(`/ubah/${registered.id}`);
      expect(page.url()).not.toContain('token');
      expect(await page.textContent('main')).toContain('Nomor SK tidak sesuai dengan dokumen yang diunggah.');
      expect(await page.inputValue('#f-name')).toBe(registered.name);
      expect(await page.inputValue('#f-officers-0-phone')).toBe('+6281234567890');
      expect(await page.inputValue('#f-villageCode')).toBe(VILLAGE);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'ubah');

      const corrected = freshSkNumber();
      await page.fill('#f-sk-number', corrected);
      await Promise.all([
        page.waitForURL(`**/status/${registered.id}`),
        page.click('.actions button[type=submit]'),
      ]);
      const status = (await (await fetch(`${stack.baseUrl}/registrations/${registered.id}`)).json()) as {
        status: string;
      };
      expect(status.status).toBe('SUBMITTED');
      const stored = (await (await admin('GET', `/admin/registrations/${registered.id}`)).json()) as {
        sk: { number: string };
      };
      expect(stored.sk.number).toBe(corrected);

      // Corrected once, the link has nothing more to correct until the next rejection.
      await page.goto(registered.correctionLink);
      expect(await page.textContent('h1')).toBe('Tidak ada yang perlu diperbaiki');
    } finally {
      await context.close();
    }
  });

  it('refuses a correction link with another token with 403', async () => {
    const { context, page } = await browser.newPage({ javaScriptEnabled: false });
    try {
      const registered = await registerThroughForm(page);
      const forged = registered.correctionLink.replace(/token=.*/, `token=${'A'.repeat(43)}`);
      const response = await page.goto(forged);
      expect(response?.status()).toBe(403);
      expect(await (await fetch(`${stack.baseUrl}/ubah/${registered.id}`)).status).toBe(403);
    } finally {
      await context.close();
    }
  });

  it('refuses a forged post (no CSRF token, or from another site) with 403 and writes nothing', async () => {
    const { context, page } = await browser.newPage();
    try {
      await page.goto(`${stack.baseUrl}/daftar`);
      const { skNumber } = await fillForm(page);
      const posted = page.waitForRequest((request) => request.method() === 'POST');
      // Stop the real post from reaching the server: only its body is wanted.
      await page.route('**/daftar', (route) =>
        route.request().method() === 'POST' ? route.abort() : route.continue(),
      );
      await page.click('.actions button[type=submit]').catch(() => undefined);
      const body = (await posted).postData() ?? '';
      const before = await writtenItems();
      const post = (data: string, origin: string) =>
        context.request.post(`${stack.baseUrl}/daftar`, {
          headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
          data,
          maxRedirects: 0,
        });

      const withoutToken = body.replace(/(^|&)_csrf=[^&]*/, '');
      const noToken = await post(withoutToken, stack.baseUrl);
      expect(noToken.status()).toBe(403);
      expect(await noToken.text()).toContain('kedaluwarsa atau tidak lengkap');
      const foreign = await post(body, 'https://evil.example');
      expect(foreign.status()).toBe(403);
      expect(await foreign.text()).toContain('tidak dikirim dari situs ini');
      // Another site's page cannot even read the form back.
      expect(await foreign.text()).not.toContain(skNumber);
      const withoutCookie = await fetch(`${stack.baseUrl}/daftar`, {
        method: 'POST',
        headers: { origin: stack.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
        body,
        redirect: 'manual',
      });
      expect(withoutCookie.status).toBe(403);

      expect(await writtenItems()).toEqual(before);
      expect(await registrationItems(skNumber)).toHaveLength(0);
    } finally {
      await context.close();
    }
  });

  it('has no serious or critical axe-core violation on the form, its errors, the receipt and the correction form', async () => {
    const { context, page } = await browser.newPage({ bypassCSP: true });
    try {
      await page.goto(`${stack.baseUrl}/daftar`);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.fill('#f-officers-0-phone', 'x');
      await submit(page);
      expect(await seriousAxeViolations(page)).toEqual([]);
      const registered = await registerThroughForm(page);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await admin('POST', `/admin/registrations/${registered.id}/reject`, {
        reason: 'Nama pengurus belum lengkap di formulir.',
      });
      await page.goto(registered.correctionLink);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 1280, height: 800 });
      await screenshot(page, 'ubah');
    } finally {
      await context.close();
    }
  });
});
