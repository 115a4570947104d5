import type { MissingScoreRule, TieBreakRule } from './round.js';

/**
 * The ranking of a round: a pure function of the rubric, the entries and the stored scores.
 *
 * Why exact arithmetic: a criterion's mean over three jurors is a third of an integer, and the
 * weighted total adds such means. In binary floating point 1/3 + 1/3 + 1/3 need not equal 1, so
 * two entries with the same total on paper could be ordered by rounding noise, and a tie-break
 * rule would be applied, or skipped, for no reason the results could state. Every mean and total
 * here is a fraction of two BigInts, compared by cross-multiplication: equal totals are equal
 * exactly when they are equal on paper, and a tie is broken only by a rule the round names.
 */

/** A non-negative fraction in lowest terms. */
export interface Fraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};

export const fraction = (numerator: bigint, denominator: bigint): Fraction => {
  if (denominator <= 0n) throw new RangeError('A fraction needs a positive denominator');
  const divisor = gcd(numerator, denominator) || 1n;
  return { numerator: numerator / divisor, denominator: denominator / divisor };
};

export const addFractions = (a: Fraction, b: Fraction): Fraction =>
  fraction(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator);

/** Negative, zero or positive as `a` is below, equal to or above `b`. */
export const compareFractions = (a: Fraction, b: Fraction): number => {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
};

/** The fraction rounded half up to `digits` decimals, for people; comparisons never use it. */
export const toDecimal = (value: Fraction, digits = 2): string => {
  const scale = 10n ** BigInt(digits);
  const scaled = (value.numerator * scale * 2n + value.denominator) / (value.denominator * 2n);
  const whole = scaled / scale;
  const rest = (scaled % scale).toString().padStart(digits, '0');
  return digits === 0 ? whole.toString() : `${whole}.${rest}`;
};

/** What the ranking needs of a round. */
export interface RankingRubric {
  /** In rubric order. */
  readonly criteria: ReadonlyArray<{ readonly id: string; readonly weight: number }>;
  readonly missingScoreRule: MissingScoreRule;
  readonly tieBreak: readonly TieBreakRule[];
}

/** What the ranking needs of an eligible entry. */
export interface RankingEntry {
  readonly id: string;
  /** When the entry was recorded, ISO 8601 (for `EARLIER_ENTRY`). */
  readonly enteredAt: string;
  /** Activity reports in the round's period; required by `MORE_ACTIVITY_REPORTS`. */
  readonly activityReports?: number;
  /** The jurors expected to score it: those assigned to the round without a conflict with it. */
  readonly jurors: readonly string[];
}

/** One juror's score of one entry on one criterion (an integer 0–100). */
export interface RankingScore {
  readonly entryId: string;
  readonly jurorId: string;
  readonly criterionId: string;
  readonly score: number;
}

export interface CriterionResult {
  readonly criterionId: string;
  readonly weight: number;
  /** Scores counted: those of the entry's expected jurors. */
  readonly scoreCount: number;
  readonly scoreSum: number;
  /** scoreSum / scoreCount; absent when nobody scored it. */
  readonly mean?: Fraction;
}

/**
 * - `COMPLETE`: every expected juror scored every weighted criterion;
 * - `INCOMPLETE`: some did not; ranked on the mean of those who did (round rule `MEAN_OF_SCORED`);
 * - `UNRANKED`: some did not and the round requires all scores, or a weighted criterion has no
 *   score at all, or the entry has no juror to score it.
 */
export type EntryStanding = 'COMPLETE' | 'INCOMPLETE' | 'UNRANKED';

export interface RankedEntry {
  readonly entryId: string;
  /** Competition ranking (1, 2, 2, 4): one more than the number of entries strictly ahead; null when unranked. */
  readonly rank: number | null;
  readonly standing: EntryStanding;
  /** The expected (juror, criterion) scores that are missing; weight-0 criteria are never required. */
  readonly missing: ReadonlyArray<{ readonly jurorId: string; readonly criterionId: string }>;
  readonly criteria: readonly CriterionResult[];
  /** Σ weight × mean / 100, out of 100; absent when unranked. */
  readonly total?: Fraction;
  /**
   * Set when the entry's total equals that of the entry just above it: the rule that put it below
   * (the first of the round's rules that tells them apart), or null when none does and the two
   * share a rank.
   */
  readonly tie?: { readonly withEntryId: string; readonly brokenBy: TieBreakRule | null };
}

export interface Ranking {
  readonly missingScoreRule: MissingScoreRule;
  readonly tieBreak: readonly TieBreakRule[];
  /** Ranked entries in order, then the unranked ones by id. */
  readonly entries: readonly RankedEntry[];
}

interface Scored {
  readonly entry: RankingEntry;
  readonly criteria: CriterionResult[];
  readonly missing: Array<{ jurorId: string; criterionId: string }>;
  readonly total: Fraction | undefined;
  readonly standing: EntryStanding;
}

const byId = (a: { readonly id: string }, b: { readonly id: string }) =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** The criteria of the largest weight, in rubric order. */
const heaviestCriteria = (rubric: RankingRubric): string[] => {
  const largest = Math.max(...rubric.criteria.map((criterion) => criterion.weight));
  return rubric.criteria.filter((criterion) => criterion.weight === largest).map((criterion) => criterion.id);
};

