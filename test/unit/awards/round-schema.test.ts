import { describe, expect, it } from 'vitest';
import { monthsBefore } from '../../../shared/awards/eligibility.js';
import { scoresInputSchema } from '../../../shared/awards/model.js';
import { roundInputSchema } from '../../../shared/awards/round.js';
import { describeIssues } from '../../../shared/platform/validation/messages.js';
import { awardRoundBody } from '../../fixtures/award-round.js';

const errorsOf = (schema: ReturnType<typeof roundInputSchema> | typeof scoresInputSchema, body: unknown) => {
  const result = schema.safeParse(body, { reportInput: true });
  return result.success ? [] : describeIssues(result.error.issues);
};

describe('the round schema', () => {
  it('accepts a complete round', () => {
    expect(errorsOf(roundInputSchema(), awardRoundBody())).toEqual([]);
  });

  it('refuses weights that do not sum to 100, naming the sum in both languages', () => {
    const body = awardRoundBody({
      criteria: [
        { id: 'a', name: 'Satu', weight: 60 },
        { id: 'b', name: 'Dua', weight: 30 },
      ],
    });
    expect(errorsOf(roundInputSchema(), body)).toEqual([
      {
        field: 'criteria',
        message: 'Jumlah bobot kriteria harus 100, bukan 90.',
        messageEn: 'The criteria weights must sum to 100, not 90.',
      },
    ]);
  });

  it('refuses a fractional or negative weight, a duplicate criterion code and a bad code', () => {
    const body = awardRoundBody({
      criteria: [
        { id: 'a', name: 'Satu', weight: 50.5 },
        { id: 'a', name: 'Dua', weight: -1 },
        { id: 'Bad Code', name: 'Tiga', weight: 50 },
      ],
    });
    const fields = errorsOf(roundInputSchema(), body).map((error) => error.field);
    expect(fields).toEqual(['criteria[0].weight', 'criteria[1].weight', 'criteria[2].id']);
  });

  it('refuses windows out of order, each on its field', () => {
    const reversed = awardRoundBody({
      entryWindow: { opensAt: '2026-12-01T00:00:00+08:00', closesAt: '2026-11-01T00:00:00+08:00' },
    });
    expect(errorsOf(roundInputSchema(), reversed)).toEqual([
      {
        field: 'entryWindow.closesAt',
        message: 'Penutupan masa pendaftaran harus sesudah pembukaannya.',
        messageEn: 'The entry window must close after it opens.',
      },
    ]);
    const overlapping = awardRoundBody({
      judgingWindow: { opensAt: '2026-11-20T00:00:00+08:00', closesAt: '2026-12-15T00:00:00+08:00' },
    });
    expect(errorsOf(roundInputSchema(), overlapping).map((error) => error.field)).toEqual([
      'judgingWindow.opensAt',
    ]);
    const period = awardRoundBody({ activityPeriod: { start: '2026-11-30', end: '2026-01-01' } });
    expect(errorsOf(roundInputSchema(), period).map((error) => error.field)).toEqual(['activityPeriod.end']);
  });

  it('compares instants, not their text: 08:00+08:00 is midnight UTC', () => {
    const body = awardRoundBody({
      entryWindow: { opensAt: '2026-11-01T00:00:00Z', closesAt: '2026-12-01T08:00:00+08:00' },
      judgingWindow: { opensAt: '2026-12-01T00:00:00Z', closesAt: '2026-12-15T00:00:00Z' },
    });
    expect(errorsOf(roundInputSchema(), body)).toEqual([]);
  });

  it('refuses a window without a time zone, unknown rules, repeated tie-break rules and unknown fields', () => {
    const body = awardRoundBody({
      judgingWindow: { opensAt: '2026-12-01T00:00:00', closesAt: '2026-12-15T00:00:00+08:00' },
      missingScoreRule: 'DROP_THEM',
      tieBreak: ['EARLIER_ENTRY', 'EARLIER_ENTRY'],
      prize: 'sepeda',
    });
    expect(errorsOf(roundInputSchema(), body).map((error) => error.field)).toEqual([
      'judgingWindow.opensAt',
      'missingScoreRule',
      'tieBreak',
      'prize',
    ]);
  });

  it('bounds the eligibility numbers to positive integers', () => {
    const body = awardRoundBody({
      eligibility: {
        verified: true,
        termNotExpired: false,
        minActivityReports: 0,
        minMonthsSinceFormation: 2.5,
      },
    });
    expect(errorsOf(roundInputSchema(), body).map((error) => error.field)).toEqual([
      'eligibility.minActivityReports',
      'eligibility.minMonthsSinceFormation',
    ]);
  });
});

describe('the scores schema', () => {
  it('takes integers 0–100, each criterion once, with an optional note', () => {
    expect(
      errorsOf(scoresInputSchema, { scores: [{ criterionId: 'a', score: 100, note: 'Lengkap' }] }),
    ).toEqual([]);
    const fields = errorsOf(scoresInputSchema, {
      scores: [
        { criterionId: 'a', score: 101 },
        { criterionId: 'b', score: 7.5 },
      ],
    }).map((error) => error.field);
    expect(fields).toEqual(['scores[0].score', 'scores[1].score']);
    expect(
      errorsOf(scoresInputSchema, {
        scores: [
          { criterionId: 'a', score: 1 },
          { criterionId: 'a', score: 3 },
        ],
      }),
    ).toEqual([
      {
        field: 'scores[1].criterionId',
        message: 'Kriteria ini sudah dinilai di permintaan yang sama.',
        messageEn: 'This criterion is already scored in the same request.',
      },
    ]);
  });
});

describe('months before a date', () => {
  it.each([
    ['2026-01-01', 6, '2025-07-01'],
    ['2026-03-31', 1, '2026-02-28'],
    ['2024-03-31', 1, '2024-02-29'],
    ['2026-01-15', 12, '2025-01-15'],
  ])('%s minus %i months is %s', (date, months, expected) => {
    expect(monthsBefore(date, months)).toBe(expected);
  });
});
