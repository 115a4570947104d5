import type { Text } from '../platform/web/language.js';
import type { PageContext } from '../platform/web/page-context.js';
import type { Registration } from '../registrations/registration.js';
import * as messages from './messages.js';
import { PublicLayout, paths } from './public-layout.js';

export interface CorrectionClosedPageProps {
  readonly page: PageContext;
  readonly registration: Pick<Registration, 'id' | 'name' | 'status'>;
}

/** The correction link of a registration that is not REJECTED: there is nothing to correct. */
export const CorrectionClosedPage = ({ page, registration }: CorrectionClosedPageProps) => {
  const t = (entry: Text) => entry[page.lang];
  return (
    <PublicLayout page={page} title={t(messages.correction.notRejectedTitle)} section="none">
      <h1>{t(messages.correction.notRejectedTitle)}</h1>
      <p class="lead">
        {t(messages.correction.notRejected)}{' '}
        <span class={`tag ${registration.status.toLowerCase()}`}>
          {t(messages.statuses[registration.status])}
        </span>
      </p>
      <p>{registration.name}</p>
      <p>
        <a href={paths.status(registration.id)}>{t(messages.correction.statusLink)}</a>
      </p>
    </PublicLayout>
  );
};
