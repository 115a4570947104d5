import { describe, expect, it } from 'vitest';
import type { ActivityReport } from '../../../shared/activity-reports/report.js';
import { ineligibilityOf, measureEntryFacts } from '../../../shared/awards/eligibility.js';
import { indicatorsOf } from '../../../shared/awards/indicators.js';
import type { KimCandidate } from '../../../shared/awards/ports.js';
import { profileCompletenessOf } from '../../../shared/awards/registry-kims.js';
import { registryActivityReports } from '../../../shared/awards/registry-reports.js';
import { type Round, roundInputSchema } from '../../../shared/awards/round.js';
import { awardRoundBody } from '../../fixtures/award-round.js';

const report = (date: string, type: ActivityReport['type'], links: string[]): ActivityReport => ({
  registrationId: 'kim',
  reportId: `${date}-${type}`,
  createdAt: '2026-12-01T00:00:00.000Z',
  photos: [],
  date,
  type,
  title: 'Kegiatan',
  description: 'Uraian.',
  participants: 3,
  links,
});

const roundOf = (overrides: Record<string, unknown> = {}): Round => ({
  ...roundInputSchema().parse(awardRoundBody(overrides)),
  id: 'round',
  regionCode: '51.02',
  status: 'OPEN',
  createdAt: '2026-11-01T00:00:00.000Z',
  createdBy: { role: 'public' },
  version: 1,
});

const kim: KimCandidate = {
  id: 'kim',
  name: 'KIM Dajan Peken',
  villageCode: '51.02.05.2006',
  villageName: 'Dajan Peken',
  districtCode: '51.02.05',
  status: 'VERIFIED',
  formedOn: '2024-01-10',
  profileCompleteness: { filled: 1, total: 3 },
};

describe('the facts an award entry is measured on', () => {
  it('counts the reports dated in the period (inclusive) over every page, their distinct links and PPID partnerships', async () => {
    const all = [
      report('2025-12-31', 'KEMITRAAN_PPID', ['https://a.example/0']),
      report('2026-01-01', 'KEMITRAAN_PPID', ['https://a.example/1']),
      ...Array.from({ length: 150 }, (_, index) =>
        report(`2026-02-${String((index % 28) + 1).padStart(2, '0')}`, 'PRODUKSI_KONTEN', [
          `https://a.example/${index % 5}`,
        ]),
      ),
      report('2026-11-30', 'KEMITRAAN_PPID', []),
      report('2026-12-01', 'LAINNYA', ['https://a.example/late']),
    ];
    const pages: number[] = [];
    const counts = registryActivityReports({
      async list(_id, page) {
        const start = page.cursor === undefined ? 0 : Number(page.cursor);
        pages.push(start);
        const end = start + page.limit;
        return { items: all.slice(start, end), ...(end < all.length ? { nextCursor: String(end) } : {}) };
      },
    });
    expect(await counts.summary('kim', { start: '2026-01-01', end: '2026-11-30' })).toEqual({
      reports: 152,
      informationProductLinks: 5,
      ppidPartnershipReports: 2,
    });
    expect(pages).toEqual([0, 100]);
  });

  it('counts the optional profile parts filled, never their values', () => {
    const officer = { role: 'KETUA' as const, name: 'Made', phone: '+6281234567890' };
    expect(profileCompletenessOf({ officers: [officer], media: [] })).toEqual({ filled: 0, total: 3 });
    expect(
      profileCompletenessOf({
        officers: [{ ...officer, email: 'made@example.org' }],
        media: [
          { type: 'WEBSITE', url: 'https://kim.example' },
          { type: 'INSTAGRAM', url: 'https://instagram.com/kim' },
        ],
      }),
    ).toEqual({ filled: 3, total: 3 });
  });

  it('decides eligibility on the measured facts, and refuses to decide without them', async () => {
    const round = roundOf({ eligibility: { verified: true, termNotExpired: true, minActivityReports: 2 } });
    expect(() => ineligibilityOf(round, kim)).toThrow(/not measured/);
    const facts = await measureEntryFacts(
      {
        activityReports: {
          summary: async () => ({ reports: 1, informationProductLinks: 0, ppidPartnershipReports: 0 }),
        },
        terms: { termAt: async () => ({ end: '2026-10-31', expired: true }) },
      },
      round,
      kim,
      new Date('2026-11-10T00:00:00Z'),
    );
    expect(ineligibilityOf(round, kim, facts).map((reason) => reason.code)).toEqual([
      'TERM_EXPIRED',
      'TOO_FEW_ACTIVITY_REPORTS',
    ]);
    expect(ineligibilityOf(round, { ...kim, villageCode: '51.03.01.2001' }, facts)[0]?.code).toBe(
      'OUTSIDE_REGION',
    );
  });

  it('shows an indicator as not measured rather than as zero on an entry without facts', () => {
    const round = roundOf({
      criteria: [
        { id: 'kegiatan', name: 'Kegiatan', weight: 60, indicator: 'ACTIVITY_REPORTS_IN_PERIOD' },
        { id: 'profil', name: 'Profil', weight: 40, indicator: 'PROFILE_COMPLETENESS' },
      ],
    });
    expect(indicatorsOf(round, undefined).map((indicator) => indicator.value)).toEqual([null, null]);
    const facts = { measuredAt: '2026-11-10T00:00:00.000Z', profileCompleteness: { filled: 2, total: 3 } };
    expect(indicatorsOf(round, facts)).toMatchObject([
      { criterionId: 'kegiatan', value: null },
      { criterionId: 'profil', value: 2, outOf: 3 },
    ]);
  });
});
