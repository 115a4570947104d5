import type { Principal } from '../auth/principal.js';
import { ConcurrentModificationError, ConflictError, ValidationError } from '../platform/errors.js';
import { isUlid } from '../platform/ids.js';
import { isWithin } from '../platform/region-codes.js';
import { outOfScopeError } from '../regions/region-field.js';
import {
  conflictOfInterest,
  entryNotFound,
  notAJuror,
  OutsideWindowError,
  RoundFrozenError,
} from './errors.js';
import {
  type AuditEntry,
  conflictsInputSchema,
  type JurorAssignment,
  type ScoreSheet,
  scoresInputSchema,
  scoreViewsOf,
  toJurorView,
} from './model.js';
import { rankEntries } from './ranking.js';
import { type RankingView, toRankingView } from './ranking-view.js';
import type { Round } from './round.js';
import {
  type AwardCoreDeps,
  accessRound,
  adminRound,
  at,
  audit,
  judgingClosed,
  openRound,
  parsed,
  toEntryView,
} from './round-access.js';
import type { EntryView, JurorView, ScoreView } from './view-schemas.js';

/**
 * The caller, a juror of the round, declares the villages they have a conflict of interest with:
 * added to those declared before (a declaration is never withdrawn). Refused (409) for a village
 * whose entry the juror already scored, and after the judging window closes.
 */
export const declareConflicts = async (
  deps: AwardCoreDeps,
  principal: Principal,
  roundId: string,
  body: unknown,
): Promise<JurorView> => {
  const { round, juror } = await accessRound(deps, principal, roundId);
  if (juror === undefined) throw notAJuror();
  const input = parsed(conflictsInputSchema, body);
  input.villageCodes.forEach((code, index) => {
    if (!isWithin(round.regionCode, code)) {
      throw outOfScopeError(`villageCodes[${index}]`, code, round.regionCode);
    }
  });
  openRound(round);
  if (Date.parse(at(deps.clock)) >= Date.parse(round.judgingWindow.closesAt)) {
    throw new OutsideWindowError(
      'Masa penjurian sudah ditutup.',
      'The judging window has closed.',
      'judgingWindow',
    );
  }
  for (let attempt = 1; ; attempt++) {
    const current = attempt === 1 ? juror : await deps.store.getJuror(round.id, juror.sub);
    if (current === undefined) throw notAJuror();
    const added = [...new Set(input.villageCodes)].filter((code) => !current.conflictVillages.includes(code));
    if (added.length === 0) return toJurorView(current);
    const entries = await deps.store.listEntries(round.id);
    const villageOf = new Map(entries.map((entry) => [entry.id, entry.villageCode]));
    const scored = (await deps.store.listJurorScoreSheets(round.id, juror.sub)).find((sheet) =>
      added.includes(villageOf.get(sheet.entryId) ?? ''),
    );
    if (scored !== undefined) {
      throw new ConflictError(
        `Anda sudah menilai peserta ${scored.entryId} dari desa ${villageOf.get(scored.entryId)}; konflik kepentingan harus dinyatakan sebelum menilai.`,
        `You already scored entry ${scored.entryId} of village ${villageOf.get(scored.entryId)}; a conflict of interest must be declared before scoring.`,
        { entryId: scored.entryId },
      );
    }
    const next: JurorAssignment = {
      ...current,
      conflictVillages: [...current.conflictVillages, ...added].sort(),
      version: current.version + 1,
    };
    const outcome = await deps.store.updateJuror(
      current,
      next,
      audit(deps, principal, 'DECLARE_CONFLICT', { villageCodes: added }, { jurorSub: juror.sub }),
    );
    if (outcome === 'frozen') throw new RoundFrozenError();
    if (outcome === 'written') return toJurorView(next);
    if (attempt >= 3) throw new ConcurrentModificationError();
  }
};

/**
 * The round's entries (eligible and not) with the scores the caller may see: before the judging
 * window closes a juror sees only their own; an admin who is not a juror of the round sees all.
 */
