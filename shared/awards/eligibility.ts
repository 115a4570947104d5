import { isWithin } from '../platform/region-codes.js';
import type { EntryFacts, IneligibleReason } from './model.js';
import type { ActivityReportCounts, KimCandidate, TermStatus } from './ports.js';
import type { Round } from './round.js';

/** `date` (YYYY-MM-DD) moved back by `months` calendar months; a day the month lacks becomes its last. */
export const monthsBefore = (date: string, months: number): string => {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const index = year * 12 + (month - 1) - months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(targetYear, 4)}-${pad(targetMonth, 2)}-${pad(Math.min(day, lastDay), 2)}`;
};

/** The ports measuring a KIM's facts; each absent one leaves its facts unmeasured. */
export interface FactSources {
  readonly activityReports?: ActivityReportCounts | undefined;
  readonly terms?: TermStatus | undefined;
}

/** Measures the facts of a KIM for an entry of `round` at `now` (see {@link EntryFacts}). */
export const measureEntryFacts = async (
  sources: FactSources,
  round: Pick<Round, 'activityPeriod'>,
  kim: KimCandidate,
  now: Date,
): Promise<EntryFacts> => {
  const [activityReports, skTerm] = await Promise.all([
    sources.activityReports?.summary(kim.id, round.activityPeriod),
    sources.terms?.termAt(kim.id, now),
  ]);
  return {
    measuredAt: now.toISOString(),
    ...(activityReports === undefined ? {} : { activityReports }),
    profileCompleteness: kim.profileCompleteness,
    ...(sources.terms === undefined ? {} : { skTerm: skTerm ?? null }),
  };
};

/** A round rule was evaluated without the fact it needs: the round should have been refused. */
const unmeasured = (fact: string) =>
  new Error(`The round needs ${fact}, which was not measured: its port is not wired`);

/**
 * Why a KIM may not enter a round; empty when it may. VERIFIED and the months since formation
 * read the KIM; the SK term and the activity reports in the period read `facts` (measured with
 * {@link measureEntryFacts}). Rounds needing a fact no port measures are refused at creation, so
 * a missing fact here is a wiring error, never a rule skipped.
 */
export const ineligibilityOf = (round: Round, kim: KimCandidate, facts?: EntryFacts): IneligibleReason[] => {
  const reasons: IneligibleReason[] = [];
  if (!isWithin(round.regionCode, kim.villageCode)) {
    reasons.push({
      code: 'OUTSIDE_REGION',
      message: `KIM ini berada di luar wilayah babak (${round.regionCode}).`,
      messageEn: `The KIM lies outside the round's region (${round.regionCode}).`,
    });
  }
  if (round.eligibility.verified && kim.status !== 'VERIFIED') {
    reasons.push({
      code: 'NOT_VERIFIED',
      message: `KIM belum terverifikasi (status ${kim.status}).`,
      messageEn: `The KIM is not verified (status ${kim.status}).`,
    });
  }
  if (round.eligibility.termNotExpired) {
    if (facts?.skTerm === undefined) throw unmeasured('SK terms');
    if (facts.skTerm === null) {
      reasons.push({
        code: 'NO_SK_TERM',
        message: 'KIM belum mengunggah dokumen SK, sehingga masa baktinya tidak diketahui.',
        messageEn: 'The KIM has not uploaded its SK document, so its term is not known.',
      });
    } else if (facts.skTerm.expired) {
      reasons.push({
        code: 'TERM_EXPIRED',
        message: `Masa bakti SK KIM berakhir ${facts.skTerm.end}.`,
        messageEn: `The KIM's SK term ended on ${facts.skTerm.end}.`,
      });
    }
  }
  const minReports = round.eligibility.minActivityReports;
  if (minReports !== undefined) {
    if (facts?.activityReports === undefined) throw unmeasured('activity reports');
    const { reports } = facts.activityReports;
    const { start, end } = round.activityPeriod;
    if (reports < minReports) {
      reasons.push({
        code: 'TOO_FEW_ACTIVITY_REPORTS',
        message: `KIM memiliki ${reports} laporan kegiatan bertanggal ${start} s.d. ${end}; babak ini mensyaratkan paling sedikit ${minReports}.`,
        messageEn: `The KIM has ${reports} activity reports dated ${start} to ${end}; this round requires at least ${minReports}.`,
      });
    }
  }
  const months = round.eligibility.minMonthsSinceFormation;
  if (months !== undefined) {
    const latest = monthsBefore(round.activityPeriod.start, months);
    if (kim.formedOn > latest) {
      reasons.push({
        code: 'FORMED_TOO_RECENTLY',
        message: `KIM dibentuk ${kim.formedOn}; babak ini mensyaratkan SK paling lambat ${latest} (${months} bulan sebelum periode kegiatan).`,
        messageEn: `The KIM was formed on ${kim.formedOn}; this round requires an SK dated ${latest} or earlier (${months} months before the activity period).`,
      });
    }
  }
  return reasons;
};
