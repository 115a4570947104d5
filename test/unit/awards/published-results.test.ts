import { describe, expect, it } from 'vitest';
import type { Entry } from '../../../shared/awards/model.js';
import {
  getPublishedResults,
  listPublishedRounds,
  type PublishedResultsDeps,
  winnersOf,
} from '../../../shared/awards/published-results.js';
import type { RankingView } from '../../../shared/awards/ranking-view.js';
import type { Round, RoundInput } from '../../../shared/awards/round.js';
import { NotFoundError } from '../../../shared/platform/errors.js';
import { awardRoundBody } from '../../fixtures/award-round.js';
import { FIXTURE_NOW } from '../../fixtures/clock.js';

const roundOf = (id: string, patch: Partial<Round> = {}): Round => ({
  ...(awardRoundBody() as unknown as RoundInput),
  id,
  regionCode: '51.02',
  status: 'PUBLISHED',
  createdAt: FIXTURE_NOW,
  createdBy: { role: 'admin', sub: 'admin-sub', username: 'admin-name' },
  publishedAt: FIXTURE_NOW,
  version: 2,
  ...patch,
});

const ranked = (entryId: string, rank: number | null): RankingView['entries'][number] => ({
  entryId,
  rank,
  standing: rank === null ? 'UNRANKED' : 'COMPLETE',
  missing: [],
  criteria: [],
});

const entryOf = (id: string, eligible = true): Entry => ({
  roundId: 'R1',
  id,
  name: `KIM ${id}`,
  villageCode: '51.02.05.2006',
  villageName: 'Dajan Peken',
  districtCode: '51.02.05',
  enteredAt: FIXTURE_NOW,
  source: 'AUTOMATIC',
  eligible,
  ineligibleReasons: [],
});

const result: RankingView = {
  missingScoreRule: 'ALL_SCORES_REQUIRED',
  tieBreak: [],
  entries: [
    ranked('A', 1),
    ranked('B', 2),
    ranked('C', 3),
    ranked('D', 3),
    ranked('E', 5),
    ranked('F', null),
  ],
};

const store = (rounds: Round[]): PublishedResultsDeps['store'] => ({
  getRound: async (id) => rounds.find((round) => round.id === id),
  getResult: async (id) =>
    rounds.some((round) => round.id === id && round.status === 'PUBLISHED') ? result : undefined,
  listEntries: async () => [...['A', 'B', 'C', 'D', 'E', 'F'].map((id) => entryOf(id)), entryOf('X', false)],
  listRounds: async () => ({ items: rounds, nextCursor: null }),
});

describe('published award results', () => {
  it('answers the ranked entries with their public facts, never the ineligible ones', async () => {
    const results = await getPublishedResults({ store: store([roundOf('R1')]) }, 'R1', '51.02');
    expect(results.entries.map((entry) => entry.id)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(results.winnerCount).toBe(4);
    expect(JSON.stringify(results)).not.toContain('admin-name');
  });

  it('counts a shared third place among the winners', () => {
    expect(winnersOf(result).map((entry) => entry.entryId)).toEqual(['A', 'B', 'C', 'D']);
  });

  it.each([
    ['an open round', [roundOf('R1', { status: 'OPEN', publishedAt: undefined })], 'R1', '51.02'],
    ['an unknown round', [roundOf('R1')], 'R2', '51.02'],
    ['a round outside the scope', [roundOf('R1', { regionCode: '51.03' })], 'R1', '51.02'],
    ['a malformed id', [roundOf('R1')], '../R1', '51.02'],
  ])('is a 404 for %s', async (_name, rounds, id, scope) => {
    await expect(getPublishedResults({ store: store(rounds) }, id, scope)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('lists the published rounds only, newest publication first', async () => {
    const rounds = [
      roundOf('R1', { publishedAt: '2026-12-01T00:00:00.000Z' }),
      roundOf('R2', { status: 'OPEN', publishedAt: undefined }),
      roundOf('R3', { publishedAt: '2026-12-10T00:00:00.000Z' }),
    ];
    expect((await listPublishedRounds({ store: store(rounds) }, '51.02')).map((round) => round.id)).toEqual([
      'R3',
      'R1',
    ]);
  });
});
