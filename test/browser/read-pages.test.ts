import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TIME_OFFSET_HEADER } from '../../infra/local/lambda/time-offset.js';
import type { CoverageView, MissingVillage } from '../../shared/village-coverage/coverage.js';
import { awardRoundBody } from '../fixtures/award-round.js';
import { jpegWithExif } from '../fixtures/photos.js';
import { personalDataOfFixture, registrationBody } from '../fixtures/registration-body.js';
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

const XSS_NAME = '<img src=x onerror=alert(1)>';
const REJECTION_REASON = 'Nomor SK tidak terbaca pada berkas; mohon kirim ulang.';

let stack: RunningLocalStack;
let browser: TestBrowser;
let adminToken: string;
const ids = { verified: '', xss: '', pending: '', rejected: '' };

const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const admin = (path: string, body: unknown = {}) =>
  api('POST', path, body, { authorization: `Bearer ${adminToken}` });

const editTokens = new Map<string, string>();

const register = async (villageCode: string, name?: string): Promise<string> => {
  const body = { ...registrationBody(), villageCode, ...(name === undefined ? {} : { name }) };
  body.sk = { ...body.sk, number: `141/${randomUUID().slice(0, 8)}/WEB/2025` };
  const created = await api('POST', '/registrations', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  editTokens.set(String(created.body.id), String(created.body.editToken));
  return String(created.body.id);
};

const REPORT_TITLE = 'Sosialisasi jadwal posyandu';

/** An activity report with one photo (a phone JPEG with EXIF GPS), through the API. */
const reportWithPhoto = async (id: string) => {
  const kim = { 'x-edit-token': editTokens.get(id) ?? '' };
  const report = await api(
    'POST',
    `/registrations/${id}/reports`,
    {
      date: '2025-11-20',
      type: 'PENYEBARAN_INFORMASI',
      title: REPORT_TITLE,
      description: 'Jadwal posyandu disebarkan lewat grup desa.\nDua dusun ikut.',
      participants: 31,
      links: ['https://desa.example.id/kabar/posyandu'],
    },
    kim,
  );
  expect(report.status, JSON.stringify(report.body)).toBe(201);
  const photos = `/registrations/${id}/reports/${String(report.body.reportId)}/photos`;
  const jpeg = jpegWithExif();
  const ticket = await api('POST', photos, { contentType: 'image/jpeg', size: jpeg.length }, kim);
  const put = await fetch(String(ticket.body.uploadUrl), {
    method: 'PUT',
    body: jpeg,
    headers: ticket.body.headers as Record<string, string>,
  });
  expect(put.status).toBe(200);
  const confirmed = await api('POST', `${photos}/${String(ticket.body.photoId)}/confirm`, undefined, kim);
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(201);
};

const coverage = async (code: string) =>
  (await api('GET', `/coverage/${code}`)).body as unknown as CoverageView;

/** Waits (up to `ms`) until `check` passes, polling; answers how long it took. */
const waitUntil = async (check: () => Promise<boolean>, ms: number): Promise<number> => {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

const villagesOf = async (district: string): Promise<string[]> => {
  const region = (await api('GET', `/regions/${district}`)).body as { children: Array<{ code: string }> };
  return region.children.map((child) => child.code);
};

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStackProcess(), launchBrowser()]);
  adminToken = await signFor(stack, claimsFor(stack, 'admin'));
  const [a = '', b = ''] = await villagesOf('51.02.01');
  const [c = '', d = ''] = await villagesOf('51.02.02');
  ids.verified = await register('51.02.05.2006');
  ids.xss = await register(a, XSS_NAME);
  ids.pending = await register(b);
  ids.rejected = await register(c);
  expect((await admin(`/admin/registrations/${ids.verified}/verify`)).status).toBe(200);
  await reportWithPhoto(ids.verified);
  expect((await admin(`/admin/registrations/${ids.xss}/verify`)).status).toBe(200);
  expect(
    (await admin(`/admin/registrations/${ids.rejected}/reject`, { reason: REJECTION_REASON })).status,
  ).toBe(200);
  expect(d).not.toBe('');
  await waitUntil(async () => {
    const kim = (await coverage('51.02')).kim;
    return kim.verified === 2 && kim.submitted === 1 && kim.rejected === 1;
  }, 15_000);
});

