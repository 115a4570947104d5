import type { IneligibleReason } from './model.js';
import type { KimCandidate } from './ports.js';
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

/**
 * Why a KIM may not enter a round, by the rules the registry can evaluate today (VERIFIED, formed
 * at least M months before the activity period starts); empty when it may. The rules that need
 * activity reports or SK terms never reach here: rounds using them are refused at creation.
 */
export const ineligibilityOf = (round: Round, kim: KimCandidate): IneligibleReason[] => {
  const reasons: IneligibleReason[] = [];
  if (round.eligibility.verified && kim.status !== 'VERIFIED') {
    reasons.push({
      code: 'NOT_VERIFIED',
      message: `KIM belum terverifikasi (status ${kim.status}).`,
      messageEn: `The KIM is not verified (status ${kim.status}).`,
    });
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
