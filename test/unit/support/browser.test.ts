import { describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS, findChromium, NO_BROWSER_MESSAGE } from '../../support/browser.js';

describe('findChromium', () => {
  it('uses CHROMIUM_PATH when it names a file', async () => {
    expect(await findChromium({ CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
  });

  it('fails with one line saying what to install when CHROMIUM_PATH names nothing', async () => {
    const error = (await findChromium({ CHROMIUM_PATH: '/nonexistent/chromium' }).catch((e) => e)) as Error;
    expect(error.message).toContain(NO_BROWSER_MESSAGE);
    expect(error.message).not.toContain('\n');
    expect(NO_BROWSER_MESSAGE).toMatch(/apt-get install chromium/);
  });

  it('keeps the browser off the network', () => {
    for (const flag of ['--disable-background-networking', '--disable-component-update', '--disable-sync']) {
      expect(CHROMIUM_FLAGS).toContain(flag);
    }
  });
});
