import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareFractions,
  fraction,
  type RankingEntry,
  type RankingRubric,
  type RankingScore,
  rankEntries,
  toDecimal,
} from '../../../shared/awards/ranking.js';
import { fromFractionView, toRankingView } from '../../../shared/awards/ranking-view.js';
import { MISSING_SCORE_RULES, TIE_BREAK_RULES } from '../../../shared/awards/round.js';

interface Case {
  readonly rubric: RankingRubric;
  readonly entries: RankingEntry[];
  readonly scores: RankingScore[];
}

const JURORS = ['j1', 'j2', 'j3', 'j4'];

/** Integer weights summing to 100, as k − 1 cut points of 0..100. */
const weightsArbitrary = (count: number) =>
  fc.array(fc.integer({ min: 0, max: 100 }), { minLength: count - 1, maxLength: count - 1 }).map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), 100];
    return points.slice(1).map((point, index) => point - (points[index] ?? 0));
  });

/** A few score values, so equal totals (real ties) are common. */
const scoreValue = fc.oneof(fc.constantFrom(0, 50, 60, 100), fc.integer({ min: 0, max: 100 }));

const caseArbitrary: fc.Arbitrary<Case> = fc
  .record({
    criterionCount: fc.integer({ min: 1, max: 4 }),
    entryCount: fc.integer({ min: 1, max: 6 }),
    jurorCount: fc.integer({ min: 1, max: 4 }),
    missingScoreRule: fc.constantFrom(...MISSING_SCORE_RULES),
    tieBreak: fc.shuffledSubarray([...TIE_BREAK_RULES]),
  })
  .chain((shape) =>
    fc.record({
      weights: weightsArbitrary(shape.criterionCount),
      entries: fc.array(
        fc.record({
          minute: fc.integer({ min: 0, max: 3 }),
          activityReports: fc.integer({ min: 0, max: 3 }),
          conflicted: fc.array(fc.boolean(), { minLength: shape.jurorCount, maxLength: shape.jurorCount }),
        }),
        { minLength: shape.entryCount, maxLength: shape.entryCount },
      ),
      scores: fc.array(fc.option(scoreValue, { freq: 8 }), {
        minLength: shape.entryCount * shape.jurorCount * shape.criterionCount,
        maxLength: shape.entryCount * shape.jurorCount * shape.criterionCount,
      }),
      shape: fc.constant(shape),
    }),
  )
  .map(({ weights, entries, scores, shape }) => {
    const criteria = weights.map((weight, index) => ({ id: `c${index}`, weight }));
    const jurors = JURORS.slice(0, shape.jurorCount);
    const rankingEntries = entries.map((entry, index) => ({
      id: `e${index}`,
      enteredAt: `2026-10-01T00:0${entry.minute}:00.000Z`,
      activityReports: entry.activityReports,
      jurors: jurors.filter((_, juror) => !entry.conflicted[juror]),
    }));
    const rankingScores: RankingScore[] = [];
    let next = 0;
    for (const entry of rankingEntries) {
      for (const juror of jurors) {
        for (const criterion of criteria) {
          const score = scores[next++];
          if (score !== null && score !== undefined) {
            rankingScores.push({ entryId: entry.id, jurorId: juror, criterionId: criterion.id, score });
          }
        }
      }
    }
    return {
      rubric: { criteria, missingScoreRule: shape.missingScoreRule, tieBreak: shape.tieBreak },
      entries: rankingEntries,
      scores: rankingScores,
    };
  });

const rankOf = (ranking: ReturnType<typeof rankEntries>, entryId: string) =>
  ranking.entries.find((entry) => entry.entryId === entryId)?.rank;

/** Fisher–Yates with fast-check's randomness, so a failure replays. */
const permutation = <T>(items: readonly T[]) =>
  fc
    .array(fc.nat(), { minLength: items.length, maxLength: items.length })
    .map((keys) => items.map((item, index) => ({ item, key: keys[index] ?? 0, index })))
    .map((keyed) => keyed.sort((a, b) => a.key - b.key || a.index - b.index).map(({ item }) => item));

