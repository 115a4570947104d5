import { describe, expect, it } from 'vitest';
import type { EntryView, RoundView } from '../../../shared/awards/view-schemas.js';
import { ScorePage } from '../../../shared/console/award-page.js';
import type { PageContext } from '../../../shared/platform/web/page-context.js';

const page = (lang: 'id' | 'en'): PageContext => ({
  lang,
  path: '/konsol/penghargaan/r/peserta/e',
  query: {},
  https: true,
  cookies: [],
  switchHref: '/konsol/penghargaan/r/peserta/e?lang=en',
});

const signedIn = {
  principal: { subject: 'u-1', username: 'juri', role: 'ppid', regionCode: '51.02' },
  csrfToken: 'csrf-1',
} as never;

const round = {
  id: '01JROUND0000000000000000000',
  name: 'Penghargaan KIM 2026',
  criteria: [
    { id: 'kegiatan', name: 'Kegiatan', weight: 60, indicator: 'ACTIVITY_REPORTS_IN_PERIOD' },
    { id: 'administrasi', name: 'Administrasi', weight: 40 },
  ],
} as unknown as RoundView;

const entry = {
  id: '01JENTRY0000000000000000000',
  name: 'KIM Maju Bersama',
  villageCode: '51.02.05.2001',
  villageName: 'Kediri',
  scores: [],
  indicators: [
    {
      criterionId: 'kegiatan',
      indicator: 'ACTIVITY_REPORTS_IN_PERIOD',
      value: 7,
      text: '7 laporan kegiatan dalam periode.',
      textEn: '7 activity reports in the period.',
    },
  ],
} as unknown as EntryView;

const render = async (lang: 'id' | 'en') =>
  String(await ScorePage({ page: page(lang), signedIn, round, entry }).toString());

/** The fieldset of one criterion, as rendered. */
const fieldsetOf = (html: string, criterionId: string) => {
  const start = html.indexOf(`data-criterion="${criterionId}"`);
  return html.slice(start, html.indexOf('</fieldset>', start));
};

describe('the juror’s scoring form', () => {
  it('shows the automatic indicator beside the criterion that names one, read-only, in the page’s language', async () => {
    const id = await render('id');
    const kegiatan = fieldsetOf(id, 'kegiatan');
    expect(kegiatan).toContain('data-indicator="ACTIVITY_REPORTS_IN_PERIOD"');
    expect(kegiatan).toContain('Indikator otomatis: </strong>7 laporan kegiatan dalam periode.');
    // Read-only: the indicator is text, no field of the form.
    expect(kegiatan).not.toContain('name="indicator');
    expect(fieldsetOf(await render('en'), 'kegiatan')).toContain(
      'Automatic indicator: </strong>7 activity reports in the period.',
    );
  });

  it('shows nothing for a criterion without an indicator', async () => {
    expect(fieldsetOf(await render('id'), 'administrasi')).not.toContain('data-indicator');
  });
});
