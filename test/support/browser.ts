import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { repositoryRoot } from './local-stack.js';

/** Debian's package (`apt-get install chromium`): what `.ci/run` installs where it is missing. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags that keep the browser off the network: no background requests, no component or safe
 * browsing updates, no sync, no QUIC; the pages under test are on 127.0.0.1.
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--metrics-recording-only',
  '--no-default-browser-check',
] as const;

/** One line saying what to install: the run fails with it rather than skipping the browser tests. */
export const NO_BROWSER_MESSAGE =
  "No Chromium found for the browser tests: install Debian's chromium (apt-get install chromium), set CHROMIUM_PATH to a Chromium binary, or run npm install so @sparticuz/chromium is present.";

/**
 * The Chromium to drive: `CHROMIUM_PATH`, else `/usr/bin/chromium`, else the one shipped in the
 * npm package `@sparticuz/chromium` (unpacked on first use). Throws NO_BROWSER_MESSAGE when none exists.
 */
export const findChromium = async (env: NodeJS.ProcessEnv = process.env): Promise<string> => {
  const configured = env.CHROMIUM_PATH;
  if (configured !== undefined && configured !== '') {
    if (existsSync(configured)) return configured;
    throw new Error(`CHROMIUM_PATH=${configured} does not exist. ${NO_BROWSER_MESSAGE}`);
  }
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    const path = await packaged.executablePath();
    if (path && existsSync(path)) return path;
  } catch {
    // Not installed, or it cannot unpack here: fall through to the one-line message.
  }
  throw new Error(NO_BROWSER_MESSAGE);
};

export interface TestBrowser {
  readonly browser: Browser;
  /**
   * A fresh context (cookies, storage) with one page. `bypassCSP` lets a test inject axe-core, or
   * prove that escaping alone (not the CSP) keeps markup inert. @default viewport 1280×800
   */
  newPage(options?: {
    readonly width?: number;
    readonly height?: number;
    readonly javaScriptEnabled?: boolean;
    readonly bypassCSP?: boolean;
  }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium. Playwright gives every launch a fresh temporary user-data-dir of
 * its own and removes it on close, so no profile, cache or cookie survives a run.
 */
export const launchBrowser = async (): Promise<TestBrowser> => {
  const executablePath = await findChromium();
  const browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_FLAGS] });
  return {
    browser,
    newPage: async (options = {}) => {
      const context = await browser.newContext({
        viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
        javaScriptEnabled: options.javaScriptEnabled ?? true,
        bypassCSP: options.bypassCSP ?? false,
        locale: 'id-ID',
      });
      return { context, page: await context.newPage() };
    },
    close: () => browser.close(),
  };
};

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One axe-core violation, as much of it as a failing assertion needs to show. */
export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: readonly string[];
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * Runs axe-core (WCAG 2.0–2.2 A and AA rules and best practices) on the page and answers its
 * serious and critical violations. The page's context must bypass the CSP: axe is injected inline.
 */
export const seriousAxeViolations = async (page: Page): Promise<AxeViolation[]> => {
  await page.addScriptTag({ content: axeSource });
  // A string, so this file needs no DOM types: it runs in the page, where `axe` and `document` exist.
  const violations = (await page.evaluate(`(async () => {
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} },
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    }));
  })()`)) as AxeViolation[];
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
};

/** How far the page scrolls sideways: 0 when nothing is wider than the viewport. */
export const sidewaysOverflow = (page: Page): Promise<number> =>
  page.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  ) as Promise<number>;

/** Where screenshots go: git-ignored, for people to look at. */
export const SCREENSHOT_DIR = join(repositoryRoot, '.local', 'screenshots');

/** Saves a full-page screenshot as `.local/screenshots/<name>-<width>.png` and answers the path. */
export const screenshot = async (page: Page, name: string): Promise<string> => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  const path = join(SCREENSHOT_DIR, `${name}-${width}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
};

/** The headers every page must send (issue: security headers on every page). */
export const REQUIRED_SECURITY_HEADERS = [
  'content-security-policy',
  'x-content-type-options',
  'referrer-policy',
] as const;
