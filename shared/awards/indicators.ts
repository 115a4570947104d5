import type { EntryFacts } from './model.js';
import type { IndicatorCode, Round } from './round.js';

/** An automatic indicator of one entry, as shown to the jurors next to its criterion. */
export interface IndicatorValue {
  readonly criterionId: string;
  readonly indicator: IndicatorCode;
  /** The number (reports, links, parts filled, 1 for a valid SK and 0 otherwise); null when not measured. */
  readonly value: number | null;
  /** What `value` is out of, when it is a part of a whole (profile completeness, the SK). */
  readonly outOf?: number;
  readonly text: string;
  readonly textEn: string;
}

const notMeasured = {
  value: null,
  text: 'Tidak diukur saat peserta didaftarkan.',
  textEn: 'Not measured when the entry was recorded.',
} as const;

const indicatorValueOf = (
  code: IndicatorCode,
  facts: EntryFacts | undefined,
  period: Round['activityPeriod'],
): Omit<IndicatorValue, 'criterionId' | 'indicator'> => {
  const span = `${period.start} s.d. ${period.end}`;
  const spanEn = `${period.start} to ${period.end}`;
  const reports = facts?.activityReports;
  switch (code) {
    case 'ACTIVITY_REPORTS_IN_PERIOD':
      return reports === undefined
        ? notMeasured
        : {
            value: reports.reports,
            text: `${reports.reports} laporan kegiatan bertanggal ${span}.`,
            textEn: `${reports.reports} activity reports dated ${spanEn}.`,
          };
    case 'INFORMATION_PRODUCT_LINKS':
      return reports === undefined
        ? notMeasured
        : {
            value: reports.informationProductLinks,
            text: `${reports.informationProductLinks} tautan produk informasi berbeda dalam laporan kegiatan ${span}.`,
            textEn: `${reports.informationProductLinks} distinct information-product links in the activity reports dated ${spanEn}.`,
          };
    case 'PPID_PARTNERSHIP_REPORTS':
      return reports === undefined
        ? notMeasured
        : {
            value: reports.ppidPartnershipReports,
            text: `${reports.ppidPartnershipReports} laporan kegiatan jenis kemitraan dengan PPID bertanggal ${span}.`,
            textEn: `${reports.ppidPartnershipReports} activity reports of type partnership with the PPID dated ${spanEn}.`,
          };
    case 'PROFILE_COMPLETENESS': {
      if (facts === undefined) return notMeasured;
      const { filled, total } = facts.profileCompleteness;
      return {
        value: filled,
        outOf: total,
        text: `${filled} dari ${total} bagian profil pilihan terisi (email semua pengurus, situs web, media sosial).`,
        textEn: `${filled} of ${total} optional profile parts filled (every officer's email, a website, social media).`,
      };
    }
    case 'SK_VALID': {
      const term = facts?.skTerm;
      if (term === undefined) return notMeasured;
      if (term === null) {
        return {
          value: 0,
          outOf: 1,
          text: 'Dokumen SK belum diunggah.',
          textEn: 'No SK document uploaded.',
        };
      }
      return term.expired
        ? {
            value: 0,
            outOf: 1,
            text: `SK diunggah; masa baktinya berakhir ${term.end}.`,
            textEn: `SK uploaded; its term ended on ${term.end}.`,
          }
        : {
            value: 1,
            outOf: 1,
            text: `SK diunggah dan berlaku sampai ${term.end}.`,
            textEn: `SK uploaded and valid until ${term.end}.`,
          };
    }
  }
};

/**
 * The automatic indicators of an entry, one per criterion of the round that names one, in rubric
 * order: read from the facts measured when the entry was recorded.
 */
export const indicatorsOf = (
  round: Pick<Round, 'criteria' | 'activityPeriod'>,
  facts: EntryFacts | undefined,
): IndicatorValue[] =>
  round.criteria.flatMap((criterion) =>
    criterion.indicator === undefined
      ? []
      : [
          {
            criterionId: criterion.id,
            indicator: criterion.indicator,
            ...indicatorValueOf(criterion.indicator, facts, round.activityPeriod),
          },
        ],
  );