const scoreEntry = (rubric: RankingRubric, entry: RankingEntry, scores: readonly RankingScore[]): Scored => {
  const jurors = new Set(entry.jurors);
  const given = new Map<string, number>();
  for (const score of scores) {
    if (score.entryId === entry.id && jurors.has(score.jurorId)) {
      given.set(`${score.jurorId}\u0000${score.criterionId}`, score.score);
    }
  }
  const missing: Array<{ jurorId: string; criterionId: string }> = [];
  let total: Fraction | undefined = fraction(0n, 1n);
  const criteria = rubric.criteria.map((criterion): CriterionResult => {
    let count = 0;
    let sum = 0;
    for (const juror of [...jurors].sort()) {
      const score = given.get(`${juror}\u0000${criterion.id}`);
      if (score === undefined) {
        if (criterion.weight > 0) missing.push({ jurorId: juror, criterionId: criterion.id });
      } else {
        count++;
        sum += score;
      }
    }
    const mean = count === 0 ? undefined : fraction(BigInt(sum), BigInt(count));
    if (criterion.weight > 0) {
      total =
        mean === undefined || total === undefined
          ? undefined
          : addFractions(total, fraction(BigInt(criterion.weight) * mean.numerator, 100n * mean.denominator));
    }
    return {
      criterionId: criterion.id,
      weight: criterion.weight,
      scoreCount: count,
      scoreSum: sum,
      ...(mean === undefined ? {} : { mean }),
    };
  });
  const standing: EntryStanding =
    total === undefined || jurors.size === 0
      ? 'UNRANKED'
      : missing.length === 0
        ? 'COMPLETE'
        : rubric.missingScoreRule === 'MEAN_OF_SCORED'
          ? 'INCOMPLETE'
          : 'UNRANKED';
  return { entry, criteria, missing, total: standing === 'UNRANKED' ? undefined : total, standing };
};

/** Compares two ranked entries by one tie-break rule: negative when `a` goes first. */
const byRule = (rule: TieBreakRule, heaviest: readonly string[], a: Scored, b: Scored): number => {
  switch (rule) {
    case 'HEAVIEST_CRITERION':
      for (const id of heaviest) {
        const meanOf = (scored: Scored) =>
          scored.criteria.find((criterion) => criterion.criterionId === id)?.mean ?? fraction(0n, 1n);
        const order = compareFractions(meanOf(b), meanOf(a));
        if (order !== 0) return order;
      }
      return 0;
    case 'MORE_ACTIVITY_REPORTS':
      return (b.entry.activityReports ?? 0) - (a.entry.activityReports ?? 0);
    case 'EARLIER_ENTRY':
      return Date.parse(a.entry.enteredAt) - Date.parse(b.entry.enteredAt);
  }
};

/**
 * Ranks the eligible entries of a round: per entry the mean of its expected jurors' scores per
 * criterion, weighted by the rubric; equal totals ordered by the round's tie-break rules; entries
 * some jurors did not score marked, and ranked only when the round says the mean of those who
 * scored counts. Entries still tied after every rule share a rank, listed by id.
 */
export const rankEntries = (
  rubric: RankingRubric,
  entries: readonly RankingEntry[],
  scores: readonly RankingScore[],
): Ranking => {
  const heaviest = heaviestCriteria(rubric);
  const scored = [...entries].sort(byId).map((entry) => scoreEntry(rubric, entry, scores));
  const ranked = scored.filter((entry) => entry.total !== undefined);
  const unranked = scored.filter((entry) => entry.total === undefined);

  const decidingRule = (a: Scored, b: Scored): { order: number; rule: TieBreakRule | null } => {
    for (const rule of rubric.tieBreak) {
      const order = byRule(rule, heaviest, a, b);
      if (order !== 0) return { order, rule };
    }
    return { order: 0, rule: null };
  };
  const totalOf = (entry: Scored) => entry.total ?? fraction(0n, 1n);
  const compare = (a: Scored, b: Scored): number =>
    compareFractions(totalOf(b), totalOf(a)) || decidingRule(a, b).order;

  // A stable sort of entries already in id order: entries equal under `compare` stay by id.
  ranked.sort(compare);
  const results: RankedEntry[] = [];
  let rank = 0;
  ranked.forEach((entry, index) => {
    const previous = index === 0 ? undefined : ranked[index - 1];
    if (previous === undefined || compare(previous, entry) !== 0) rank = index + 1;
    const tied = previous !== undefined && compareFractions(totalOf(previous), totalOf(entry)) === 0;
    results.push({
      entryId: entry.entry.id,
      rank,
      standing: entry.standing,
      missing: entry.missing,
      criteria: entry.criteria,
      ...(entry.total === undefined ? {} : { total: entry.total }),
      ...(tied && previous !== undefined
        ? { tie: { withEntryId: previous.entry.id, brokenBy: decidingRule(previous, entry).rule } }
        : {}),
    });
  });
  for (const entry of unranked) {
    results.push({
      entryId: entry.entry.id,
      rank: null,
      standing: entry.standing,
      missing: entry.missing,
      criteria: entry.criteria,
    });
  }
  return { missingScoreRule: rubric.missingScoreRule, tieBreak: rubric.tieBreak, entries: results };
};
