/**
 * The one stylesheet of every page set, served under a content-hashed name (see assets.ts). It is
 * a module rather than a .css file so the pages need no build step and no loader: tsx, vitest and
 * the Lambda bundle all import it as they import code.
 *
 * System fonts only; every colour pair meets WCAG AA (body text 16:1, links and buttons ≥ 7:1,
 * muted text 7:1 on white); focus is a thick yellow-and-black ring that shows on any background;
 * nothing is wider than a 360 px screen.
 */
export const SITE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif;font-size:1rem;line-height:1.5;color:#0b0c0c;background:#fff;overflow-wrap:anywhere}
img,svg{max-width:100%;height:auto}
a{color:#0b4f8a;text-decoration-thickness:1px;text-underline-offset:.15em}
a:visited{color:#4c2c92}
a:hover{color:#052d51;text-decoration-thickness:3px}
:focus-visible{outline:3px solid #ffdd00;outline-offset:0;box-shadow:0 0 0 6px #0b0c0c}
a:focus-visible{background:#ffdd00;color:#0b0c0c;box-shadow:0 -2px #ffdd00,0 4px #0b0c0c;outline:none;text-decoration:none}
.skip-link{position:absolute;left:-9999px;top:0;padding:.5rem 1rem;background:#ffdd00;color:#0b0c0c;z-index:10}
.skip-link:focus{left:0}
.wrap{max-width:60rem;margin:0 auto;padding:0 1rem}
.site-header{background:#0b0c0c;color:#fff;border-bottom:.5rem solid #0b4f8a}
.site-header .wrap{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem 1rem;padding-top:.75rem;padding-bottom:.75rem}
.site-header a,.site-header a:visited{color:#fff}
.site-name{font-weight:700;font-size:1.125rem;text-decoration:none}
.site-nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.site-nav a[aria-current="page"]{text-decoration-thickness:3px}
.lang-switch{font-size:.9375rem;margin:0}
main{display:block;padding:1.5rem 0 3rem}
h1{font-size:1.75rem;line-height:1.2;margin:0 0 1rem}
h2{font-size:1.375rem;line-height:1.25;margin:2rem 0 .75rem}
h3{font-size:1.125rem;margin:1.5rem 0 .5rem}
p,ul,ol,dl{margin:0 0 1rem}
.lead{font-size:1.25rem}
.muted{color:#484949}
.big-number{font-size:2.5rem;font-weight:700;line-height:1.1;margin:0 0 .25rem}
progress{display:block;width:100%;height:1.5rem;margin:.5rem 0 1rem;border:2px solid #0b0c0c;background:#f3f2f1;-webkit-appearance:none;appearance:none}
progress::-webkit-progress-bar{background:#f3f2f1}
progress::-webkit-progress-value{background:#00703c}
progress::-moz-progress-bar{background:#00703c}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:1.5rem 0}
.button,.button:visited{display:inline-block;padding:.625rem 1rem;border:2px solid transparent;border-radius:0;background:#00703c;color:#fff;font:inherit;font-weight:700;text-decoration:none;cursor:pointer;box-shadow:0 2px 0 #002d18}
.button:hover{background:#005a30;color:#fff}
.button.secondary,.button.secondary:visited{background:#f3f2f1;color:#0b0c0c;box-shadow:0 2px 0 #929191}
.button.secondary:hover{background:#dbdad9}
.table-wrap{max-width:100%;overflow-x:auto}
table{width:100%;border-collapse:collapse;margin:0 0 1.5rem;font-size:.9375rem;overflow-wrap:normal}
caption{text-align:left;font-weight:700;padding-bottom:.5rem}
th,td{text-align:left;padding:.5rem .5rem .5rem 0;border-bottom:1px solid #b1b4b6;vertical-align:top}
th.num,td.num{text-align:right;font-variant-numeric:tabular-nums}
td.num{white-space:nowrap}
th:last-child,td:last-child{padding-right:0}
@media (max-width:30rem){table{font-size:.8125rem}th,td{padding-right:.375rem}}
.chart{margin:0 0 1rem}
.chart text{font-size:13px;fill:#0b0c0c}
.chart .bar-track{fill:#f3f2f1;stroke:#6f777b;stroke-width:1}
.chart .bar-covered{fill:#00703c}
.chart .bar-pending{fill:#8f6420}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;font-size:.9375rem}
.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.35em;vertical-align:-.1em;border:1px solid #0b0c0c}
.swatch.covered{background:#00703c}
.swatch.pending{background:#8f6420}
.tag{display:inline-block;padding:0 .4rem;font-size:.8125rem;font-weight:700;letter-spacing:.02em;background:#fcd6a3;color:#4d2c00;text-transform:uppercase}
.tag.verified{background:#cce2d8;color:#005a30}
.tag.rejected{background:#f4cdc6;color:#2a0b06}
.tag.deactivated{background:#e0e0e0;color:#0b0c0c}
.card-list{list-style:none;padding:0;margin:0 0 1.5rem}
.card-list li{border-top:1px solid #b1b4b6;padding:.75rem 0}
.card-list li:last-child{border-bottom:1px solid #b1b4b6}
.card-list h2{font-size:1.125rem;margin:0 0 .25rem}
.card-list p{margin:0}
.summary-list{display:grid;grid-template-columns:minmax(0,1fr);gap:0;margin:0 0 1.5rem}
.summary-list div{border-bottom:1px solid #b1b4b6;padding:.5rem 0}
.summary-list dt{font-weight:700}
.summary-list dd{margin:0}
@media (min-width:40rem){.summary-list div{display:grid;grid-template-columns:14rem minmax(0,1fr);gap:1rem}h1{font-size:2.25rem}}
.pager{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}
.filter{display:flex;flex-wrap:wrap;align-items:end;gap:.5rem 1rem;margin:0 0 1.5rem}
label{display:block;font-weight:700;margin-bottom:.25rem}
.hint{color:#484949;margin:0 0 .25rem}
input,select,textarea{font:inherit;max-width:100%;padding:.375rem .5rem;border:2px solid #0b0c0c;border-radius:0;background:#fff;color:#0b0c0c}
input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #ffdd00;outline-offset:0;box-shadow:inset 0 0 0 2px #0b0c0c}
select{min-height:2.5rem}
fieldset{border:0;margin:0 0 1.5rem;padding:0;min-width:0}
legend{font-weight:700;font-size:1.125rem;margin-bottom:.5rem}
.field{margin:0 0 1.25rem}
.field-error{display:block;color:#b10e1e;font-weight:700;margin:0 0 .25rem}
[aria-invalid="true"]{border-color:#b10e1e}
.field.has-error{border-left:5px solid #b10e1e;padding-left:.75rem}
.error-summary{border:5px solid #b10e1e;padding:1rem;margin:0 0 1.5rem}
.error-summary h2{margin-top:0}
.error-summary a,.error-summary a:visited{color:#b10e1e;font-weight:700}
.notice{border-left:10px solid #0b4f8a;background:#f3f2f1;padding:1rem;margin:0 0 1.5rem}
.warning{border-left:10px solid #b10e1e;background:#fff4f4;padding:1rem;margin:0 0 1.5rem;font-weight:700}
.site-footer{border-top:1px solid #b1b4b6;background:#f3f2f1;padding:1.5rem 0;font-size:.9375rem}
.site-footer p{margin:0 0 .5rem}
.visually-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;clip-path:inset(50%)!important;border:0!important;white-space:nowrap!important}
fieldset.has-error{border-left:5px solid #b10e1e;padding-left:.75rem}
fieldset.row{border-left:4px solid #b1b4b6;padding:0 0 0 .75rem;margin:0 0 1.5rem}
fieldset.row legend{font-size:1rem}
.field input:not([type=checkbox]){width:100%;max-width:30rem}
.field input[size="4"]{max-width:6rem}
.field select{width:100%;max-width:30rem}
.checkbox{display:flex;align-items:flex-start;gap:.5rem;margin:0 0 .5rem}
.checkbox input{width:1.5rem;height:1.5rem;margin:0;flex:none;accent-color:#0b0c0c}
.checkbox label{font-weight:400;margin:0}
.correction-link{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f3f2f1;padding:.75rem;word-break:break-all}
@media print{.site-header,.site-nav,.lang-switch,.skip-link,.actions,.pager,.filter{display:none}body{color:#000}a{color:#000}a[href^="http"]::after{content:" (" attr(href) ")"}main{padding:0}}
`;
