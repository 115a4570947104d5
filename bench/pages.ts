import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../test/support/browser.js';
import { startLocalStackProcess } from './lib/local-stack-process.js';
import { WORK_DIR } from './lib/paths.js';
import type { Benchmark, BenchmarkReport, GoalResult } from './lib/report.js';
import { formatKb, formatMs, formatRatio, median } from './lib/stats.js';

/** Warm navigations per page and per server, interleaved. */
const WARM_RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 30);
const MAX_WARM_RATIO = 2;

/** The pages the issue measures, with their page-weight budgets (compressed, as Chromium fetches them). */
const PAGES = [
  { path: '/cakupan', label: 'dashboard /cakupan', maxWeightBytes: 60 * 1024 },
  { path: '/daftar', label: 'form /daftar', maxWeightBytes: 50 * 1024 },
] as const;

interface Navigation {
  /** From the start of the navigation to the first byte of the HTML (Navigation Timing responseStart). */
  readonly ttfbMs: number;
  /** From the start of the navigation to the end of the load event: HTML, stylesheet, any script. */
  readonly loadMs: number;
}

interface Weight {
  readonly bytes: number;
  readonly resources: readonly string[];
}

/** Navigates a fresh page (no cache, no cookies) to `url` and reads its Navigation Timing. */
const navigate = async (browser: Browser, url: string): Promise<Navigation> => {
  const context = await browser.newContext({ locale: 'id-ID' });
  try {
    const page = await context.newPage();
    const response = await page.goto(url, { waitUntil: 'load' });
    if (response === null || response.status() !== 200) {
      throw new Error(`${url} answered ${response?.status() ?? 'nothing'}`);
    }
    // A string, so this file needs no DOM types: it runs in the page.
    const timing = (await page.evaluate(`(() => {
      const [entry] = performance.getEntriesByType('navigation');
      return { ttfbMs: entry.responseStart - entry.startTime, loadMs: entry.loadEventEnd - entry.startTime };
    })()`)) as Navigation;
    return timing;
  } finally {
    await context.close();
  }
};

/** Every response of one fresh navigation, counted as sent on the wire (headers and compressed body). */
const weigh = async (browser: Browser, url: string): Promise<Weight> => {
  const context = await browser.newContext({ locale: 'id-ID' });
  try {
    const page: Page = await context.newPage();
    const finished: Promise<{ url: string; bytes: number }>[] = [];
    page.on('requestfinished', (request) => {
      finished.push(
        request.sizes().then((sizes) => ({
          url: new URL(request.url()).pathname,
          bytes: sizes.responseHeadersSize + sizes.responseBodySize,
        })),
      );
    });
    await page.goto(url, { waitUntil: 'load' });
    const responses = await Promise.all(finished);
    return {
      bytes: responses.reduce((sum, response) => sum + response.bytes, 0),
      resources: responses.map((response) => `${response.url} ${formatKb(response.bytes)}`),
    };
  } finally {
    await context.close();
  }
};

/**
 * A plain `node:http` server answering saved copies of the pages and their stylesheet from disk,
 * read on every request as a static file server would, with the content types the gateway sends.
 */
