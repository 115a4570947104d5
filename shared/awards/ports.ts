import type { AuditEntry, Entry, JurorAssignment, ScoreSheet } from './model.js';
import type { RankingView } from './ranking-view.js';
import type { Round } from './round.js';

/** Outcome of a write the round's state guards: `frozen` when the round is published (or the window shut). */
export type GuardedWrite = 'written' | 'exists' | 'conflict' | 'frozen';

export interface RoundPage {
  readonly items: Round[];
  readonly nextCursor: string | null;
}

/**
 * Storage of award rounds, one partition per round: the round, its jurors, entries, score sheets,
 * published result and audit trail. Every write that changes a round's outcome checks, in the same
 * transaction, that the round is still OPEN, and writes its audit entry.
 */
export interface AwardStore {
  createRound(round: Round, audit: AuditEntry): Promise<void>;
  getRound(id: string, options?: { readonly consistent?: boolean }): Promise<Round | undefined>;
  /** Rounds of `regionCode` and of every region inside it, by region code then id. Throws InvalidCursorError. */
  listRounds(query: {
    readonly regionCode: string;
    readonly limit: number;
    readonly cursor?: string | undefined;
  }): Promise<RoundPage>;
  /** Ids of the rounds `sub` is a juror of. */
  listJurorRounds(sub: string): Promise<string[]>;

  /** Assigns a juror; `exists` when already assigned (nothing written). */
  assignJuror(round: Round, juror: JurorAssignment, audit: AuditEntry): Promise<GuardedWrite>;
  getJuror(roundId: string, sub: string): Promise<JurorAssignment | undefined>;
  listJurors(roundId: string): Promise<JurorAssignment[]>;
  /** Replaces `previous` by `next` if unchanged (same version); `conflict` otherwise. */
  updateJuror(previous: JurorAssignment, next: JurorAssignment, audit: AuditEntry): Promise<GuardedWrite>;

  /** Adds an entry; `exists` when the registration is already entered (nothing written). */
  addEntry(entry: Entry, audit: AuditEntry): Promise<GuardedWrite>;
  getEntry(roundId: string, entryId: string): Promise<Entry | undefined>;
  listEntries(roundId: string): Promise<Entry[]>;

  getScoreSheet(roundId: string, entryId: string, jurorSub: string): Promise<ScoreSheet | undefined>;
  /** Every score sheet of a round (by entry, then juror). */
  listScoreSheets(roundId: string): Promise<ScoreSheet[]>;
  /** The score sheets of one juror in a round. */
  listJurorScoreSheets(roundId: string, jurorSub: string): Promise<ScoreSheet[]>;
  /**
   * Writes `next` if the stored sheet is still `previous` (none for a first score) and the juror's
   * assignment is still at `juror.version` (no conflict declared meanwhile), while the round is OPEN
   * and its judging window has not closed at `now`; `conflict` when the sheet or the juror changed.
   */
  saveScoreSheet(
    previous: ScoreSheet | undefined,
    next: ScoreSheet,
    juror: JurorAssignment,
    audit: AuditEntry,
    now: string,
  ): Promise<GuardedWrite>;

  /** Marks the round PUBLISHED with its result, if it is still OPEN at `round.version`. */
  publish(round: Round, publishedAt: string, result: RankingView, audit: AuditEntry): Promise<GuardedWrite>;
  getResult(roundId: string): Promise<RankingView | undefined>;
  /** The audit trail of a round, oldest first. */
  listAudit(roundId: string): Promise<AuditEntry[]>;
}

/** A KIM as an award round sees it: public facts only. */
export interface KimCandidate {
  readonly id: string;
  readonly name: string;
  readonly villageCode: string;
  readonly villageName: string;
  readonly districtCode: string;
  readonly status: string;
  /** The date of its SK (YYYY-MM-DD): when it was formed. */
  readonly formedOn: string;
}

/** The KIM of the registry, read through the registrations feature. */
export interface KimSource {
  get(id: string): Promise<KimCandidate | undefined>;
  /** Every registration inside `regionCode`, whatever its status. */
  listInRegion(regionCode: string): AsyncIterable<KimCandidate>;
}

/**
 * Activity reports of a KIM in a period: what `minActivityReports`, the `MORE_ACTIVITY_REPORTS`
 * tie-break and the report indicators need. No adapter exists until the registry keeps activity
 * reports; until then rounds that need it are refused (422).
 */
export interface ActivityReportCounts {
  count(registrationId: string, period: { readonly start: string; readonly end: string }): Promise<number>;
}

/**
 * Whether a KIM's SK term has expired on a date: what `termNotExpired` needs. No adapter exists
 * until the registry keeps SK terms; until then rounds that need it are refused (422).
 */
export interface TermStatus {
  expiredOn(registrationId: string, date: string): Promise<boolean>;
}
