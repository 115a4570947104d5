import * as z from 'zod/mini';
import { withMeta } from '../platform/validation/meta.js';
import { type Fraction, fraction, type Ranking, toDecimal } from './ranking.js';
import { MISSING_SCORE_RULES, TIE_BREAK_RULES } from './round.js';

/** An exact fraction as JSON: numerator and denominator as decimal strings, and a rounded value to read. */
export const fractionSchema = withMeta(
  z.object({
    numerator: z.string(),
    denominator: z.string(),
    value: withMeta(z.string(), { description: 'Rounded half up to 2 decimals, for reading only' }),
  }),
  { id: 'ExactFraction' },
);
export type FractionView = z.infer<typeof fractionSchema>;

export const toFractionView = (value: Fraction): FractionView => ({
  numerator: value.numerator.toString(),
  denominator: value.denominator.toString(),
  value: toDecimal(value),
});

export const fromFractionView = (view: FractionView): Fraction =>
  fraction(BigInt(view.numerator), BigInt(view.denominator));

export const rankingViewSchema = withMeta(
  z.object({
    missingScoreRule: z.enum(MISSING_SCORE_RULES),
    tieBreak: z.array(z.enum(TIE_BREAK_RULES)),
    entries: z.array(
      z.object({
        entryId: z.string(),
        rank: z.nullable(z.int()),
        standing: withMeta(z.enum(['COMPLETE', 'INCOMPLETE', 'UNRANKED']), {
          description:
            'COMPLETE: every expected juror scored every weighted criterion. INCOMPLETE: ranked on the mean of the jurors who scored (missingScoreRule MEAN_OF_SCORED). UNRANKED: scores are missing and the round requires them all, or a weighted criterion has none.',
        }),
        missing: z.array(z.object({ jurorId: z.string(), criterionId: z.string() })),
        criteria: z.array(
          z.object({
            criterionId: z.string(),
            weight: z.int(),
            scoreCount: z.int(),
            scoreSum: z.int(),
            mean: z.optional(fractionSchema),
          }),
        ),
        total: withMeta(z.optional(fractionSchema), { description: 'Σ weight × mean / 100, out of 100' }),
        tie: withMeta(
          z.optional(z.object({ withEntryId: z.string(), brokenBy: z.nullable(z.enum(TIE_BREAK_RULES)) })),
          {
            description:
              'Present when the total equals that of the entry just above: the rule that separated them, or null when they share a rank',
          },
        ),
      }),
    ),
  }),
  { id: 'AwardRanking' },
);
export type RankingView = z.infer<typeof rankingViewSchema>;

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
