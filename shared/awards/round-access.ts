import type * as z from 'zod/mini';
import { actorOf, type Principal, requireAdmin } from '../auth/principal.js';
import type { Clock } from '../platform/clock.js';
import { ConcurrentModificationError, ValidationError } from '../platform/errors.js';
import { isUlid } from '../platform/ids.js';
import { isWithin } from '../platform/region-codes.js';
import { describeIssues } from '../platform/validation/messages.js';
import type { RegionRepository } from '../regions/region.js';
import { notAJuror, RoundFrozenError, roundNotFound } from './errors.js';
import { indicatorsOf } from './indicators.js';
import type { AuditAction, AuditEntry, Entry, JurorAssignment } from './model.js';
import type { ActivityReportCounts, AwardStore, GuardedWrite, KimSource, TermStatus } from './ports.js';
import type { Round } from './round.js';
import type { EntryView, ScoreView } from './view-schemas.js';

/** The ports every award use case takes. */
export interface AwardCoreDeps {
  readonly store: AwardStore;
  readonly clock: Clock;
  readonly newId: () => string;
  /** The deployment scope: every round is for a region inside it. */
  readonly scope: string;
}

/** The ports of the round set-up use cases: the core, and what entering KIM needs. */
export interface AwardDeps extends AwardCoreDeps {
  readonly kims: KimSource;
  readonly regions: RegionRepository;
  /** Activity reports in a period; without it, rounds needing them are refused (422). */
  readonly activityReports?: ActivityReportCounts;
  /** SK terms; without it, rounds needing them are refused (422). */
  readonly terms?: TermStatus;
}

export const MANAGE = { id: 'mengelola babak penghargaan', en: 'manage award rounds' } as const;

export const parsed = <T>(schema: z.ZodMiniType<T>, value: unknown): T => {
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw new ValidationError(describeIssues(result.error.issues));
  return result.data;
};

export const at = (clock: Clock) => clock.now().toISOString();

export const audit = (
  deps: AwardCoreDeps,
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
export const guarded = (outcome: GuardedWrite): 'written' | 'exists' => {
  if (outcome === 'frozen') throw new RoundFrozenError();
  if (outcome === 'conflict') throw new ConcurrentModificationError();
  return outcome;
};

/** Whether two region codes overlap: one is inside the other. */
export const overlaps = (a: string, b: string) => isWithin(a, b) || isWithin(b, a);

export interface RoundAccess {
  readonly round: Round;
  /** The caller's assignment, when they are a juror of the round. */
  readonly juror: JurorAssignment | undefined;
}

/**
 * The round and the caller's place in it: an admin may act on every round of the scope; anyone
 * else only on a round they are a juror of, whose region overlaps their own (404 for an unknown
 * round, 403 otherwise).
 */
export const accessRound = async (
  deps: AwardCoreDeps,
  principal: Principal,
  roundId: string,
): Promise<RoundAccess> => {
  const round = isUlid(roundId) ? await deps.store.getRound(roundId, { consistent: true }) : undefined;
  if (round === undefined || !isWithin(deps.scope, round.regionCode)) throw roundNotFound();
  const juror = await deps.store.getJuror(round.id, principal.subject);
  if (principal.role === 'admin') return { round, juror };
  if (juror === undefined || !overlaps(principal.regionCode, round.regionCode)) throw notAJuror();
  return { round, juror };
};

export const adminRound = async (
  deps: AwardCoreDeps,
  principal: Principal,
  roundId: string,
): Promise<Round> => {
  requireAdmin(principal, MANAGE);
  return (await accessRound(deps, principal, roundId)).round;
};

export const openRound = (round: Round): void => {
  if (round.status !== 'OPEN') throw new RoundFrozenError();
};

/**
 * An entry as the API shows it; with its `round`, the automatic indicators of the round's criteria
 * (without, none).
 */
export const toEntryView = (
  entry: Entry,
  conflict: boolean,
  scores: ScoreView[],
  round?: Pick<Round, 'criteria' | 'activityPeriod'>,
): EntryView => ({
  id: entry.id,
  name: entry.name,
  villageCode: entry.villageCode,
  villageName: entry.villageName,
  districtCode: entry.districtCode,
  enteredAt: entry.enteredAt,
  source: entry.source,
  eligible: entry.eligible,
  ineligibleReasons: entry.ineligibleReasons.map((reason) => ({ ...reason })),
  ...(entry.statement === undefined ? {} : { statement: entry.statement }),
  ...(entry.facts?.activityReports === undefined
    ? {}
    : { activityReportsInPeriod: entry.facts.activityReports.reports }),
  indicators: round === undefined ? [] : indicatorsOf(round, entry.facts),
  conflictOfInterest: conflict,
  scores,
});

export const judgingClosed = (deps: AwardCoreDeps, round: Round) =>
  Date.parse(at(deps.clock)) >= Date.parse(round.judgingWindow.closesAt);
