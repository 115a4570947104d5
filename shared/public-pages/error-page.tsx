import { pageContext } from '../platform/web/page-context.js';
import type { ErrorPageInput } from '../platform/web/page-handler.js';
import * as messages from './messages.js';
import { text } from './messages.js';
import { PublicLayout, paths } from './public-layout.js';

/** The page a refused or failed request shows: the error's own bilingual message, or a generic 500. */
export const ErrorPage = ({ status, error, lang, event, requestId }: ErrorPageInput) => {
  const t = text(lang);
  const page = { ...pageContext(event), lang };
  const title =
    status === 404
      ? t(messages.errors.notFoundTitle)
      : status < 500
        ? t(messages.errors.badRequestTitle)
        : t(messages.errors.serverTitle);
  const body = error ? (lang === 'id' ? error.message : error.messageEn) : t(messages.errors.serverBody);
  return (
    <PublicLayout page={page} title={title} section="none">
      <h1>{title}</h1>
      <p class="lead">{body}</p>
      {error ? null : (
        <p class="muted">
          {t(messages.errors.requestId)}: <code>{requestId}</code>
        </p>
      )}
      <p>
        <a href={paths.home}>{t(messages.errors.home)}</a>
      </p>
    </PublicLayout>
  );
};
