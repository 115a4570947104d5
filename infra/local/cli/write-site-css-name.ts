import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { siteStylesheet } from '../../../shared/platform/web/assets.js';
import { SITE_STYLESHEET_PATH } from '../../../shared/platform/web/site-css-name.js';

/** `npm run site-css-name`: writes the stylesheet's hashed path into site-css-name.ts. */
const file = fileURLToPath(new URL('../../../shared/platform/web/site-css-name.ts', import.meta.url));
if (SITE_STYLESHEET_PATH === siteStylesheet.path) {
  process.stdout.write(`${siteStylesheet.path} is up to date\n`);
} else {
  const source = readFileSync(file, 'utf8').replace(SITE_STYLESHEET_PATH, siteStylesheet.path);
  writeFileSync(file, source);
  process.stdout.write(`${SITE_STYLESHEET_PATH} → ${siteStylesheet.path}\n`);
}
