import * as z from 'zod/mini';
import { actorOf, type Principal, requireAdmin } from '../auth/principal.js';
import type { Clock } from '../platform/clock.js';
import { ConcurrentModificationError, ConflictError, ValidationError } from '../platform/errors.js';
import { isUlid } from '../platform/ids.js';
import { isWithin } from '../platform/region-codes.js';
import { describeIssues } from '../platform/validation/messages.js';
import type { RegionRepository } from '../regions/region.js';
import { assertRegionInScope, outOfScopeError } from '../regions/region-field.js';
import {
  cursorParameter,
  invalidCursor,
  limitParameter,
  PAGE_LIMIT,
  regionParameter,
} from '../registrations/admin-queries.js';
import { InvalidCursorError } from '../registrations/ports.js';
import { ineligibilityOf } from './eligibility.js';
import {
  conflictOfInterest,
  entryNotFound,
  IneligibleEntryError,
  NotYetSupportedError,
  notAJuror,
  OutsideWindowError,
  RoundFrozenError,
  roundNotFound,
} from './errors.js';
import {
  type AuditAction,
  type AuditEntry,
  conflictsInputSchema,
  type Entry,
  type EntrySource,
  type EntryView,
  entryInputSchema,
  isSubject,
  type JurorAssignment,
  type JurorView,
  jurorInputSchema,
  type ScoreSheet,
  type ScoreView,
  scoresInputSchema,
  scoreViewsOf,
  toJurorView,
} from './model.js';
import type {
  ActivityReportCounts,
  AwardStore,
  GuardedWrite,
  KimCandidate,
  KimSource,
  TermStatus,
} from './ports.js';
import { rankEntries } from './ranking.js';
import { type RankingView, toRankingView } from './ranking-view.js';
import { type Round, type RoundView, roundInputSchema, toRoundView } from './round.js';

/** The ports of the award use cases. */
export interface AwardDeps {
  readonly store: AwardStore;
  readonly kims: KimSource;
  readonly regions: RegionRepository;
  readonly clock: Clock;
  readonly newId: () => string;
  /** The deployment scope: every round is for a region inside it. */
  readonly scope: string;
  /** Absent until the registry keeps activity reports: rounds needing them are refused. */
  readonly activityReports?: ActivityReportCounts;
  /** Absent until the registry keeps SK terms: rounds needing them are refused. */
  readonly terms?: TermStatus;
}

const MANAGE = { id: 'mengelola babak penghargaan', en: 'manage award rounds' } as const;

const parsed = <T>(schema: z.ZodMiniType<T>, value: unknown): T => {
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw new ValidationError(describeIssues(result.error.issues));
  return result.data;
};

const at = (clock: Clock) => clock.now().toISOString();

const audit = (
  deps: AwardDeps,
  principal: Principal,
  action: AuditAction,
  details: Record<string, unknown>,
  extra: { entryId?: string; jurorSub?: string } = {},
): AuditEntry => ({
  id: deps.newId(),
  at: at(deps.clock),
  actor: actorOf(principal),
  action,
  ...extra,
  details,
});

/** Fails on the outcomes a guarded write reports other than success. */
const guarded = (outcome: GuardedWrite): 'written' | 'exists' => {
  if (outcome === 'frozen') throw new RoundFrozenError();
  if (outcome === 'conflict') throw new ConcurrentModificationError();
  return outcome;
};

/** Whether two region codes overlap: one is inside the other. */
const overlaps = (a: string, b: string) => isWithin(a, b) || isWithin(b, a);

interface RoundAccess {
  readonly round: Round;
  /** The caller's assignment, when they are a juror of the round. */
  readonly juror: JurorAssignment | undefined;
}

/**
 * The round and the caller's place in it: an admin may act on every round of the scope; anyone
 * else only on a round they are a juror of, whose region overlaps their own (404 for an unknown
 * round, 403 otherwise).
 */
const accessRound = async (deps: AwardDeps, principal: Principal, roundId: string): Promise<RoundAccess> => {
  const round = isUlid(roundId) ? await deps.store.getRound(roundId, { consistent: true }) : undefined;
  if (round === undefined || !isWithin(deps.scope, round.regionCode)) throw roundNotFound();
  const juror = await deps.store.getJuror(round.id, principal.subject);
  if (principal.role === 'admin') return { round, juror };
  if (juror === undefined || !overlaps(principal.regionCode, round.regionCode)) throw notAJuror();
  return { round, juror };
};