describe('the ranking of a round (properties)', () => {
  it('does not change when the jurors, the entries or the stored scores come in another order', () => {
    fc.assert(
      fc.property(
        caseArbitrary.chain((round) =>
          fc.record({
            round: fc.constant(round),
            entries: permutation(round.entries),
            scores: permutation(round.scores),
            jurorOrders: fc.array(fc.nat(), {
              minLength: round.entries.length,
              maxLength: round.entries.length,
            }),
          }),
        ),
        ({ round, entries, scores, jurorOrders }) => {
          const shuffledJurors = entries.map((entry, index) => {
            const shift = (jurorOrders[index] ?? 0) % Math.max(entry.jurors.length, 1);
            return {
              ...entry,
              jurors: [...entry.jurors.slice(shift), ...entry.jurors.slice(0, shift)].reverse(),
            };
          });
          expect(rankEntries(round.rubric, shuffledJurors, scores)).toEqual(
            rankEntries(round.rubric, round.entries, round.scores),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('does not change when a criterion of weight 0 is added, scored or not', () => {
    fc.assert(
      fc.property(caseArbitrary, fc.array(fc.option(scoreValue), { maxLength: 24 }), (round, extra) => {
        const position = round.rubric.criteria.length % 2;
        const criteria = [...round.rubric.criteria];
        criteria.splice(position, 0, { id: 'zero', weight: 0 });
        const extraScores = round.entries
          .flatMap((entry) => entry.jurors.map((jurorId) => ({ entryId: entry.id, jurorId })))
          .flatMap((pair, index) => {
            const score = extra[index];
            return score === null || score === undefined ? [] : [{ ...pair, criterionId: 'zero', score }];
          });
        const withZero = rankEntries({ ...round.rubric, criteria }, round.entries, [
          ...round.scores,
          ...extraScores,
        ]);
        const without = rankEntries(round.rubric, round.entries, round.scores);
        expect(
          withZero.entries.map((entry) => ({
            ...entry,
            criteria: entry.criteria.filter((criterion) => criterion.criterionId !== 'zero'),
          })),
        ).toEqual(without.entries);
      }),
      { numRuns: 300 },
    );
  });

  it("never lowers an entry's rank when one of its scores on one criterion is raised", () => {
    fc.assert(
      fc.property(
        caseArbitrary.filter((round) => round.scores.length > 0),
        fc.nat(),
        fc.integer({ min: 1, max: 100 }),
        (round, pick, raise) => {
          const index = pick % round.scores.length;
          const chosen = round.scores[index];
          if (chosen === undefined || chosen.score === 100) return;
          const raised = round.scores.map((score, at) =>
            at === index ? { ...score, score: Math.min(100, score.score + raise) } : score,
          );
          const before = rankOf(rankEntries(round.rubric, round.entries, round.scores), chosen.entryId);
          const after = rankOf(rankEntries(round.rubric, round.entries, raised), chosen.entryId);
          if (before === null || before === undefined) return;
          expect(after).not.toBeNull();
          expect(after).toBeLessThanOrEqual(before);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('publishes scores that recompute exactly from the stored ones', () => {
    fc.assert(
      fc.property(caseArbitrary, (round) => {
        const published = JSON.parse(
          JSON.stringify(toRankingView(rankEntries(round.rubric, round.entries, round.scores))),
        );
        // The published result again, from the stored scores.
        expect(toRankingView(rankEntries(round.rubric, round.entries, round.scores))).toEqual(published);
        for (const entry of published.entries as ReturnType<typeof toRankingView>['entries']) {
          for (const criterion of entry.criteria) {
            const stored = round.scores.filter(
              (score) =>
                score.entryId === entry.entryId &&
                score.criterionId === criterion.criterionId &&
                round.entries
                  .find((candidate) => candidate.id === entry.entryId)
                  ?.jurors.includes(score.jurorId),
            );
            expect(criterion.scoreCount).toBe(stored.length);
            expect(criterion.scoreSum).toBe(stored.reduce((sum, score) => sum + score.score, 0));
            if (criterion.mean !== undefined) {
              expect(
                compareFractions(
                  fromFractionView(criterion.mean),
                  fraction(BigInt(criterion.scoreSum), BigInt(criterion.scoreCount)),
                ),
              ).toBe(0);
            }
          }
          if (entry.total !== undefined) {
            const recomputed = entry.criteria.reduce(
              (sum, criterion) =>
                criterion.weight === 0 || criterion.mean === undefined
                  ? sum
                  : {
                      numerator:
                        sum.numerator * 100n * BigInt(criterion.scoreCount) +
                        BigInt(criterion.weight * criterion.scoreSum) * sum.denominator,
                      denominator: sum.denominator * 100n * BigInt(criterion.scoreCount),
                    },
              { numerator: 0n, denominator: 1n },
            );
            expect(compareFractions(fromFractionView(entry.total), recomputed)).toBe(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('ranks by total, states the rule of each tie, and shares a rank only when no rule separates', () => {
    fc.assert(
      fc.property(caseArbitrary, (round) => {
        const ranking = rankEntries(round.rubric, round.entries, round.scores);
        const ranked = ranking.entries.filter((entry) => entry.rank !== null);
        ranked.forEach((entry, index) => {
          const previous = ranked[index - 1];
          if (previous === undefined) {
            expect(entry.rank).toBe(1);
            return;
          }
          const order = compareFractions(previous.total ?? fraction(0n, 1n), entry.total ?? fraction(0n, 1n));
          expect(order).toBeGreaterThanOrEqual(0);
          if (order > 0) {
            expect(entry.tie).toBeUndefined();
            expect(entry.rank).toBe(index + 1);
          } else {
            expect(entry.tie?.withEntryId).toBe(previous.entryId);
            expect(entry.rank).toBe(entry.tie?.brokenBy === null ? previous.rank : index + 1);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('marks entries some jurors did not score, and ranks them only under MEAN_OF_SCORED', () => {
    fc.assert(
      fc.property(caseArbitrary, (round) => {
        for (const entry of rankEntries(round.rubric, round.entries, round.scores).entries) {
          if (entry.missing.length === 0) continue;
          expect(entry.standing).not.toBe('COMPLETE');
          if (round.rubric.missingScoreRule === 'ALL_SCORES_REQUIRED') expect(entry.rank).toBeNull();
          if (entry.rank !== null) expect(entry.standing).toBe('INCOMPLETE');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the ranking of a round (examples)', () => {
  const rubric = (tieBreak: RankingRubric['tieBreak']): RankingRubric => ({
    criteria: [
      { id: 'administrasi', weight: 50 },
      { id: 'kegiatan', weight: 50 },
    ],
    missingScoreRule: 'ALL_SCORES_REQUIRED',
    tieBreak,
  });
  const entries: RankingEntry[] = [
    { id: 'A', enteredAt: '2026-10-01T00:00:00.000Z', jurors: ['j1', 'j2', 'j3'] },
    { id: 'B', enteredAt: '2026-10-02T00:00:00.000Z', jurors: ['j1', 'j2', 'j3'] },
  ];
  const sheet = (entryId: string, administrasi: number[], kegiatan: number[]): RankingScore[] =>
    ['j1', 'j2', 'j3'].flatMap((jurorId, index) => [
      { entryId, jurorId, criterionId: 'administrasi', score: administrasi[index] ?? 0 },
      { entryId, jurorId, criterionId: 'kegiatan', score: kegiatan[index] ?? 0 },
    ]);
  // A: 31/3 and 20 → 91/6; B: 32/3 and 59/3 → 91/6. Thirds in floating point would not promise equality.
  const scores = [...sheet('A', [10, 10, 11], [20, 20, 20]), ...sheet('B', [10, 11, 11], [20, 20, 19])];

  it('finds an exact tie of thirds and breaks it by the heaviest criterion, saying so', () => {
    const ranking = rankEntries(rubric(['HEAVIEST_CRITERION', 'EARLIER_ENTRY']), entries, scores);
    expect(ranking.entries.map((entry) => [entry.entryId, entry.rank])).toEqual([
      ['B', 1],
      ['A', 2],
    ]);
    expect(ranking.entries[1]?.tie).toEqual({ withEntryId: 'B', brokenBy: 'HEAVIEST_CRITERION' });
    expect(ranking.entries[0]?.total).toEqual({ numerator: 91n, denominator: 6n });
    expect(toDecimal(fraction(91n, 6n))).toBe('15.17');
  });

  it('breaks it by the earlier entry when that is the rule', () => {
    const ranking = rankEntries(rubric(['EARLIER_ENTRY']), entries, scores);
    expect(ranking.entries.map((entry) => entry.entryId)).toEqual(['A', 'B']);
    expect(ranking.entries[1]?.tie).toEqual({ withEntryId: 'A', brokenBy: 'EARLIER_ENTRY' });
  });

  it('shares the rank when the round states no rule', () => {
    const ranking = rankEntries(rubric([]), entries, scores);
    expect(ranking.entries.map((entry) => [entry.entryId, entry.rank, entry.tie?.brokenBy])).toEqual([
      ['A', 1, undefined],
      ['B', 1, null],
    ]);
  });

  it('leaves an entry with a missing score unranked when all scores are required, and ranks it otherwise', () => {
    const partial = scores.filter((score) => !(score.entryId === 'A' && score.jurorId === 'j3'));
    const strict = rankEntries(rubric([]), entries, partial);
    expect(strict.entries.find((entry) => entry.entryId === 'A')).toMatchObject({
      rank: null,
      standing: 'UNRANKED',
      missing: [
        { jurorId: 'j3', criterionId: 'administrasi' },
        { jurorId: 'j3', criterionId: 'kegiatan' },
      ],
    });
    const lenient = rankEntries({ ...rubric([]), missingScoreRule: 'MEAN_OF_SCORED' }, entries, partial);
    // A on the two jurors who scored: 10 and 20 → 15; B: 91/6 ≈ 15.17.
    expect(lenient.entries.map((entry) => [entry.entryId, entry.rank, entry.standing])).toEqual([
      ['B', 1, 'COMPLETE'],
      ['A', 2, 'INCOMPLETE'],
    ]);
  });

  it('does not count the scores of a juror the entry does not expect (a declared conflict)', () => {
    const conflicted = [{ ...entries[0], jurors: ['j1', 'j2'] } as RankingEntry, entries[1] as RankingEntry];
    const ranking = rankEntries(rubric([]), conflicted, scores);
    const a = ranking.entries.find((entry) => entry.entryId === 'A');
    expect(a?.criteria[0]).toMatchObject({ scoreCount: 2, scoreSum: 20 });
    expect(a?.standing).toBe('COMPLETE');
  });
});
