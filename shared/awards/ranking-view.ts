import { type Fraction, fraction, type Ranking, toDecimal } from './ranking.js';
import type { FractionView, RankingView } from './view-schemas.js';

export type { FractionView, RankingView } from './view-schemas.js';

export const toFractionView = (value: Fraction): FractionView => ({
  numerator: value.numerator.toString(),
  denominator: value.denominator.toString(),
  value: toDecimal(value),
});

export const fromFractionView = (view: FractionView): Fraction =>
  fraction(BigInt(view.numerator), BigInt(view.denominator));

export const toRankingView = (ranking: Ranking): RankingView => ({
  missingScoreRule: ranking.missingScoreRule,
  tieBreak: [...ranking.tieBreak],
  entries: ranking.entries.map((entry) => ({
    entryId: entry.entryId,
    rank: entry.rank,
    standing: entry.standing,
    missing: entry.missing.map((missing) => ({ ...missing })),
    criteria: entry.criteria.map((criterion) => ({
      criterionId: criterion.criterionId,
      weight: criterion.weight,
      scoreCount: criterion.scoreCount,
      scoreSum: criterion.scoreSum,
      ...(criterion.mean === undefined ? {} : { mean: toFractionView(criterion.mean) }),
    })),
    ...(entry.total === undefined ? {} : { total: toFractionView(entry.total) }),
    ...(entry.tie === undefined ? {} : { tie: { ...entry.tie } }),
  })),
});
