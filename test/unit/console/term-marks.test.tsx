import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../../shared/auth/principal.js';
import { QueuePage } from '../../../shared/console/queue-page.js';
import { RegistrationPage } from '../../../shared/console/registration-page.js';
import type { CurrentTerm } from '../../../shared/documents/current-term.js';
import { termStatusesOf, termStatusOf } from '../../../shared/documents/term-expiry.js';
import { pageContext } from '../../../shared/platform/web/page-context.js';
import { renderDocument } from '../../../shared/platform/web/response.js';
import { toAdminView } from '../../../shared/registrations/registration.js';
import { adminClaims } from '../../fixtures/admin-event.js';
import { apiEvent } from '../../fixtures/api-event.js';
import { fixtureRegistration } from '../../fixtures/registration.js';

const ENDED = '01K0CONSOLETERM00000000001';
const RUNNING = '01K0CONSOLETERM00000000002';

const terms = {
  get: async (id: string): Promise<CurrentTerm | undefined> =>
    id === ENDED || id === RUNNING
      ? {
          registrationId: id,
          versionId: `${id}V`,
          term:
            id === ENDED
              ? { start: '2023-01-01', end: '2026-03-31' }
              : { start: '2026-01-01', end: '2029-12-31' },
          villageCode: '51.02.05.2006',
          districtCode: '51.02.05',
          regencyCode: '51.02',
        }
      : undefined,
};
// 2026-03-31 16:00 UTC is midnight in WITA: the first day after the ended term's last day.
const now = new Date('2026-03-31T16:00:00Z');
const page = pageContext(apiEvent({ path: '/konsol' }));
const signedIn = { principal: principalFromClaims(adminClaims(), '51.02'), csrfToken: 'csrf' };

describe('the console marks an expired SK', () => {
  it('in the queue, on the row of the KIM whose term ended, and on no other', async () => {
    const items = [ENDED, RUNNING, '01K0CONSOLETERM00000000003'].map((id) => {
      const r = fixtureRegistration(id);
      return { ...r, id };
    });
    const html = await renderDocument(
      QueuePage({
        page,
        signedIn,
        filter: { region: undefined, status: 'ALL', search: '', cursor: undefined },
        result: { items, nextCursor: null },
        regions: {
          own: { code: '51.02', name: 'Kabupaten Tabanan', level: 'regency', villageCount: 133 },
          children: [],
        },
        terms: await termStatusesOf(
          { terms },
          items.map((item) => item.id),
          now,
        ),
      }),
    );
    const row = (id: string) => {
      const start = html.indexOf(`data-id="${id}"`);
      return html.slice(start, html.indexOf('</tr>', start));
    };
    expect(row(ENDED)).toContain('SK kedaluwarsa');
    expect(row(RUNNING)).not.toContain('SK kedaluwarsa');
    expect(row('01K0CONSOLETERM00000000003')).not.toContain('SK kedaluwarsa');
  });

  it('on the registration page, with the term, from the day after its last day', async () => {
    const render = async (at: Date) =>
      renderDocument(
        RegistrationPage({
          page,
          signedIn,
          registration: toAdminView(fixtureRegistration(ENDED, { status: 'VERIFIED' })),
          history: [],
          sameVillage: [],
          skDocuments: [],
          reports: { items: [], count: 0 },
          term: await termStatusOf({ terms }, ENDED, at),
        }),
      );
    const lastDay = await render(new Date('2026-03-31T15:59:59Z'));
    expect(lastDay).toContain('data-testid="term"');
    expect(lastDay).not.toContain('SK kedaluwarsa');
    expect(await render(now)).toContain('SK kedaluwarsa');
  });
});