export const listEntries = async (
  deps: AwardCoreDeps,
  principal: Principal,
  roundId: string,
): Promise<{ items: EntryView[] }> => {
  const { round, juror } = await accessRound(deps, principal, roundId);
  const seesAll = judgingClosed(deps, round) || (principal.role === 'admin' && juror === undefined);
  const [entries, sheets] = await Promise.all([
    deps.store.listEntries(round.id),
    seesAll
      ? deps.store.listScoreSheets(round.id)
      : juror === undefined
        ? Promise.resolve([])
        : deps.store.listJurorScoreSheets(round.id, juror.sub),
  ]);
  const sheetsOf = new Map<string, ScoreSheet[]>();
  for (const sheet of sheets) sheetsOf.set(sheet.entryId, [...(sheetsOf.get(sheet.entryId) ?? []), sheet]);
  return {
    items: entries.map((entry) =>
      toEntryView(
        entry,
        juror?.conflictVillages.includes(entry.villageCode) ?? false,
        (sheetsOf.get(entry.id) ?? []).flatMap(scoreViewsOf),
        round,
      ),
    ),
  };
};

const sameScores = (
  sheet: ScoreSheet | undefined,
  next: Readonly<Record<string, { score: number; note?: string }>>,
) =>
  sheet !== undefined &&
  Object.keys(next).length === Object.keys(sheet.scores).length &&
  Object.entries(next).every(([id, score]) => {
    const stored = sheet.scores[id];
    return stored !== undefined && stored.score === score.score && stored.note === score.note;
  });

/**
 * The caller, a juror of the round, scores one eligible entry on some or all criteria (a note
 * each), while the judging window is open; a later submission revises the criteria it names.
 * The same scores submitted again change nothing and add no audit entry. Refused for an entry of
 * a village the juror declared a conflict with (403) and once the results are published (409).
 */
export const submitScores = async (
  deps: AwardCoreDeps,
  principal: Principal,
  roundId: string,
  entryId: string,
  body: unknown,
): Promise<{ entryId: string; changed: boolean; scores: ScoreView[]; updatedAt: string }> => {
  const { round, juror } = await accessRound(deps, principal, roundId);
  if (juror === undefined) throw notAJuror();
  const input = parsed(scoresInputSchema, body);
  const criteria = new Set(round.criteria.map((criterion) => criterion.id));
  const unknown = input.scores.flatMap((score, index) =>
    criteria.has(score.criterionId)
      ? []
      : [
          {
            field: `scores[${index}].criterionId`,
            message: `Babak ini tidak memiliki kriteria ${score.criterionId}.`,
            messageEn: `This round has no criterion ${score.criterionId}.`,
          },
        ],
  );
  if (unknown.length > 0) throw new ValidationError(unknown);
  openRound(round);
  const now = at(deps.clock);
  if (Date.parse(now) < Date.parse(round.judgingWindow.opensAt)) {
    throw new OutsideWindowError(
      'Masa penjurian belum dibuka.',
      'The judging window has not opened yet.',
      'judgingWindow',
    );
  }
  if (judgingClosed(deps, round)) {
    throw new OutsideWindowError(
      'Masa penjurian sudah ditutup.',
      'The judging window has closed.',
      'judgingWindow',
    );
  }
  const entry = isUlid(entryId) ? await deps.store.getEntry(round.id, entryId) : undefined;
  if (entry === undefined) throw entryNotFound();
  if (!entry.eligible) {
    throw new ConflictError(
      'Peserta ini tidak memenuhi syarat babak dan tidak dinilai.',
      'This entry is not eligible for the round and is not scored.',
      { entryId: entry.id },
    );
  }
  for (let attempt = 1; ; attempt++) {
    const current = await deps.store.getJuror(round.id, juror.sub);
    if (current === undefined) throw notAJuror();
    if (current.conflictVillages.includes(entry.villageCode)) throw conflictOfInterest(entry.villageCode);
    const previous = await deps.store.getScoreSheet(round.id, entry.id, juror.sub);
    const scores: Record<string, { score: number; note?: string }> = { ...(previous?.scores ?? {}) };
    for (const score of input.scores) {
      scores[score.criterionId] = {
        score: score.score,
        ...(score.note === undefined ? {} : { note: score.note }),
      };
    }
    if (previous !== undefined && sameScores(previous, scores)) {
      return {
        entryId: entry.id,
        changed: false,
        scores: scoreViewsOf(previous),
        updatedAt: previous.updatedAt,
      };
    }
    const next: ScoreSheet = {
      roundId: round.id,
      entryId: entry.id,
      jurorSub: juror.sub,
      jurorUsername: current.username,
      scores,
      updatedAt: now,
      version: (previous?.version ?? 0) + 1,
    };
    const changes = input.scores
      .filter((score) => {
        const before = previous?.scores[score.criterionId];
        return before === undefined || before.score !== score.score || before.note !== score.note;
      })
      .map((score) => ({
        criterionId: score.criterionId,
        from: previous?.scores[score.criterionId]?.score ?? null,
        to: score.score,
        ...(score.note === undefined ? {} : { note: score.note }),
      }));
    const outcome = await deps.store.saveScoreSheet(
      previous,
      next,
      current,
      audit(
        deps,
        principal,
        previous === undefined ? 'SCORE' : 'REVISE_SCORE',
        { changes },
        { entryId: entry.id, jurorSub: juror.sub },
      ),
      now,
    );
    if (outcome === 'frozen') {
      const latest = await deps.store.getRound(round.id, { consistent: true });
      if (latest?.status === 'PUBLISHED') throw new RoundFrozenError();
      throw new OutsideWindowError(
        'Masa penjurian sudah ditutup.',
        'The judging window has closed.',
        'judgingWindow',
      );
    }
    if (outcome === 'written') {
      return { entryId: entry.id, changed: true, scores: scoreViewsOf(next), updatedAt: next.updatedAt };
    }
    // Someone (most likely the same juror, retrying) wrote the sheet meanwhile: read it again.
    if (attempt >= 3) throw new ConcurrentModificationError();
  }
};

