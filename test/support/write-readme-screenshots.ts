/**
 * `npm run docs:screenshots`: starts the local stack in memory, registers KIM in a few dozen
 * Tabanan villages through the API, verifies most of them through the admin API, and photographs
 * the registration form (360 px, a phone) and the coverage dashboard (1280 px) into docs/images/,
 * the pictures the README shows. Every page, at both widths, is photographed by the browser tests
 * into the git-ignored .local/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CoverageView } from '../../shared/village-coverage/coverage.js';
import { registrationBody } from '../fixtures/registration-body.js';
import { claimsFor, signFor } from './admin-tokens.js';
import { launchBrowser } from './browser.js';
import { startLocalStackProcess } from './local-stack.js';

const IMAGES = fileURLToPath(new URL('../../docs/images/', import.meta.url));

/** How many villages of each district register, and how many of those are verified. */
const REGISTERED_PER_DISTRICT = [9, 4, 12, 6, 10, 3, 8, 5, 11, 7];
const VERIFIED_SHARE = 0.75;

const stack = await startLocalStackProcess();
const { newPage, close } = await launchBrowser();
try {
  const token = await signFor(stack, claimsFor(stack, 'admin'));
  const call = async (method: string, path: string, body?: unknown, auth = false) => {
    const response = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(auth ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };

  const regency = (await call('GET', '/regions/51.02')) as { children: Array<{ code: string }> };
  let expectedVerified = 0;
  for (const [index, district] of regency.children.entries()) {
    const villages = (await call('GET', `/regions/${district.code}`)) as {
      children: Array<{ code: string; name: string }>;
    };
    const registering = villages.children.slice(0, REGISTERED_PER_DISTRICT[index] ?? 0);
    for (const [position, village] of registering.entries()) {
      const body = registrationBody();
      const created = await call('POST', '/registrations', {
        ...body,
        name: `KIM ${village.name}`,
        villageCode: village.code,
        sk: { ...body.sk, number: `141/${position + 1}/${village.code.slice(-4)}/2025` },
      });
      if (position < Math.round(registering.length * VERIFIED_SHARE)) {
        await call('POST', `/admin/registrations/${String(created.id)}/verify`, {}, true);
        expectedVerified++;
      }
    }
  }
  // The counters follow the pipeline within seconds; photograph the dashboard once they have.
  for (const started = Date.now(); ; ) {
    const coverage = (await call('GET', '/coverage/51.02')) as unknown as CoverageView;
    if (coverage.kim.verified === expectedVerified) break;
    if (Date.now() - started > 60_000) throw new Error('the coverage counters did not settle within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  mkdirSync(IMAGES, { recursive: true });
  const shots = [
    { path: '/daftar', file: 'daftar-360.png', width: 360, height: 1100 },
    { path: '/cakupan', file: 'cakupan-1280.png', width: 1280, height: 1000 },
  ];
  for (const shot of shots) {
    const { context, page } = await newPage({ width: shot.width, height: shot.height });
    await page.goto(`${stack.baseUrl}${shot.path}`);
    await page.screenshot({ path: `${IMAGES}${shot.file}` });
    await context.close();
  }
  process.stdout.write(`Wrote ${shots.map((shot) => `docs/images/${shot.file}`).join(', ')}\n`);
} finally {
  await close();
  await stack.stop();
}