const adminRound = async (deps: AwardDeps, principal: Principal, roundId: string): Promise<Round> => {
  requireAdmin(principal, MANAGE);
  return (await accessRound(deps, principal, roundId)).round;
};

const openRound = (round: Round): void => {
  if (round.status !== 'OPEN') throw new RoundFrozenError();
};

/** What of a round the registry cannot evaluate yet, given the ports it has. */
const unsupportedParts = (deps: AwardDeps, input: z.output<typeof roundInputSchema>) => {
  const parts: Array<{ field: string; id: string; en: string }> = [];
  if (input.eligibility.termNotExpired && deps.terms === undefined) {
    parts.push({
      field: 'eligibility.termNotExpired',
      id: 'masa berlaku SK belum dicatat registri',
      en: 'the registry does not keep SK terms yet',
    });
  }
  if (input.eligibility.minActivityReports !== undefined && deps.activityReports === undefined) {
    parts.push({
      field: 'eligibility.minActivityReports',
      id: 'laporan kegiatan belum dicatat registri',
      en: 'the registry does not keep activity reports yet',
    });
  }
  input.tieBreak.forEach((rule, index) => {
    if (rule === 'MORE_ACTIVITY_REPORTS' && deps.activityReports === undefined) {
      parts.push({
        field: `tieBreak[${index}]`,
        id: 'laporan kegiatan belum dicatat registri',
        en: 'the registry does not keep activity reports yet',
      });
    }
  });
  if (input.entryMode === 'SELF_ENTRY') {
    parts.push({
      field: 'entryMode',
      id: 'pendaftaran mandiri dari ruang kerja KIM belum tersedia',
      en: 'self-entry from the KIM workspace is not available yet',
    });
  }
  input.criteria.forEach((criterion, index) => {
    if (criterion.indicator !== undefined) {
      parts.push({
        field: `criteria[${index}].indicator`,
        id: 'indikator otomatis belum dapat ditampilkan kepada juri',
        en: 'automatic indicators cannot be shown to the jurors yet',
      });
    }
  });
  return parts;
};

/** Creates a round (admin only): 400 on a bad field, 422 when it uses a rule not yet supported. */
export const createRound = async (
  deps: AwardDeps,
  principal: Principal,
  body: unknown,
): Promise<RoundView> => {
  requireAdmin(principal, MANAGE);
  const input = parsed(roundInputSchema, body);
  const regionCode = input.regionCode ?? deps.scope;
  await assertRegionInScope(deps, 'regionCode', regionCode);
  const unsupported = unsupportedParts(deps, input);
  if (unsupported.length > 0) throw new NotYetSupportedError(unsupported);
  const { regionCode: _given, ...rest } = input;
  const round: Round = {
    ...rest,
    id: deps.newId(),
    regionCode,
    status: 'OPEN',
    createdAt: at(deps.clock),
    createdBy: actorOf(principal),
    version: 1,
  };
  await deps.store.createRound(
    round,
    audit(deps, principal, 'CREATE_ROUND', { name: round.name, regionCode }),
  );
  return toRoundView(round);
};

const listQuerySchema = z.strictObject({
  region: z.optional(regionParameter),
  cursor: z.optional(cursorParameter),
  limit: z.optional(limitParameter),
});

/**
 * Rounds an admin sees of `region` (default: the scope) and every region inside it; anyone else,
 * the rounds they are a juror of (one page).
 */
export const listRounds = async (
  deps: AwardDeps,
  principal: Principal,
  query: Readonly<Record<string, string | undefined>>,
): Promise<{ items: RoundView[]; nextCursor: string | null }> => {
  const { region, cursor, limit } = parsed(listQuerySchema, query);
  if (principal.role !== 'admin') {
    const ids = await deps.store.listJurorRounds(principal.subject);
    const rounds = await Promise.all(ids.map((id) => deps.store.getRound(id)));
    return {
      items: rounds
        .filter((round): round is Round => round !== undefined)
        .filter((round) => overlaps(principal.regionCode, round.regionCode))
        .filter((round) => region === undefined || isWithin(region, round.regionCode))
        .map(toRoundView),
      nextCursor: null,
    };
  }
  const regionCode = region ?? deps.scope;
  if (!isWithin(deps.scope, regionCode)) throw outOfScopeError('region', regionCode, deps.scope);
  try {
    const page = await deps.store.listRounds({ regionCode, limit: limit ?? PAGE_LIMIT.default, cursor });
    return { items: page.items.map(toRoundView), nextCursor: page.nextCursor };
  } catch (error) {
    if (error instanceof InvalidCursorError) throw invalidCursor();
    throw error;
  }
};

