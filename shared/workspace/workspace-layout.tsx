import type { Child } from 'hono/jsx';
import type { StaticAsset } from '../platform/web/assets.js';
import { CSRF_FIELD } from '../platform/web/csrf.js';
import { Layout } from '../platform/web/layout.js';
import type { PageContext } from '../platform/web/page-context.js';
import { awardMessages } from './award-messages.js';
import { messages, text } from './messages.js';
import { reportMessages } from './report-messages.js';

/** The workspace's paths. Pages added later (reports, profile) go under `/kelola/` too. */
export const workspacePaths = {
  home: '/kelola',
  sk: '/kelola/sk',
  profile: '/kelola/profil',
  skAnnounce: '/kelola/sk/unggahan',
  signOut: '/kelola/keluar',
  signedOut: '/kelola/keluar/selesai',
  signInLink: (id: string) => `/kelola/masuk/${encodeURIComponent(id)}`,
  asset: (file: string) => `/kelola/aset/${file}`,
  publicProfile: (id: string) => `/kim/${encodeURIComponent(id)}`,
  status: (id: string) => `/status/${encodeURIComponent(id)}`,
} as const;

/**
 * One entry of the workspace navigation. The built-in ones are `home` and `sk`; a page added
 * later passes its own entry in `extraNav` (or the table below grows) without touching the pages.
 */
export interface WorkspaceNavEntry {
  readonly section: string;
  readonly href: string;
  readonly label: { readonly id: string; readonly en: string };
}

/** The navigation of a signed-in KIM, in order. New workspace pages add their entry here. */
export const WORKSPACE_NAV: readonly WorkspaceNavEntry[] = [
  { section: 'home', href: workspacePaths.home, label: messages.nav.home },
  { section: 'sk', href: workspacePaths.sk, label: messages.nav.sk },
  { section: 'profile', href: workspacePaths.profile, label: messages.nav.profile },
  { section: 'laporan', href: '/kelola/laporan', label: reportMessages.nav },
  { section: 'penghargaan', href: '/kelola/penghargaan', label: awardMessages.nav },
];

/** Who is signed in: the KIM's name and the token of its forms. */
export interface SignedInKim {
  readonly kimName: string;
  readonly csrfToken: string;
}

export interface WorkspaceLayoutProps {
  readonly page: PageContext;
  readonly title: string;
  /** The navigation entry marked current; `none` for pages without a session. */
  readonly section: string;
  readonly signedIn?: SignedInKim | undefined;
  readonly scripts?: readonly StaticAsset[];
  readonly children?: Child;
}

/** The workspace's layout: the shared Layout with the workspace's name, navigation and sign-out. */
export const WorkspaceLayout = ({
  page,
  title,
  section,
  signedIn,
  scripts,
  children,
}: WorkspaceLayoutProps) => {
  const t = text(page.lang);
  const nav = signedIn
    ? WORKSPACE_NAV.map((entry) => ({
        href: entry.href,
        label: t(entry.label),
        current: entry.section === section,
      }))
    : [];
  return (
    <Layout
      lang={page.lang}
      title={title}
      siteName={t(messages.site.name)}
      homeHref={workspacePaths.home}
      nav={nav}
      switchHref={page.switchHref}
      scripts={scripts ?? []}
    >
      {signedIn ? (
        <div class="actions" data-testid="signed-in">
          <p>
            {`${t(messages.nav.signedInAs)} `}
            <strong>{signedIn.kimName}</strong>
          </p>
          <form method="post" action={workspacePaths.signOut}>
            <input type="hidden" name={CSRF_FIELD} value={signedIn.csrfToken} />
            <button type="submit" class="button secondary">
              {t(messages.nav.signOut)}
            </button>
          </form>
        </div>
      ) : null}
      {children}
    </Layout>
  );
};