afterAll(async () => {
  await Promise.all([browser?.close(), stack?.stop()]);
});

/** Every read-only page, by the name its screenshots get. */
const pages = () => ({
  home: '/',
  cakupan: '/cakupan',
  'cakupan-district': '/cakupan/51.02.05',
  'cakupan-village': '/cakupan/51.02.05.2006',
  'status-pending': `/status/${ids.pending}`,
  'status-rejected': `/status/${ids.rejected}`,
  kim: '/kim',
  'kim-district': '/kim?wilayah=51.02.05',
  'kim-profile': `/kim/${ids.verified}`,
  'not-found': '/cakupan/51.99',
});

const open = async (path: string, options: { width?: number; bypassCSP?: boolean } = {}) => {
  const { context, page } = await browser.newPage(options);
  const response = await page.goto(`${stack.baseUrl}${path}`);
  return { context, page, response };
};

const cellText = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').trim();

/**
 * axe-core on every page of `paths`, in Indonesian and English, by one page that visits them in
 * turn (each URL names its language, so nothing carries over from the one before).
 */
const expectAxeClean = async (paths: Readonly<Record<string, string>>) => {
  const { context, page } = await browser.newPage({ bypassCSP: true });
  try {
    for (const [name, path] of Object.entries(paths)) {
      for (const lang of ['id', 'en']) {
        await page.goto(`${stack.baseUrl}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        expect(await seriousAxeViolations(page), `${name} (${lang})`).toEqual([]);
      }
    }
  } finally {
    await context.close();
  }
};

/** Every page of `paths` at 360 and 1280 px: no sideways scrolling, and a screenshot at each width. */
const expectNarrowAndPhotograph = async (paths: Readonly<Record<string, string>>) => {
  for (const width of [360, 1280]) {
    const { context, page } = await browser.newPage({ width });
    try {
      for (const [name, path] of Object.entries(paths)) {
        await page.goto(`${stack.baseUrl}${path}`);
        expect(await sidewaysOverflow(page), `${name} at ${width} px`).toBeLessThanOrEqual(0);
        await screenshot(page, name);
      }
    } finally {
      await context.close();
    }
  }
};

describe('the coverage dashboard', () => {
  it('shows exactly the numbers of GET /coverage/51.02 and its missing villages', async () => {
    const api51 = await coverage('51.02');
    const missing = (await api('GET', '/coverage/51.02/missing?limit=50')).body as unknown as {
      villages: MissingVillage[];
      nextCursor: string | null;
    };
    const { context, page } = await open('/cakupan');
    try {
      expect(await cellText(page, '[data-testid=coverage-count]')).toBe(
        `${api51.villages.covered} dari ${api51.villages.total} desa sudah punya KIM terverifikasi.`,
      );
      expect(await page.getAttribute('progress', 'value')).toBe(String(api51.villages.covered));
      expect(await page.getAttribute('progress', 'max')).toBe(String(api51.villages.total));
      const rows = await page.$$eval('[data-testid=children-table] tbody tr', (trs) =>
        trs.map((tr) => ({
          code: tr.getAttribute('data-code'),
          cells: Array.from(tr.querySelectorAll('td'), (td) =>
            (td as { textContent: string | null }).textContent?.trim(),
          ),
        })),
      );
      expect(rows).toEqual(
        api51.children.map((child) => ({
          code: child.code,
          cells: [
            String(child.villages.total),
            String(child.villages.covered),
            String(child.villages.pendingOnly),
            `${String(child.coveragePercent).replace('.', ',')}%`,
          ],
        })),
      );
      const bars = await page.$$eval('svg.chart g', (groups) =>
        groups.map((g) => g.getAttribute('data-code')),
      );
      expect(bars).toEqual(api51.children.map((child) => child.code));
      const listed = await page.$$eval('[data-testid=missing-table] tbody tr', (trs) =>
        trs.map((tr) => ({
          code: tr.getAttribute('data-code'),
          pending: tr.getAttribute('data-pending') === 'true',
        })),
      );
      expect(listed).toEqual(missing.villages.map(({ code, pending }) => ({ code, pending })));
      expect(listed.filter((village) => village.pending)).toHaveLength(1);
      expect(await page.locator('a[rel=next]').count()).toBe(missing.nextCursor === null ? 0 : 1);
    } finally {
      await context.close();
    }
  });

  it('pages through the missing villages with the API cursor', async () => {
    const { context, page } = await open('/cakupan');
    try {
      await page.click('a[rel=next]');
      const url = new URL(page.url());
      const cursor = url.searchParams.get('cursor') ?? '';
      const second = (
        await api('GET', `/coverage/51.02/missing?limit=50&cursor=${encodeURIComponent(cursor)}`)
      ).body as unknown as { villages: MissingVillage[] };
      const listed = await page.$$eval('[data-testid=missing-table] tbody tr', (trs) =>
        trs.map((tr) => tr.getAttribute('data-code')),
      );
      expect(listed).toEqual(second.villages.map((village) => village.code));
      expect(listed.length).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });

  it('moves within 10 s of a verification through the admin API', async () => {
    const before = await coverage('51.02');
    const [, , third = ''] = await villagesOf('51.02.03');
    const id = await register(third);
    const { context, page } = await open('/cakupan');
    try {
      expect((await admin(`/admin/registrations/${id}/verify`)).status).toBe(200);
      const verifiedAt = Date.now();
      const expected = `${before.villages.covered + 1} dari ${before.villages.total} desa`;
      await waitUntil(async () => {
        await page.reload();
        return (await cellText(page, '[data-testid=coverage-count]')).startsWith(expected);
      }, 10_000);
      expect(Date.now() - verifiedAt).toBeLessThanOrEqual(10_000);
      expect((await coverage('51.02')).villages.covered).toBe(before.villages.covered + 1);
    } finally {
      await context.close();
    }
  });

  it('answers an unknown or malformed region with a 404 page', async () => {
    const { context, page } = await browser.newPage();
    try {
      for (const path of ['/cakupan/51.99', '/cakupan/51.02.99', '/cakupan/tidak-ada', '/cakupan/52']) {
        const response = await page.goto(`${stack.baseUrl}${path}`);
        expect(response?.status(), path).toBe(404);
        expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
        expect(await cellText(page, 'h1')).toBe('Halaman tidak ditemukan');
      }
    } finally {
      await context.close();
    }
  });
});

describe('the status page', () => {
  it('shows Ditolak with the reviewer reason, and Rejected in English', async () => {
    const { context, page } = await open(`/status/${ids.rejected}`);
    try {
      expect(await cellText(page, '[data-status]')).toBe('Ditolak');
      expect(await cellText(page, '[data-testid=status-reason]')).toBe(REJECTION_REASON);
      await page.click('.lang-switch a');
      expect(await cellText(page, '[data-status]')).toBe('Rejected');
    } finally {
      await context.close();
    }
  });

  it('shows Diajukan for a submitted registration and 404 for an unknown id', async () => {
    const { context, page } = await open(`/status/${ids.pending}`);
    try {
      expect(await cellText(page, '[data-status]')).toBe('Diajukan');
      const missing = await page.goto(`${stack.baseUrl}/status/01JZZZZZZZZZZZZZZZZZZZZZZZ`);
      expect(missing?.status()).toBe(404);
    } finally {
      await context.close();
    }
  });
});

describe('the KIM directory', () => {
  it('lists the verified KIM only, filters by district, and shows a public profile', async () => {
    const { context, page } = await open('/kim');
    try {
      const listed = await page.$$eval('[data-testid=directory-list] li', (items) =>
        items.map((item) => item.getAttribute('data-id')),
      );
      expect(listed).toContain(ids.verified);
      expect(listed).toContain(ids.xss);
      expect(listed).not.toContain(ids.pending);
      expect(listed).not.toContain(ids.rejected);

      await page.selectOption('select[name=wilayah]', '51.02.05');
      await page.click('form.filter button[type=submit]');
      expect(new URL(page.url()).searchParams.get('wilayah')).toBe('51.02.05');
      const filtered = await page.$$eval('[data-testid=directory-list] li', (items) =>
        items.map((item) => item.getAttribute('data-id')),
      );
      expect(filtered).toEqual([ids.verified]);

      await page.click(`[data-id="${ids.verified}"] a`);
      expect(await cellText(page, 'h1')).toBe('KIM Dajan Peken Informatif');
      const body = await cellText(page, 'main');
      expect(body).toContain('Pertanian, Pariwisata');
      expect(body).toContain('https://instagram.com/kimdajanpeken');
      expect(body).toContain('12');
      expect(await page.getAttribute('a[href="https://instagram.com/kimdajanpeken"]', 'rel')).toBe(
        'nofollow noopener ugc',
      );
    } finally {
      await context.close();
    }
  });

  it("shows the KIM's activity report with its photo, served by the site and decoded by the browser", async () => {
    const { context, page } = await open(`/kim/${ids.verified}`);
    try {
      expect(await cellText(page, '#laporan')).toBe('Laporan kegiatan');
      expect(await cellText(page, 'main')).toContain(REPORT_TITLE);
      const photo = page.locator('main img').first();
      await photo.scrollIntoViewIfNeeded();
      await expect
        .poll(() => photo.evaluate((image) => (image as unknown as { complete: boolean }).complete))
        .toBe(true);
      // The stripped 8×8 JPEG, decoded: the image the page links is whole after stripping.
      expect(
        await photo.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth),
      ).toBe(8);
      expect(await photo.getAttribute('alt')).toBe(`Foto 1 kegiatan «${REPORT_TITLE}»`);
    } finally {
      await context.close();
    }
  });

  it('has no profile for a KIM that is not verified', async () => {
    for (const id of [ids.pending, ids.rejected]) {
      const response = await fetch(`${stack.baseUrl}/kim/${id}`);
      expect(response.status).toBe(404);
    }
  });

  it('shows a KIM named <img src=x onerror=alert(1)> as text, even with the CSP bypassed', async () => {
    const { context, page } = await open('/kim', { bypassCSP: true });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      await page.reload();
      expect(await cellText(page, `[data-id="${ids.xss}"] a`)).toBe(XSS_NAME);
      expect(await page.locator('main img').count()).toBe(0);
      await page.click(`[data-id="${ids.xss}"] a`);
      expect(await cellText(page, 'h1')).toBe(XSS_NAME);
      expect(await page.locator('main img').count()).toBe(0);
      expect(await page.title()).toContain(XSS_NAME);
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('every read-only page', () => {
  it('contains none of the fixtures’ personal data', async () => {
    for (const [name, path] of Object.entries(pages())) {
      for (const lang of ['id', 'en']) {
        const html = await (
          await fetch(`${stack.baseUrl}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`)
        ).text();
        for (const personal of personalDataOfFixture)
          expect(html, `${name} (${lang})`).not.toContain(personal);
      }
    }
  });

  // One page (one context) visits every path in turn: none of these paths sets anything the next
  // one reads (each names its language, or none), and a context is costly on a small machine.
  it('sends the security headers, and HTML in the language asked for', async () => {
    const { context, page } = await browser.newPage();
    try {
      for (const [name, path] of Object.entries(pages())) {
        const response = await page.goto(`${stack.baseUrl}${path}`);
        const headers = response?.headers() ?? {};
        for (const header of REQUIRED_SECURITY_HEADERS)
          expect(headers[header], `${name}: ${header}`).toBeTruthy();
        expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(headers['content-security-policy']).toMatch(/script-src 'self'/);
        expect(headers['content-security-policy']).not.toContain('unsafe-inline');
        expect(headers['x-content-type-options']).toBe('nosniff');
        expect(await page.getAttribute('html', 'lang'), name).toBe('id');
      }
    } finally {
      await context.close();
    }
  });

  it('has no serious or critical axe-core violation, in either language', async () => {
    await expectAxeClean(pages());
  });

  it('does not scroll sideways at 360 px, and is photographed at 360 and 1280 px', async () => {
    await expectNarrowAndPhotograph(pages());
  });
});

describe('the award results page', () => {
  let roundId = '';

  beforeAll(async () => {
    // A round of two criteria over this file's KIM, judged by one juror and published. Judging
    // opens in an hour and lasts an hour: the juror scores 90 minutes ahead, the publication is
    // three hours ahead (the local gateway's TIME_OFFSET_HEADER), instead of waiting for them.
    const HOUR = 3_600_000;
    const start = Date.now();
    const judgingOpens = start + HOUR;
    const judgingCloses = judgingOpens + HOUR;
    const auth = { authorization: `Bearer ${adminToken}` };
    const round = await api(
      'POST',
      '/admin/awards/rounds',
      awardRoundBody({
        entryWindow: {
          opensAt: new Date(start - 3_600_000).toISOString(),
          closesAt: new Date(judgingOpens).toISOString(),
        },
        judgingWindow: {
          opensAt: new Date(judgingOpens).toISOString(),
          closesAt: new Date(judgingCloses).toISOString(),
        },
        eligibility: { verified: true, termNotExpired: false },
        criteria: [
          { id: 'kegiatan', name: 'Kegiatan dan dokumentasinya', weight: 70 },
          { id: 'produk-informasi', name: 'Produk informasi: artikel dan video', weight: 30 },
        ],
      }),
      auth,
    );
    expect(round.status, JSON.stringify(round.body)).toBe(201);
    roundId = String(round.body.id);
    const path = `/admin/awards/rounds/${roundId}`;
    const juror = { sub: `browser-juror-${randomUUID().slice(0, 8)}`, username: 'juri-browser' };
    const jurorToken = await signFor(stack, claimsFor(stack, 'ppid', '51.02', juror));
    expect((await api('PUT', `${path}/jurors/${juror.sub}`, { username: juror.username }, auth)).status).toBe(
      201,
    );
    expect((await api('POST', `${path}/entries/automatic`, undefined, auth)).status).toBe(200);
    for (const [id, kegiatan, produk] of [
      [ids.verified, 90, 85],
      [ids.xss, 75, 95],
    ] as const) {
      const scored = await api(
        'PUT',
        `${path}/entries/${id}/scores`,
        {
          scores: [
            { criterionId: 'kegiatan', score: kegiatan },
            { criterionId: 'produk-informasi', score: produk },
          ],
        },
        { authorization: `Bearer ${jurorToken}`, [TIME_OFFSET_HEADER]: String(1.5 * HOUR) },
      );
      expect(scored.status, JSON.stringify(scored.body)).toBe(200);
    }
    const published = await api('POST', `${path}/publish`, undefined, {
      ...auth,
      [TIME_OFFSET_HEADER]: String(3 * HOUR),
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
  });

  const awardPages = () => ({ penghargaan: '/penghargaan', 'penghargaan-round': `/penghargaan/${roundId}` });

  it('shows the ranking, escapes KIM names and shows no personal data', async () => {
    const { context, page } = await open(`/penghargaan/${roundId}`);
    try {
      const rows = await page.$$eval('[data-testid=award-ranking] tbody tr', (trs) =>
        trs.map((tr) => [tr.getAttribute('data-id'), tr.querySelector('[data-field=total]')?.textContent]),
      );
      // The KIM the juror scored, ranked; any other verified KIM of the file (the automatic entry
      // takes them all) has no scores, so it is listed without a rank or total.
      const scored: readonly string[] = [ids.verified, ids.xss];
      expect(rows.filter(([id]) => scored.includes(String(id)))).toEqual([
        [ids.verified, '88.50'],
        [ids.xss, '81.00'],
      ]);
      expect(rows.slice(0, 2).map(([id]) => id)).toEqual(scored);
      for (const [id, total] of rows.filter(([id]) => !scored.includes(String(id)))) {
        expect(total, String(id)).toBe('–');
      }
      expect(await page.locator('img').count()).toBe(0);
      const html = await page.content();
      for (const personal of personalDataOfFixture) expect(html).not.toContain(personal);
      expect(html).not.toContain('juri-browser');
    } finally {
      await context.close();
    }
  });

  it('has no serious or critical axe-core violation, in either language', async () => {
    await expectAxeClean(awardPages());
  });

  it('does not scroll sideways at 360 px, and is photographed at 360 and 1280 px', async () => {
    await expectNarrowAndPhotograph(awardPages());
  });
});