/** The ranking of a round's stored scores: eligible entries, each scored by its unconflicted jurors. */
const computeRanking = async (deps: AwardCoreDeps, round: Round): Promise<RankingView> => {
  const [entries, jurors, sheets] = await Promise.all([
    deps.store.listEntries(round.id),
    deps.store.listJurors(round.id),
    deps.store.listScoreSheets(round.id),
  ]);
  return toRankingView(
    rankEntries(
      round,
      entries
        .filter((entry) => entry.eligible)
        .map((entry) => ({
          id: entry.id,
          enteredAt: entry.enteredAt,
          ...(entry.facts?.activityReports === undefined
            ? {}
            : { activityReports: entry.facts.activityReports.reports }),
          jurors: jurors
            .filter((juror) => !juror.conflictVillages.includes(entry.villageCode))
            .map((juror) => juror.sub),
        })),
      sheets.flatMap((sheet) =>
        Object.entries(sheet.scores).map(([criterionId, score]) => ({
          entryId: sheet.entryId,
          jurorId: sheet.jurorSub,
          criterionId,
          score: score.score,
        })),
      ),
    ),
  );
};

/**
 * The ranking (admin only): once published, the result stored at publication; before, a preview
 * computed from the scores stored now.
 */
export const getRanking = async (
  deps: AwardCoreDeps,
  principal: Principal,
  roundId: string,
): Promise<{ published: boolean; ranking: RankingView }> => {
  const round = await adminRound(deps, principal, roundId);
  if (round.status === 'PUBLISHED') {
    const stored = await deps.store.getResult(round.id);
    if (stored !== undefined) return { published: true, ranking: stored };
  }
  return { published: false, ranking: await computeRanking(deps, round) };
};

/**
 * Publishes the results (admin only) once the judging window has closed: the ranking of the stored
 * scores is stored with the round, which is frozen from then on. Publishing again is refused (409).
 */
export const publishResults = async (
  deps: AwardCoreDeps,
  principal: Principal,
  roundId: string,
): Promise<{ published: boolean; ranking: RankingView }> => {
  const round = await adminRound(deps, principal, roundId);
  openRound(round);
  if (!judgingClosed(deps, round)) {
    throw new OutsideWindowError(
      'Hasil hanya dapat diumumkan setelah masa penjurian ditutup.',
      'Results can only be published after the judging window closes.',
      'judgingWindow',
    );
  }
  const ranking = await computeRanking(deps, round);
  const ranked = ranking.entries.filter((entry) => entry.rank !== null);
  const outcome = await deps.store.publish(
    round,
    at(deps.clock),
    ranking,
    audit(deps, principal, 'PUBLISH', {
      rankedEntries: ranked.length,
      unrankedEntries: ranking.entries.length - ranked.length,
      winners: ranked.filter((entry) => entry.rank === 1).map((entry) => entry.entryId),
    }),
  );
  if (outcome === 'frozen') throw new RoundFrozenError();
  if (outcome !== 'written') throw new ConcurrentModificationError();
  return { published: true, ranking };
};

/** The audit trail of a round (admin only), oldest first. */
export const listAudit = async (
  deps: AwardCoreDeps,
  principal: Principal,
  roundId: string,
): Promise<{ items: Array<Omit<AuditEntry, 'id'>> }> => {
  const round = await adminRound(deps, principal, roundId);
  const entries = await deps.store.listAudit(round.id);
  return { items: entries.map(({ id: _id, ...entry }) => entry) };
};