const startStaticServer = async (files: ReadonlyMap<string, { path: string; type: string }>) => {
  const server: Server = createServer((request, response) => {
    const file = files.get(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file.type }).end(readFileSync(file.path));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** The first navigation to `path` on a local stack just started: its page function has served nothing yet. */
const coldNavigation = async (browser: Browser, path: string): Promise<Navigation> => {
  const stack = await startLocalStackProcess();
  try {
    return await navigate(browser, `${stack.url}${path}`);
  } finally {
    await stack.stop();
  }
};

export const pagesBenchmark: Benchmark = {
  name: 'pages',
  summary:
    'time to first byte and full load of /cakupan and /daftar in Chromium, cold and warm, against the same HTML as a static file; page weight',
  async run(): Promise<BenchmarkReport> {
    const { browser, close } = await launchBrowser();
    try {
      const cold = new Map<string, Navigation>();
      for (const page of PAGES) cold.set(page.path, await coldNavigation(browser, page.path));

      const stack = await startLocalStackProcess();
      try {
        // Saved copies of what the gateway serves, for the static server: each page and its stylesheet.
        const dir = join(WORK_DIR, 'static-pages');
        mkdirSync(dir, { recursive: true });
        const files = new Map<string, { path: string; type: string }>();
        for (const page of PAGES) {
          const response = await fetch(`${stack.url}${page.path}`);
          const html = await response.text();
          const path = join(dir, `${page.path.slice(1)}.html`);
          writeFileSync(path, html);
          files.set(page.path, { path, type: 'text/html; charset=utf-8' });
          for (const [, href] of html.matchAll(/href="(\/assets\/[^"]+)"/g)) {
            if (href === undefined || files.has(href)) continue;
            const asset = await fetch(`${stack.url}${href}`);
            const assetPath = join(dir, href.split('/').at(-1) ?? 'asset');
            writeFileSync(assetPath, Buffer.from(await asset.arrayBuffer()));
            files.set(href, { path: assetPath, type: asset.headers.get('content-type') ?? 'text/css' });
          }
        }
        const staticServer = await startStaticServer(files);
        try {
          // One unmeasured round warms both servers and the page functions.
          for (const page of PAGES) {
            await navigate(browser, `${stack.url}${page.path}`);
            await navigate(browser, `${staticServer.url}${page.path}`);
          }
          const warm = new Map<string, { gateway: Navigation[]; file: Navigation[] }>(
            PAGES.map((page) => [page.path, { gateway: [], file: [] }]),
          );
          for (let run = 0; run < WARM_RUNS; run++) {
            for (const page of PAGES) {
              const samples = warm.get(page.path);
              samples?.gateway.push(await navigate(browser, `${stack.url}${page.path}`));
              samples?.file.push(await navigate(browser, `${staticServer.url}${page.path}`));
            }
          }
          const weights = new Map<string, Weight>();
          for (const page of PAGES) weights.set(page.path, await weigh(browser, `${stack.url}${page.path}`));

          const rows: string[][] = [];
          const goals: GoalResult[] = [];
          for (const page of PAGES) {
            const samples = warm.get(page.path) ?? { gateway: [], file: [] };
            const coldRun = cold.get(page.path);
            const p50 = (list: readonly Navigation[], key: keyof Navigation) =>
              median(list.map((navigation) => navigation[key]));
            const fileTtfb = p50(samples.file, 'ttfbMs');
            const fileLoad = p50(samples.file, 'loadMs');
            const warmTtfb = p50(samples.gateway, 'ttfbMs');
            const warmLoad = p50(samples.gateway, 'loadMs');
            rows.push(
              [
                `${page.label}: static file (baseline)`,
                formatMs(fileTtfb),
                formatMs(fileLoad),
                '1.00×',
                '1.00×',
              ],
              [
                `${page.label}: warm`,
                formatMs(warmTtfb),
                formatMs(warmLoad),
                formatRatio(warmTtfb / fileTtfb),
                formatRatio(warmLoad / fileLoad),
              ],
              [
                `${page.label}: cold (first request)`,
                formatMs(coldRun?.ttfbMs ?? Number.NaN),
                formatMs(coldRun?.loadMs ?? Number.NaN),
                formatRatio((coldRun?.ttfbMs ?? Number.NaN) / fileTtfb),
                formatRatio((coldRun?.loadMs ?? Number.NaN) / fileLoad),
              ],
            );
            goals.push(
              {
                goal: `${page.path}: warm time to first byte ≤ ${MAX_WARM_RATIO}× the static file`,
                measured: formatRatio(warmTtfb / fileTtfb),
                pass: warmTtfb / fileTtfb <= MAX_WARM_RATIO,
              },
              {
                goal: `${page.path}: warm full load ≤ ${MAX_WARM_RATIO}× the static file`,
                measured: formatRatio(warmLoad / fileLoad),
                pass: warmLoad / fileLoad <= MAX_WARM_RATIO,
              },
            );
            const weight = weights.get(page.path) ?? { bytes: Number.NaN, resources: [] };
            goals.push({
              goal: `${page.path}: page weight ≤ ${formatKb(page.maxWeightBytes)}`,
              measured: `${formatKb(weight.bytes)} (${weight.resources.join(', ')})`,
              pass: weight.bytes <= page.maxWeightBytes,
            });
          }
          return {
            title: 'Pages: time to first byte, full load and weight, in Chromium',
            headers: ['page', 'TTFB p50 (ms)', 'full load p50 (ms)', 'TTFB vs static', 'load vs static'],
            rows,
            goals,
            notes: [
              `Headless Chromium (the browser tests' launcher and flags), a fresh context per navigation (no cache, no cookies); times from the Navigation Timing entry: TTFB = responseStart, full load = loadEventEnd, both from the navigation's start. Warm: median of ${WARM_RUNS} navigations per page, interleaved with the static file, after one unmeasured round.`,
              'Static file: the same HTML and stylesheet bytes the gateway sent, saved to disk and answered by a plain node:http server that reads the file on every request (no compression: on loopback it costs more than it saves).',
              'Cold: the first navigation to a local stack started for it (`npm start` in memory), so the page function, its SDK client and its region cache serve their first request. Locally the function modules are imported when the stack starts; their cold import time is the bundles benchmark.',
              'Weight: every response of one fresh navigation as Chromium received it (headers and body, compressed as the gateway sent it).',
            ],
          };
        } finally {
          await staticServer.close();
        }
      } finally {
        await stack.stop();
      }
    } finally {
      await close();
    }
  },
};
