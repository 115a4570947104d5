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

/** How complete a KIM's profile is: the optional parts it filled, of those counted. */
export interface ProfileCompleteness {
  readonly filled: number;
  readonly total: number;
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
  readonly profileCompleteness: ProfileCompleteness;
}

/** The KIM of the registry, read through the registrations feature. */
export interface KimSource {
  get(id: string): Promise<KimCandidate | undefined>;
  /** Every registration inside `regionCode`, whatever its status. */
  listInRegion(regionCode: string): AsyncIterable<KimCandidate>;
}

/** What a KIM reported of the activities dated in a period (inclusive). */
export interface ActivityReportSummary {
  /** Activity reports dated in the period. */
  readonly reports: number;
  /** Distinct links (information products: articles, videos, posts) of those reports. */
  readonly informationProductLinks: number;
  /** Those reports of type KEMITRAAN_PPID (partnership with the PPID). */
  readonly ppidPartnershipReports: number;
}

/**
 * Activity reports of a KIM in a period, by the activity's date: what `minActivityReports`, the
 * `MORE_ACTIVITY_REPORTS` tie-break and the report indicators need.
 */
export interface ActivityReportCounts {
  summary(
    registrationId: string,
    period: { readonly start: string; readonly end: string },
  ): Promise<ActivityReportSummary>;
}

/** A KIM's current SK term: its last day, and whether it has passed. */
export interface SkTerm {
  readonly end: string;
  /** The last day is before the KIM's today (its region's time zone). */
  readonly expired: boolean;
}

/** The SK terms of the KIM (from their uploaded SK documents): what `termNotExpired` and `SK_VALID` need. */
export interface TermStatus {
  /** The current term at `now`; undefined when the KIM has no SK document uploaded. */
  termAt(registrationId: string, now: Date): Promise<SkTerm | undefined>;
}
