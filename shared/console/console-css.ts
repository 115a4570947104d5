import { hashedAsset, type StaticAsset } from '../platform/web/assets.js';

/** Where the console's own assets are served: `GET /konsol/aset/{file}`. */
export const CONSOLE_ASSET_PREFIX = '/konsol/aset/';

/**
 * The console's rules on top of the site stylesheet: the signed-in bar, the action forms (every
 * form button of the page gets the same size and font, not the browser's default), and a
 * print stylesheet for the queue, the registration and the coverage table (no navigation, forms or
 * filters on paper; links printed plainly; table rows kept whole across pages).
 */
export const CONSOLE_CSS = `
.console-bar{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;margin:0 0 1rem;padding:.5rem 0;border-bottom:1px solid #d0d7de}
.console-bar form{margin:0}
.console-bar button{font:inherit;padding:.25rem .75rem;cursor:pointer}
.console-actions{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));margin:1rem 0}
.console-actions form{border:1px solid #d0d7de;border-radius:.25rem;padding:1rem}
.console-actions textarea{width:100%;min-height:6rem}
main form button{font:inherit;padding:.5rem 1rem;cursor:pointer}
.filter-row{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end}
.filter-row .field{margin:0}
.tag.expired{background:#f4cdc6;color:#2a0b06;margin-left:.25rem}
@media print{
  .site-header,.site-footer,.skip-link,.console-bar,.console-actions,.filter,.pager,.no-print{display:none!important}
  body{font-size:10pt;color:#000;background:#fff}
  a,a:visited{color:#000;text-decoration:none}
  .table-wrap{overflow:visible}
  table{width:100%;border-collapse:collapse}
  th,td{border:1px solid #000;padding:2pt 4pt}
  tr,dl>div{break-inside:avoid}
  thead{display:table-header-group}
}
`;

const hashed = hashedAsset('console', 'css', 'text/css; charset=utf-8', CONSOLE_CSS);

/**
 * The console stylesheet, under a name that changes with its content, served under the console's
 * own prefix (the public `/assets/{file}` route belongs to the public pages' function).
 */
export const consoleStylesheet: StaticAsset = { ...hashed, path: `${CONSOLE_ASSET_PREFIX}${hashed.file}` };
