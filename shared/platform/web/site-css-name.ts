/**
 * Where the pages link the stylesheet: its content-hashed path, as `siteStylesheet.path` in
 * assets.ts computes it from `SITE_CSS`. Kept as a constant so that every page function links the
 * stylesheet without bundling its text; only the function serving `/assets/{file}` carries it.
 * `npm run site-css-name` rewrites this file after the stylesheet changes, and
 * test/unit/platform/web/site-css-name.test.ts holds it equal to the hash of the CSS.
 */
export const SITE_STYLESHEET_PATH = '/assets/site.d59e9989e123.css';
