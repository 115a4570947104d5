import * as z from 'zod/mini';
import { withMeta } from '../platform/validation/meta.js';
import { actorSchema } from '../registrations/schema.js';
import { AUDIT_ACTIONS, ENTRY_SOURCES, INELIGIBLE_REASON_CODES } from './model.js';
import {
  ENTRY_MODES,
  INDICATOR_CODES,
  MISSING_SCORE_RULES,
  ROUND_STATUSES,
  roundSchemas,
  TIE_BREAK_RULES,
} from './round.js';

/*
 * The schemas of what the award API answers: they document it (the OpenAPI document) and give the
 * views their types. Apart from the use cases, so the function's bundle carries none of them.
 */

const ineligibleReasonSchema = z.object({
  code: z.enum(INELIGIBLE_REASON_CODES),
  message: z.string(),
  messageEn: z.string(),
});

export const jurorViewSchema = withMeta(
  z.object({
    sub: z.string(),
    username: z.string(),
    assignedAt: z.iso.datetime(),
    conflictVillages: z.array(z.string()),
  }),
  { id: 'AwardJuror' },
);
export type JurorView = z.infer<typeof jurorViewSchema>;

export const scoreViewSchema = z.object({
  jurorSub: z.string(),
  jurorUsername: z.string(),
  criterionId: z.string(),
  score: z.int(),
  note: z.optional(z.string()),
});
export type ScoreView = z.infer<typeof scoreViewSchema>;

export const entryViewSchema = withMeta(
  z.object({
    id: z.string(),
    name: z.string(),
    villageCode: z.string(),
    villageName: z.string(),
    districtCode: z.string(),
    enteredAt: z.iso.datetime(),
    source: z.enum(ENTRY_SOURCES),
    eligible: z.boolean(),
    ineligibleReasons: z.array(ineligibleReasonSchema),
    statement: withMeta(z.optional(z.string()), {
      description: 'The KIM’s short statement, when it entered itself (source SELF)',
    }),
    activityReportsInPeriod: withMeta(z.optional(z.int()), {
      description:
        'Activity reports dated in the round’s activity period, counted when the entry was recorded (what MORE_ACTIVITY_REPORTS compares)',
    }),
    indicators: withMeta(
      z.array(
        z.object({
          criterionId: z.string(),
          indicator: z.enum(INDICATOR_CODES),
          value: z.nullable(z.number()),
          outOf: z.optional(z.int()),
          text: z.string(),
          textEn: z.string(),
        }),
      ),
      {
        description:
          'The automatic indicator of each criterion that names one, measured when the entry was recorded; value null when it was not measured',
      },
    ),
    conflictOfInterest: withMeta(z.boolean(), {
      description: 'The caller declared a conflict with the entry’s village and may not score it',
    }),
    scores: withMeta(z.array(scoreViewSchema), {
      description:
        'The scores the caller may see: a juror sees only their own until the judging window closes; an admin who is not a juror of the round sees all',
    }),
  }),
  { id: 'AwardEntry' },
);
export type EntryView = z.infer<typeof entryViewSchema>;

export const scoreSheetViewSchema = withMeta(
  z.object({
    entryId: z.string(),
    changed: withMeta(z.boolean(), {
      description: 'False when the same scores were submitted again: nothing was written',
    }),
    scores: z.array(scoreViewSchema),
    updatedAt: z.iso.datetime(),
  }),
  { id: 'AwardScoreSheet' },
);

export const auditEntryViewSchema = withMeta(
  z.object({
    at: z.iso.datetime(),
    actor: actorSchema,
    action: z.enum(AUDIT_ACTIONS),
    entryId: z.optional(z.string()),
    jurorSub: z.optional(z.string()),
    details: z.record(z.string(), z.unknown()),
  }),
  { id: 'AwardAuditEntry' },
);

/** An exact fraction as JSON: numerator and denominator as decimal strings, and a rounded value to read. */
export const fractionSchema = withMeta(
  z.object({
    numerator: z.string(),
    denominator: z.string(),
    value: withMeta(z.string(), { description: 'Rounded half up to 2 decimals, for reading only' }),
  }),
  { id: 'ExactFraction' },
);
export type FractionView = z.infer<typeof fractionSchema>;

export const rankingViewSchema = withMeta(
  z.object({
    missingScoreRule: z.enum(MISSING_SCORE_RULES),
    tieBreak: z.array(z.enum(TIE_BREAK_RULES)),
    entries: z.array(
      z.object({
        entryId: z.string(),
        rank: z.nullable(z.int()),
        standing: withMeta(z.enum(['COMPLETE', 'INCOMPLETE', 'UNRANKED']), {
          description:
            'COMPLETE: every expected juror scored every weighted criterion. INCOMPLETE: ranked on the mean of the jurors who scored (missingScoreRule MEAN_OF_SCORED). UNRANKED: scores are missing and the round requires them all, or a weighted criterion has none.',
        }),
        missing: z.array(z.object({ jurorId: z.string(), criterionId: z.string() })),
        criteria: z.array(
          z.object({
            criterionId: z.string(),
            weight: z.int(),
            scoreCount: z.int(),
            scoreSum: z.int(),
            mean: z.optional(fractionSchema),
          }),
        ),
        total: withMeta(z.optional(fractionSchema), { description: 'Σ weight × mean / 100, out of 100' }),
        tie: withMeta(
          z.optional(z.object({ withEntryId: z.string(), brokenBy: z.nullable(z.enum(TIE_BREAK_RULES)) })),
          {
            description:
              'Present when the total equals that of the entry just above: the rule that separated them, or null when they share a rank',
          },
        ),
      }),
    ),
  }),
  { id: 'AwardRanking' },
);
export type RankingView = z.infer<typeof rankingViewSchema>;

export const roundViewSchema = withMeta(
  z.object({
    id: z.string(),
    name: z.string(),
    regionCode: z.string(),
    activityPeriod: z.object({ start: z.string(), end: z.string() }),
    entryWindow: z.object({ opensAt: z.string(), closesAt: z.string() }),
    judgingWindow: z.object({ opensAt: z.string(), closesAt: z.string() }),
    eligibility: roundSchemas().eligibility,
    entryMode: z.enum(ENTRY_MODES),
    missingScoreRule: z.enum(MISSING_SCORE_RULES),
    tieBreak: z.array(z.enum(TIE_BREAK_RULES)),
    criteria: z.array(roundSchemas().criterion),
    status: z.enum(ROUND_STATUSES),
    createdAt: z.iso.datetime(),
    publishedAt: z.optional(z.iso.datetime()),
  }),
  { id: 'AwardRound' },
);
export type RoundView = z.infer<typeof roundViewSchema>;
