import { NotFoundError } from '../platform/errors.js';
import type { AwardStore } from './ports.js';
import type { RankingView } from './ranking-view.js';
import type { Criterion, MissingScoreRule, TieBreakRule } from './round.js';

/** What the public results read: the award store's reads alone. */
export interface PublishedResultsDeps {
  readonly store: Pick<AwardStore, 'getRound' | 'getResult' | 'listEntries' | 'listRounds'>;
}

/** One ranked (or unranked) entry as the public sees it: the KIM's public facts and its scores. */
export interface PublishedEntry {
  /** The entry's id, which is its registration's: the winners' profiles are `/kim/{id}`. */
  readonly id: string;
  readonly name: string;
  readonly villageName: string;
  readonly villageCode: string;
  readonly ranking: RankingView['entries'][number];
}

/**
 * A published round as the public results page shows it: the rubric, the rules the ranking
 * applied, and the eligible entries in rank order. No juror, no actor, no contact: the KIM's name
 * and village are public, the rest of an entry is not read. Ineligible entries are not listed.
 */
export interface PublishedResults {
  readonly id: string;
  readonly name: string;
  readonly regionCode: string;
  readonly activityPeriod: { readonly start: string; readonly end: string };
  readonly publishedAt: string;
  readonly criteria: readonly Criterion[];
  readonly missingScoreRule: MissingScoreRule;
  readonly tieBreak: readonly TieBreakRule[];
  readonly winnerCount: number;
  readonly entries: readonly PublishedEntry[];
}

/**
 * How many of a round's top-ranked entries are its winners: those of rank 1 to 3 (a shared rank
 * counts for every entry holding it, so a tie at third place makes four winners).
 */
export const WINNER_RANKS = 3;

/** The winners of a published ranking: the entries of rank 1 to WINNER_RANKS. */
export const winnersOf = (ranking: RankingView): RankingView['entries'] =>
  ranking.entries.filter((entry) => entry.rank !== null && entry.rank <= WINNER_RANKS);

const noSuchResults = () => new NotFoundError('Hasil penghargaan tidak ditemukan.', 'No such award results.');

/**
 * The published results of a round, read in parallel (the round, its stored result, its entries).
 * A round that does not exist, is outside `scope` or is not published yet is a 404: nothing of a
 * round is public before its publication.
 */
export const getPublishedResults = async (
  deps: PublishedResultsDeps,
  roundId: string,
  scope: string,
): Promise<PublishedResults> => {
  if (!/^[0-9A-Za-z]{1,64}$/.test(roundId)) throw noSuchResults();
  const [round, result, entries] = await Promise.all([
    deps.store.getRound(roundId),
    deps.store.getResult(roundId),
    deps.store.listEntries(roundId),
  ]);
  if (
    round === undefined ||
    round.status !== 'PUBLISHED' ||
    round.publishedAt === undefined ||
    result === undefined ||
    !(round.regionCode === scope || round.regionCode.startsWith(`${scope}.`))
  ) {
    throw noSuchResults();
  }
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  return {
    id: round.id,
    name: round.name,
    regionCode: round.regionCode,
    activityPeriod: round.activityPeriod,
    publishedAt: round.publishedAt,
    criteria: round.criteria,
    missingScoreRule: result.missingScoreRule,
    tieBreak: result.tieBreak,
    winnerCount: winnersOf(result).length,
    entries: result.entries.flatMap((ranked) => {
      const entry = byId.get(ranked.entryId);
      return entry === undefined
        ? []
        : [
            {
              id: entry.id,
              name: entry.name,
              villageName: entry.villageName,
              villageCode: entry.villageCode,
              ranking: ranked,
            },
          ];
    }),
  };
};

/** A published round in the public index. */
export interface PublishedRoundSummary {
  readonly id: string;
  readonly name: string;
  readonly publishedAt: string;
}

/** Rounds the index lists at most (newest publications first). */
export const PUBLISHED_INDEX_LIMIT = 100;

/** The published rounds of `scope` (one Query of the rounds index), newest publication first. */
export const listPublishedRounds = async (
  deps: PublishedResultsDeps,
  scope: string,
): Promise<PublishedRoundSummary[]> => {
  const page = await deps.store.listRounds({ regionCode: scope, limit: PUBLISHED_INDEX_LIMIT });
  return page.items
    .flatMap((round) =>
      round.status === 'PUBLISHED' && round.publishedAt !== undefined
        ? [{ id: round.id, name: round.name, publishedAt: round.publishedAt }]
        : [],
    )
    .sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : 0));
};
