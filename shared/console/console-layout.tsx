import type { Child } from 'hono/jsx';
import type { Principal } from '../auth/principal.js';
import { CSRF_FIELD } from '../platform/web/csrf.js';
import { Layout } from '../platform/web/layout.js';
import type { PageContext } from '../platform/web/page-context.js';
import { consoleStylesheet } from './console-css.js';
import { messages, text } from './messages.js';
import { consolePaths } from './sign-in.js';

/** The section a console page belongs to: its link is marked current. */
export type ConsoleSection = 'queue' | 'exports' | 'awards' | 'admin' | 'none';

/** Who is signed in and the token of their forms; absent on the pages shown without a session. */
export interface SignedIn {
  readonly principal: Principal;
  readonly csrfToken: string;
}

export interface ConsoleLayoutProps {
  readonly page: PageContext;
  readonly title: string;
  readonly section: ConsoleSection;
  readonly signedIn?: SignedIn | undefined;
  readonly children?: Child;
}

/** The console's layout: the shared Layout with the console's name, navigation and sign-out. */
export const ConsoleLayout = ({ page, title, section, signedIn, children }: ConsoleLayoutProps) => {
  const t = text(page.lang);
  const nav = signedIn
    ? (
        [
          ['queue', consolePaths.queue, messages.nav.queue],
          ['exports', consolePaths.exports, messages.nav.exports],
          ['awards', consolePaths.awards, messages.nav.awards],
          ...(signedIn.principal.role === 'admin'
            ? ([['admin', consolePaths.admin, messages.nav.admin]] as const)
            : []),
        ] as const
      ).map(([name, href, label]) => ({ href, label: t(label), current: name === section }))
    : [];
  return (
    <Layout
      lang={page.lang}
      title={title}
      siteName={t(messages.site.name)}
      homeHref={consolePaths.queue}
      nav={nav}
      switchHref={page.switchHref}
      stylesheets={[consoleStylesheet]}
    >
      {signedIn ? (
        <div class="console-bar">
          <p data-testid="signed-in">
            {`${t(messages.nav.signedInAs)} `}
            <strong>{signedIn.principal.username}</strong>
            {` (${t(messages.roles[signedIn.principal.role])}, ${signedIn.principal.regionCode})`}
          </p>
          <form method="post" action={consolePaths.signOut}>
            <input type="hidden" name={CSRF_FIELD} value={signedIn.csrfToken} />
            <button type="submit">{t(messages.nav.signOut)}</button>
          </form>
        </div>
      ) : null}
      {children}
    </Layout>
  );
};
