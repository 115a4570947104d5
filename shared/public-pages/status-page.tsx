import { formatDate } from '../platform/web/format.js';
import type { PageContext } from '../platform/web/page-context.js';
import type { PublicStatus } from '../registrations/public-views.js';
import * as messages from './messages.js';
import { text } from './messages.js';
import { PublicLayout, paths } from './public-layout.js';

/** The status tag of a registration, coloured by status. */
export const StatusTag = ({
  status,
  lang,
}: {
  status: PublicStatus['status'];
  lang: PageContext['lang'];
}) => (
  <span class={`tag ${status.toLowerCase()}`} data-status={status}>
    {messages.statuses[status][lang]}
  </span>
);

/** `/status/{id}`: the KIM's name and village and its public status; no personal data. */
export const StatusPage = ({
  page,
  status,
  districtName,
}: {
  page: PageContext;
  status: PublicStatus;
  districtName?: string;
}) => {
  const t = text(page.lang);
  return (
    <PublicLayout page={page} title={`${t(messages.status.title)}: ${status.name}`} section="none">
      <p class="muted">{t(messages.status.title)}</p>
      <h1>{status.name}</h1>
      <dl class="summary-list">
        <div>
          <dt>{t(messages.status.status)}</dt>
          <dd>
            <StatusTag status={status.status} lang={page.lang} />
          </dd>
        </div>
        {status.reason === undefined ? null : (
          <div>
            <dt>{t(messages.status.reason)}</dt>
            <dd data-testid="status-reason">{status.reason}</dd>
          </div>
        )}
        <div>
          <dt>{t(messages.status.village)}</dt>
          <dd>{districtName ? `${status.villageName}, ${districtName}` : status.villageName}</dd>
        </div>
        <div>
          <dt>{t(messages.status.submittedAt)}</dt>
          <dd>{formatDate(status.submittedAt, page.lang)}</dd>
        </div>
        <div>
          <dt>{t(messages.status.updatedAt)}</dt>
          <dd>{formatDate(status.updatedAt, page.lang)}</dd>
        </div>
      </dl>
      <p>{t(messages.status.explain[status.status])}</p>
      {status.status === 'VERIFIED' ? (
        <p>
          <a href={paths.profile(status.id)}>{t(messages.status.profileLink)}</a>
        </p>
      ) : null}
    </PublicLayout>
  );
};
