import type { Text } from '../platform/web/language.js';
import type { PageContext } from '../platform/web/page-context.js';
import { pageContext } from '../platform/web/page-context.js';
import type { ErrorPageInput } from '../platform/web/page-handler.js';
import { ConsoleLayout } from './console-layout.js';
import { messages, text } from './messages.js';
import { consolePaths } from './sign-in.js';

/** A page that only says what happened to the sign-in, and offers to sign in again. */
const SignInNotice = (props: { readonly page: PageContext; readonly title: Text; readonly body: Text }) => {
  const t = text(props.page.lang);
  return (
    <ConsoleLayout page={props.page} title={t(props.title)} section="none">
      <h1>{t(props.title)}</h1>
      <p class="lead">{t(props.body)}</p>
      <p>
        <a class="button" href={consolePaths.signIn}>
          {t(messages.signIn.signInAgain)}
        </a>
      </p>
    </ConsoleLayout>
  );
};

/** After sign-out: nothing private, a way back in. */
export const SignedOutPage = ({ page }: { readonly page: PageContext }) => (
  <SignInNotice page={page} title={messages.signIn.signedOutTitle} body={messages.signIn.signedOutBody} />
);

/** A sign-in that came back without a valid state, code or token. */
export const SignInFailedPage = ({ page }: { readonly page: PageContext }) => (
  <SignInNotice page={page} title={messages.signIn.failedTitle} body={messages.signIn.failedBody} />
);

/** A refused or failed console request: the error's own bilingual message, or a generic 500. */
export const ConsoleErrorPage = ({ status, error, lang, event, requestId }: ErrorPageInput) => {
  const t = text(lang);
  const page = { ...pageContext(event), lang };
  const title =
    status === 404
      ? t(messages.errors.notFoundTitle)
      : status < 500
        ? t(messages.errors.refusedTitle)
        : t(messages.errors.serverTitle);
  return (
    <ConsoleLayout page={page} title={title} section="none">
      <h1>{title}</h1>
      <p class="lead">
        {error ? (lang === 'id' ? error.message : error.messageEn) : t(messages.errors.serverBody)}
      </p>
      {error ? null : (
        <p class="muted">
          {t(messages.errors.requestId)}: <code>{requestId}</code>
        </p>
      )}
      <p>
        <a href={consolePaths.queue}>{t(messages.errors.home)}</a>
      </p>
    </ConsoleLayout>
  );
};