/** A round with its jurors: an admin sees them all, a juror only themself. */
export const getRound = async (
  deps: AwardDeps,
  principal: Principal,
  roundId: string,
): Promise<RoundView & { jurors: JurorView[] }> => {
  const { round, juror } = await accessRound(deps, principal, roundId);
  const jurors =
    principal.role === 'admin' ? await deps.store.listJurors(round.id) : juror === undefined ? [] : [juror];
  return { ...toRoundView(round), jurors: jurors.map(toJurorView) };
};

/** Makes the console user `sub` a juror of the round (admin only); assigning again changes nothing. */
export const assignJuror = async (
  deps: AwardDeps,
  principal: Principal,
  roundId: string,
  sub: string,
  body: unknown,
): Promise<{ juror: JurorView; created: boolean }> => {
  const round = await adminRound(deps, principal, roundId);
  if (!isSubject(sub)) {
    throw new ValidationError([
      {
        field: 'sub',
        message: 'Harus berupa sub akun konsol (huruf, angka dan tanda hubung, maksimal 128).',
        messageEn: 'Must be a console account sub (letters, digits and hyphens, at most 128).',
      },
    ]);
  }
  const input = parsed(jurorInputSchema, body);
  openRound(round);
  const juror: JurorAssignment = {
    roundId: round.id,
    sub,
    username: input.username,
    assignedAt: at(deps.clock),
    conflictVillages: [],
    version: 1,
  };
  const outcome = guarded(
    await deps.store.assignJuror(round, juror, audit(deps, principal, 'ASSIGN_JUROR', {}, { jurorSub: sub })),
  );
  if (outcome === 'exists') {
    const existing = await deps.store.getJuror(round.id, sub);
    if (existing === undefined) throw new ConcurrentModificationError();
    return { juror: toJurorView(existing), created: false };
  }
  return { juror: toJurorView(juror), created: true };
};

/**
 * The caller, a juror of the round, declares the villages they have a conflict of interest with:
 * added to those declared before (a declaration is never withdrawn). Refused (409) for a village
 * whose entry the juror already scored, and after the judging window closes.
 */
