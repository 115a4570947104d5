import type { Child } from 'hono/jsx';
import { Layout } from '../platform/web/layout.js';
import type { PageContext } from '../platform/web/page-context.js';
import * as messages from './messages.js';
import { text } from './messages.js';

/** The section of the site a page belongs to: its link is marked current in the navigation. */
export type Section = 'home' | 'register' | 'coverage' | 'directory' | 'none';

/** The public site's paths (Indonesian, as the issue names them). */
export const paths = {
  home: '/',
  register: '/daftar',
  coverage: '/cakupan',
  coverageOf: (code: string) => `/cakupan/${encodeURIComponent(code)}`,
  directory: '/kim',
  profile: (id: string) => `/kim/${encodeURIComponent(id)}`,
  status: (id: string) => `/status/${encodeURIComponent(id)}`,
} as const;

export interface PublicLayoutProps {
  readonly page: PageContext;
  readonly title: string;
  readonly section: Section;
  readonly children?: Child;
}

/** The public pages' layout: the shared Layout with the public site's name and navigation. */
export const PublicLayout = ({ page, title, section, children }: PublicLayoutProps) => {
  const t = text(page.lang);
  const nav = (
    [
      ['home', paths.home, messages.nav.home],
      ['register', paths.register, messages.nav.register],
      ['coverage', paths.coverage, messages.nav.coverage],
      ['directory', paths.directory, messages.nav.directory],
    ] as const
  ).map(([name, href, label]) => ({ href, label: t(label), current: name === section }));
  return (
    <Layout
      lang={page.lang}
      title={title}
      siteName={t(messages.site.name)}
      homeHref={paths.home}
      nav={nav}
      switchHref={page.switchHref}
      description={t(messages.site.description)}
    >
      {children}
    </Layout>
  );
};
