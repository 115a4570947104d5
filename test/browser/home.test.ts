import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStackProcess(), launchBrowser()]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), stack?.stop()]);
});

describe('the home page in a real browser', () => {
  it('shows the scope coverage the API reports, in Indonesian, with the security headers', async () => {
    const api = (await (await fetch(`${stack.baseUrl}/coverage/51.02`)).json()) as {
      villages: { total: number; covered: number };
    };
    const { context, page } = await browser.newPage({ width: 360, height: 740 });
    try {
      const response = await page.goto(`${stack.baseUrl}/`);
      expect(response?.status()).toBe(200);
      const headers = response?.headers() ?? {};
      for (const name of REQUIRED_SECURITY_HEADERS) expect(headers[name], name).toBeTruthy();
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(await page.getAttribute('html', 'lang')).toBe('id');
      expect(await page.textContent('[data-testid=coverage-count]')).toContain(
        `${api.villages.covered} dari ${api.villages.total} desa`,
      );
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'home');
    } finally {
      await context.close();
    }
  });

  it('switches to English with ?lang=en and remembers it in a cookie', async () => {
    const { context, page } = await browser.newPage();
    try {
      await page.goto(`${stack.baseUrl}/`);
      await page.click('.lang-switch a');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await page.goto(`${stack.baseUrl}/`);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.textContent('h1')).toBe('A KIM in every village');
      await screenshot(page, 'home-en');
    } finally {
      await context.close();
    }
  });

  it('has no serious or critical axe-core violation', async () => {
    const { context, page } = await browser.newPage({ bypassCSP: true });
    try {
      await page.goto(`${stack.baseUrl}/`);
      expect(await seriousAxeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('loads the stylesheet from a hashed, immutable asset', async () => {
    const html = await (await fetch(`${stack.baseUrl}/`)).text();
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(href).toMatch(/^\/assets\/site\.[0-9a-f]{12}\.css$/);
    const css = await fetch(`${stack.baseUrl}${href}`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${stack.baseUrl}/assets/site.000000000000.css`)).status).toBe(404);
  });
});
