import * as z from 'zod/mini';
import { isVillageCode } from '../platform/region-codes.js';
import { bilingual } from '../platform/validation/messages.js';
import { withMeta } from '../platform/validation/meta.js';
import { plainText } from '../platform/validation/text.js';
import type { Actor } from '../registrations/history.js';
import type { ActivityReportSummary, ProfileCompleteness, SkTerm } from './ports.js';
import { RUBRIC } from './round.js';
import type { JurorView, ScoreView } from './view-schemas.js';

/** Why a KIM is not eligible for a round: a code and the two messages. */
export const INELIGIBLE_REASON_CODES = [
  'NOT_VERIFIED',
  'FORMED_TOO_RECENTLY',
  'TERM_EXPIRED',
  'NO_SK_TERM',
  'TOO_FEW_ACTIVITY_REPORTS',
  'OUTSIDE_REGION',
] as const;
export type IneligibleReasonCode = (typeof INELIGIBLE_REASON_CODES)[number];

export interface IneligibleReason {
  readonly code: IneligibleReasonCode;
  readonly message: string;
  readonly messageEn: string;
}

/**
 * How an entry came in: added by an admin, entered automatically from the region's registrations,
 * or by the KIM itself (self-entry, with a statement).
 */
export const ENTRY_SOURCES = ['ADMIN', 'AUTOMATIC', 'SELF'] as const;
export type EntrySource = (typeof ENTRY_SOURCES)[number];

/**
 * An entry of a round: one registration (its id is the entry's), with the public facts of the KIM
 * the jurors see. An ineligible KIM is kept with its reasons, so the round lists them, and never
 * ranked. No personal data: the KIM's name and village are public.
 */
export interface Entry {
  readonly roundId: string;
  readonly id: string;
  readonly name: string;
  readonly villageCode: string;
  readonly villageName: string;
  readonly districtCode: string;
  readonly enteredAt: string;
  readonly source: EntrySource;
  readonly eligible: boolean;
  readonly ineligibleReasons: readonly IneligibleReason[];
  /** The KIM's short statement, when it entered itself. */
  readonly statement?: string;
  /** What the registry measured of the KIM when the entry was recorded (absent on older entries). */
  readonly facts?: EntryFacts;
}

/**
 * The facts of a KIM measured once, when its entry is recorded: what eligibility was decided on,
 * what the `MORE_ACTIVITY_REPORTS` tie-break compares and what the automatic indicators show the
 * jurors. Kept with the entry, so the ranking recomputes from the table alone. Counts and flags only.
 */
export interface EntryFacts {
  readonly measuredAt: string;
  /** In the round's activity period; absent when the registry had no activity-report port. */
  readonly activityReports?: ActivityReportSummary;
  readonly profileCompleteness: ProfileCompleteness;
  /** The current SK term at entry; null when no SK document is uploaded; absent when not measured. */
  readonly skTerm?: SkTerm | null;
}

/** A console user assigned as a juror of a round, with the villages they declared a conflict with. */
export interface JurorAssignment {
  readonly roundId: string;
  /** The user's `sub`. */
  readonly sub: string;
  readonly username: string;
  readonly assignedAt: string;
  readonly conflictVillages: readonly string[];
  readonly version: number;
}

/** One juror's score of one criterion, with an optional note. */
export interface CriterionScore {
  readonly score: number;
  readonly note?: string;
}

/** Everything one juror scored of one entry: criterion id → score. */
export interface ScoreSheet {
  readonly roundId: string;
  readonly entryId: string;
  readonly jurorSub: string;
  readonly jurorUsername: string;
  readonly scores: Readonly<Record<string, CriterionScore>>;
  readonly updatedAt: string;
  readonly version: number;
}

export const AUDIT_ACTIONS = [
  'CREATE_ROUND',
  'ASSIGN_JUROR',
  'DECLARE_CONFLICT',
  'ADD_ENTRY',
  'SCORE',
  'REVISE_SCORE',
  'PUBLISH',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One line of a round's audit trail: who did what, when. `details` hold ids, codes and scores only. */
export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly actor: Actor;
  readonly action: AuditAction;
  readonly entryId?: string;
  readonly jurorSub?: string;
  readonly details: Readonly<Record<string, unknown>>;
}

const SUB = /^[A-Za-z0-9-]{1,128}$/;

/** Body of PUT /admin/awards/rounds/{roundId}/jurors/{sub}. */
export const jurorInputSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.strictObject({
      username: withMeta(plainText(1, 128), {
        description: 'The console user name, shown in the score sheets',
      }),
    }),
    { id: 'AwardJurorInput' },
  ))();

/** A `sub` path parameter: a Cognito user's subject. */
export const isSubject = (value: string): boolean => SUB.test(value);

/** Body of POST /admin/awards/rounds/{roundId}/conflicts. */
export const conflictsInputSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.strictObject({
      villageCodes: z
        .array(
          z
            .string()
            .check(
              z.refine(
                isVillageCode,
                bilingual(
                  'Kode desa harus berformat Kemendagri, contoh 51.02.05.2006.',
                  'Village code must be a Kemendagri code such as 51.02.05.2006.',
                ),
              ),
            ),
        )
        .check(z.minLength(1), z.maxLength(50)),
    }),
    { id: 'AwardConflictsInput' },
  ))();

/** Body of POST /admin/awards/rounds/{roundId}/entries. */
export const entryInputSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.strictObject({
      registrationId: withMeta(z.string().check(z.minLength(1), z.maxLength(64)), {
        description: 'Id of the KIM registration to enter',
      }),
    }),
    { id: 'AwardEntryInput' },
  ))();

/** Body of PUT /admin/awards/rounds/{roundId}/entries/{entryId}/scores: the caller's own scores. */
export const scoresInputSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.strictObject({
      scores: z
        .array(
          z.strictObject({
            criterionId: z.string().check(z.minLength(1), z.maxLength(40)),
            score: withMeta(z.int().check(z.minimum(0), z.maximum(RUBRIC.maxScore)), {
              description: 'An integer 0–100',
            }),
            note: z.optional(plainText(1, 1000)),
          }),
        )
        .check(
          z.minLength(1),
          z.maxLength(RUBRIC.maxCriteria),
          z.superRefine((scores, ctx) => {
            const seen = new Set<string>();
            scores.forEach((score, index) => {
              if (seen.has(score.criterionId)) {
                ctx.addIssue({
                  code: 'custom',
                  path: [index, 'criterionId'],
                  input: score.criterionId,
                  ...bilingual(
                    'Kriteria ini sudah dinilai di permintaan yang sama.',
                    'This criterion is already scored in the same request.',
                  ),
                });
              }
              seen.add(score.criterionId);
            });
          }),
        ),
    }),
    { id: 'AwardScoresInput' },
  ))();
export type ScoresInput = z.output<typeof scoresInputSchema>;

export const toJurorView = (juror: JurorAssignment): JurorView => ({
  sub: juror.sub,
  username: juror.username,
  assignedAt: juror.assignedAt,
  conflictVillages: [...juror.conflictVillages],
});

export const scoreViewsOf = (sheet: ScoreSheet): ScoreView[] =>
  Object.entries(sheet.scores)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([criterionId, score]) => ({
      jurorSub: sheet.jurorSub,
      jurorUsername: sheet.jurorUsername,
      criterionId,
      score: score.score,
      ...(score.note === undefined ? {} : { note: score.note }),
    }));
