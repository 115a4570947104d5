import type { Child } from 'hono/jsx';
import type { StaticAsset } from './assets.js';
import { type Language, otherLanguage, type Text } from './language.js';
import { SITE_STYLESHEET_PATH } from './site-css-name.js';

/** One link of the site's main navigation. */
export interface NavItem {
  readonly href: string;
  readonly label: string;
  /** This link is the page shown (`aria-current="page"`). */
  readonly current?: boolean;
}

export interface LayoutProps {
  readonly lang: Language;
  /** The page's own title; the document title is `title — siteName`. */
  readonly title: string;
  readonly siteName: string;
  /** Where the site name links to. */
  readonly homeHref: string;
  readonly nav: readonly NavItem[];
  /** The same page in the other language (see `languageSwitchHref`). */
  readonly switchHref: string;
  /** `<meta name="description">`. @default none */
  readonly description?: string;
  /** Stylesheets after the site's own (a page set's extra rules, such as print). @default none */
  readonly stylesheets?: readonly StaticAsset[];
  /** Scripts (progressive enhancement only), loaded deferred from this origin. @default none */
  readonly scripts?: readonly StaticAsset[];
  readonly children?: Child;
}

const LAYOUT_TEXT = {
  skip: { id: 'Langsung ke isi utama', en: 'Skip to main content' },
  nav: { id: 'Menu utama', en: 'Main menu' },
  switchLabel: { id: 'Ganti bahasa', en: 'Change language' },
  languageName: { id: 'Bahasa Indonesia', en: 'English' },
  regionData: {
    id: 'Data wilayah: kode dan nama wilayah Kemendagri dari',
    en: 'Region data: Kemendagri region codes and names from',
  },
  regionDataBy: {
    id: 'oleh Fityan Nugroho dan kontributor, dengan lisensi',
    en: 'by Fityan Nugroho and contributors, under the',
  },
} as const satisfies Record<string, Text>;

/**
 * The one page layout of every page set: a skip link, a header with the site name, the main
 * navigation and the language switch, the page in `<main>`, and a footer with the attribution the
 * region data's licence (ODbL) asks for. `<html lang>` says which language is shown.
 */
export const Layout = (props: LayoutProps) => {
  const { lang } = props;
  const other = otherLanguage(lang);
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — ${props.siteName}`}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        <link rel="stylesheet" href={SITE_STYLESHEET_PATH} />
        {(props.stylesheets ?? []).map((sheet) => (
          <link rel="stylesheet" href={sheet.path} />
        ))}
        {(props.scripts ?? []).map((script) => (
          <script src={script.path} defer />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {LAYOUT_TEXT.skip[lang]}
        </a>
        <header class="site-header">
          <div class="wrap">
            <a class="site-name" href={props.homeHref}>
              {props.siteName}
            </a>
            <nav class="site-nav" aria-label={LAYOUT_TEXT.nav[lang]}>
              <ul>
                {props.nav.map((item) => (
                  <li>
                    <a href={item.href} aria-current={item.current ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <p class="lang-switch">
              <span class="visually-hidden">{`${LAYOUT_TEXT.switchLabel[lang]}: `}</span>
              <a href={props.switchHref} hreflang={other} lang={other}>
                {LAYOUT_TEXT.languageName[other]}
              </a>
            </p>
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <div class="wrap">{props.children}</div>
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>
              {LAYOUT_TEXT.regionData[lang]}{' '}
              <a href="https://github.com/fityannugroho/idn-area-data">idn-area-data</a>{' '}
              {LAYOUT_TEXT.regionDataBy[lang]}{' '}
              <a href="https://opendatacommons.org/licenses/odbl/1-0/" lang="en">
                Open Database License (ODbL) v1.0
              </a>
              .
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
};
