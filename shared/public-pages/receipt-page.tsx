import type { Text } from '../platform/web/language.js';
import type { PageContext } from '../platform/web/page-context.js';
import type { RegistrationStatusView } from '../registrations/schema.js';
import * as messages from './messages.js';
import { PublicLayout, paths } from './public-layout.js';

export interface ReceiptPageProps {
  readonly page: PageContext;
  readonly registration: RegistrationStatusView;
  /**
   * The correction link with the edit token, while the browser that registered still holds it
   * (see `receiptCookie`); undefined afterwards.
   */
  readonly correctionUrl: string | undefined;
}

/**
 * The receipt of a registration: its number and status, the link to follow it, and, this once,
 * the correction link that carries the edit token, with a clear warning to keep it.
 */
export const ReceiptPage = ({ page, registration, correctionUrl }: ReceiptPageProps) => {
  const t = (entry: Text) => entry[page.lang];
  return (
    <PublicLayout page={page} title={t(messages.receipt.title)} section="register">
      <h1>{t(messages.receipt.title)}</h1>
      <p class="lead">{t(messages.receipt.lead)}</p>
      <dl class="summary-list">
        <div>
          <dt>{t(messages.receipt.id)}</dt>
          <dd>
            <code>{registration.id}</code>
          </dd>
        </div>
        <div>
          <dt>{t(messages.receipt.kimName)}</dt>
          <dd>{registration.name}</dd>
        </div>
        <div>
          <dt>{t(messages.receipt.village)}</dt>
          <dd>{registration.villageName}</dd>
        </div>
        <div>
          <dt>{t(messages.receipt.status)}</dt>
          <dd>
            <span class={`tag ${registration.status.toLowerCase()}`}>
              {t(messages.statuses[registration.status])}
            </span>
          </dd>
        </div>
      </dl>
      <p>
        <a href={paths.status(registration.id)}>{t(messages.receipt.statusLink)}</a>
      </p>
      <h2>{t(messages.receipt.correctionHeading)}</h2>
      {correctionUrl === undefined ? (
        <p class="notice">{t(messages.receipt.correctionGone)}</p>
      ) : (
        <>
          <p class="warning">{t(messages.receipt.correctionWarning)}</p>
          <p>{t(messages.receipt.correctionUse)}</p>
          <p class="correction-link">
            <a href={correctionUrl} rel="noreferrer">
              {correctionUrl}
            </a>
          </p>
          {/* While the receipt cookie lives, it also opens the workspace: the SK can go up now. */}
          <h2>{t(messages.receipt.skHeading)}</h2>
          <p>{t(messages.receipt.skLead)}</p>
          <p>
            <a class="button" href={`${paths.register}/${encodeURIComponent(registration.id)}/kelola`}>
              {t(messages.receipt.skButton)}
            </a>
          </p>
        </>
      )}
    </PublicLayout>
  );
};