export const declareConflicts = async (
  deps: AwardDeps,
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

const assertEntriesOpen = (deps: AwardDeps, round: Round) => {
  openRound(round);
  if (Date.parse(at(deps.clock)) >= Date.parse(round.entryWindow.closesAt)) {
    throw new OutsideWindowError(
      'Masa pendaftaran peserta sudah ditutup.',
      'The entry window has closed.',
      'entryWindow',
    );
  }
};

const entryOf = (round: Round, kim: KimCandidate, source: EntrySource, enteredAt: string): Entry => {
  const reasons = ineligibilityOf(round, kim);
  return {
    roundId: round.id,
    id: kim.id,
    name: kim.name,
    villageCode: kim.villageCode,
    villageName: kim.villageName,
    districtCode: kim.districtCode,
    enteredAt,
    source,
    eligible: reasons.length === 0,
    ineligibleReasons: reasons,
  };
};

const toEntryView = (entry: Entry, conflict: boolean, scores: ScoreView[]): EntryView => ({
  id: entry.id,
  name: entry.name,
  villageCode: entry.villageCode,
  villageName: entry.villageName,
  districtCode: entry.districtCode,
  enteredAt: entry.enteredAt,
  source: entry.source,
  eligible: entry.eligible,
  ineligibleReasons: entry.ineligibleReasons.map((reason) => ({ ...reason })),
  conflictOfInterest: conflict,
  scores,
});

/**
 * Enters one KIM of the round's region (admin only), until the entry window closes. An ineligible
 * KIM is refused (422) with its reasons; entering the same KIM again changes nothing.
 */
export const addEntry = async (
  deps: AwardDeps,
  principal: Principal,
  roundId: string,
  body: unknown,
): Promise<{ entry: EntryView; created: boolean }> => {
  const round = await adminRound(deps, principal, roundId);
  const { registrationId } = parsed(entryInputSchema, body);
  assertEntriesOpen(deps, round);
  const kim = isUlid(registrationId) ? await deps.kims.get(registrationId) : undefined;
  if (kim === undefined || !isWithin(round.regionCode, kim.villageCode)) {
    throw new ValidationError([
      {
        field: 'registrationId',
        message: `Tidak ada KIM dengan id ini di wilayah babak (${round.regionCode}).`,
        messageEn: `No KIM with this id in the round's region (${round.regionCode}).`,
      },
    ]);
  }
  const entry = entryOf(round, kim, 'ADMIN', at(deps.clock));
  if (!entry.eligible) {
    throw new IneligibleEntryError(entry.id, entry.ineligibleReasons);
  }
  const outcome = guarded(
    await deps.store.addEntry(
      entry,
      audit(deps, principal, 'ADD_ENTRY', { source: 'ADMIN' }, { entryId: entry.id }),
    ),
  );
  if (outcome === 'exists') {
    const existing = await deps.store.getEntry(round.id, entry.id);
    if (existing === undefined) throw new ConcurrentModificationError();
    return { entry: toEntryView(existing, false, []), created: false };
  }
  return { entry: toEntryView(entry, false, []), created: true };
};

export interface AutomaticEntryReport {
  /** Entries recorded now, eligible or not. */
  readonly entered: number;
  /** Registrations already entered before: nothing written. */
  readonly alreadyEntered: number;
  readonly eligible: number;
  readonly ineligible: ReadonlyArray<{
    readonly id: string;
    readonly reasons: EntryView['ineligibleReasons'];
  }>;
}

/**
 * Enters every KIM of the round's region (admin only, until the entry window closes): eligible ones
 * to be judged, ineligible ones listed with their reasons and never ranked. Running it again
 * enters only KIM that were not entered yet.
 */
export const enterAutomatically = async (
  deps: AwardDeps,
  principal: Principal,
  roundId: string,
): Promise<AutomaticEntryReport> => {
  const round = await adminRound(deps, principal, roundId);
  assertEntriesOpen(deps, round);
  let entered = 0;
  let alreadyEntered = 0;
  let eligible = 0;
  const ineligible: Array<{ id: string; reasons: EntryView['ineligibleReasons'] }> = [];
  for await (const kim of deps.kims.listInRegion(round.regionCode)) {
    const entry = entryOf(round, kim, 'AUTOMATIC', at(deps.clock));
    const outcome = guarded(
      await deps.store.addEntry(
        entry,
        audit(
          deps,
          principal,
          'ADD_ENTRY',
          { source: 'AUTOMATIC', eligible: entry.eligible },
          { entryId: entry.id },
        ),
      ),
    );
    const stored = outcome === 'exists' ? await deps.store.getEntry(round.id, entry.id) : entry;
    if (outcome === 'exists') alreadyEntered++;
    else entered++;
    if (stored === undefined || stored.eligible) eligible++;
    else
      ineligible.push({ id: stored.id, reasons: stored.ineligibleReasons.map((reason) => ({ ...reason })) });
  }
  return { entered, alreadyEntered, eligible, ineligible };
};

const judgingClosed = (deps: AwardDeps, round: Round) =>
  Date.parse(at(deps.clock)) >= Date.parse(round.judgingWindow.closesAt);

/**
 * The round's entries (eligible and not) with the scores the caller may see: before the judging
 * window closes a juror sees only their own; an admin who is not a juror of the round sees all.
 */
export const listEntries = async (
  deps: AwardDeps,
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
  deps: AwardDeps,
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
const computeRanking = async (deps: AwardDeps, round: Round): Promise<RankingView> => {
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
  deps: AwardDeps,
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
  deps: AwardDeps,
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
  deps: AwardDeps,
  principal: Principal,
  roundId: string,
): Promise<{ items: Array<Omit<AuditEntry, 'id'>> }> => {
  const round = await adminRound(deps, principal, roundId);
  const entries = await deps.store.listAudit(round.id);
  return { items: entries.map(({ id: _id, ...entry }) => entry) };
};
