import * as z from 'zod/mini';
import { isRegionCode } from '../platform/region-codes.js';
import { bilingual } from '../platform/validation/messages.js';
import { withMeta } from '../platform/validation/meta.js';
import { plainText } from '../platform/validation/text.js';
import type { Actor } from '../registrations/history.js';
import type { RoundView } from './view-schemas.js';

/**
 * How a round fills its entries: every eligible KIM of the region entered automatically, or each
 * KIM entering itself from its workspace with a short statement.
 */
export const ENTRY_MODES = ['AUTOMATIC', 'SELF_ENTRY'] as const;
export type EntryMode = (typeof ENTRY_MODES)[number];

/**
 * What an entry some jurors did not score gets: no rank at all (`ALL_SCORES_REQUIRED`), or the
 * mean of the jurors who did score (`MEAN_OF_SCORED`), marked as such in the results.
 */
export const MISSING_SCORE_RULES = ['ALL_SCORES_REQUIRED', 'MEAN_OF_SCORED'] as const;
export type MissingScoreRule = (typeof MISSING_SCORE_RULES)[number];

/**
 * The fixed vocabulary of tie-break rules, applied in the order a round lists them to entries
 * whose weighted totals are exactly equal:
 * - `HEAVIEST_CRITERION`: the higher mean on the criterion of the largest weight (several of the
 *   same largest weight: compared one after another, in rubric order);
 * - `MORE_ACTIVITY_REPORTS`: more activity reports in the round's activity period;
 * - `EARLIER_ENTRY`: the entry recorded first.
 */
export const TIE_BREAK_RULES = ['HEAVIEST_CRITERION', 'MORE_ACTIVITY_REPORTS', 'EARLIER_ENTRY'] as const;
export type TieBreakRule = (typeof TIE_BREAK_RULES)[number];

/** Automatic indicators a criterion may show the jurors next to it (fixed vocabulary). */
export const INDICATOR_CODES = [
  'ACTIVITY_REPORTS_IN_PERIOD',
  'INFORMATION_PRODUCT_LINKS',
  'PPID_PARTNERSHIP_REPORTS',
  'PROFILE_COMPLETENESS',
  'SK_VALID',
] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];

/** Bounds of a rubric. */
export const RUBRIC = { minCriteria: 1, maxCriteria: 20, weightTotal: 100, maxScore: 100 } as const;

/** Bounds of the numeric eligibility rules. */
export const ELIGIBILITY_BOUNDS = { maxActivityReports: 1000, maxMonths: 600 } as const;

const CRITERION_ID = /^[a-z][a-z0-9-]{0,39}$/;

const timeOf = (value: string): number => Date.parse(value);

/**
 * The schemas of a round's definition, built on the first request that validates one: only
 * creating a round does (and the OpenAPI document), and building them is about 8 ms of zod set-up
 * that every other request of the award functions would pay at their cold start.
 */
const buildRoundSchemas = () => {
  const isoDate = z.iso.date({ abort: true });
  const instant = withMeta(z.iso.datetime({ offset: true, abort: true }), {
    description: 'ISO 8601 instant with a time zone, e.g. 2026-12-01T00:00:00+08:00',
  });

  const windowSchema = (id: string, en: string) =>
    z.strictObject({ opensAt: instant, closesAt: instant }).check(
      z.superRefine((window, ctx) => {
        if (!(timeOf(window.opensAt) < timeOf(window.closesAt))) {
          ctx.addIssue({
            code: 'custom',
            path: ['closesAt'],
            input: window.closesAt,
            ...bilingual(
              `Penutupan ${id} harus sesudah pembukaannya.`,
              `The ${en} must close after it opens.`,
            ),
          });
        }
      }),
    );

  /** One criterion of a rubric: scored 0–100 by each juror, weighted by an integer. */
  const criterion = withMeta(
    z.strictObject({
      id: withMeta(
        z
          .string()
          .check(
            z.regex(
              CRITERION_ID,
              bilingual(
                'Kode kriteria: huruf kecil, angka dan tanda hubung, diawali huruf, maksimal 40 karakter.',
                'Criterion code: lower-case letters, digits and hyphens, starting with a letter, at most 40 characters.',
              ),
            ),
          ),
        { examples: ['administrasi'] },
      ),
      name: withMeta(plainText(2, 120), { examples: ['Administrasi: SK, pengurus, dokumentasi'] }),
      weight: withMeta(z.int().check(z.minimum(0), z.maximum(RUBRIC.weightTotal)), {
        description: 'Integer; the weights of a rubric sum to 100. A weight of 0 counts for nothing.',
      }),
      indicator: withMeta(z.optional(z.enum(INDICATOR_CODES)), {
        description: 'Automatic indicator shown to the jurors next to the criterion',
      }),
    }),
    { id: 'AwardCriterion' },
  );

  /** The eligibility rules of a round, all configurable. */
  const eligibility = withMeta(
    z.strictObject({
      verified: withMeta(z.boolean(), { description: 'Only VERIFIED KIM are eligible' }),
      termNotExpired: withMeta(z.boolean(), { description: 'Only KIM whose SK term has not expired' }),
      minActivityReports: withMeta(
        z.optional(z.int().check(z.minimum(1), z.maximum(ELIGIBILITY_BOUNDS.maxActivityReports))),
        { description: 'At least this many activity reports in the activity period' },
      ),
      minMonthsSinceFormation: withMeta(
        z.optional(z.int().check(z.minimum(1), z.maximum(ELIGIBILITY_BOUNDS.maxMonths))),
        {
          description:
            'Formed (the date of its SK) at least this many calendar months before the first day of the activity period',
        },
      ),
    }),
    { id: 'AwardEligibility' },
  );

  const uniqueRules = (rules: readonly string[]) => new Set(rules).size === rules.length;

  /** Body of POST /admin/awards/rounds. */
  const roundInput = withMeta(
    z
      .strictObject({
        name: withMeta(plainText(3, 120), { examples: ['Penghargaan KIM Terbaik Kabupaten Tabanan 2026'] }),
        regionCode: withMeta(
          z.optional(
            z
              .string()
              .check(
                z.refine(
                  isRegionCode,
                  bilingual(
                    'Kode wilayah harus berformat Kemendagri, contoh 51.02.',
                    'Region code must be a Kemendagri code such as 51.02.',
                  ),
                ),
              ),
          ),
          { description: 'The region the round is for; default: the deployment scope (a regency)' },
        ),
        activityPeriod: withMeta(
          z.strictObject({ start: isoDate, end: isoDate }).check(
            z.refine((period) => period.start <= period.end, {
              path: ['end'],
              ...bilingual(
                'Akhir periode kegiatan tidak boleh sebelum awalnya.',
                'The activity period must not end before it starts.',
              ),
            }),
          ),
          { description: 'The dates (inclusive) of the activities the round considers' },
        ),
        entryWindow: windowSchema('masa pendaftaran', 'entry window'),
        judgingWindow: windowSchema('masa penjurian', 'judging window'),
        eligibility,
        entryMode: z.enum(ENTRY_MODES),
        missingScoreRule: z.enum(MISSING_SCORE_RULES),
        tieBreak: withMeta(
          z
            .array(z.enum(TIE_BREAK_RULES))
            .check(
              z.maxLength(TIE_BREAK_RULES.length),
              z.refine(
                uniqueRules,
                bilingual('Setiap aturan hanya boleh disebut sekali.', 'Each rule may be listed once.'),
              ),
            ),
          { description: 'Tie-break rules, applied in this order to exactly equal totals' },
        ),
        criteria: z.array(criterion).check(
          z.minLength(RUBRIC.minCriteria),
          z.maxLength(RUBRIC.maxCriteria),
          z.superRefine((criteria, ctx) => {
            const seen = new Set<string>();
            criteria.forEach((criterion, index) => {
              if (seen.has(criterion.id)) {
                ctx.addIssue({
                  code: 'custom',
                  path: [index, 'id'],
                  input: criterion.id,
                  ...bilingual('Kode kriteria ini sudah dipakai.', 'This criterion code is already used.'),
                });
              }
              seen.add(criterion.id);
            });
            const total = criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
            if (total !== RUBRIC.weightTotal) {
              ctx.addIssue({
                code: 'custom',
                input: criteria,
                ...bilingual(
                  `Jumlah bobot kriteria harus ${RUBRIC.weightTotal}, bukan ${total}.`,
                  `The criteria weights must sum to ${RUBRIC.weightTotal}, not ${total}.`,
                ),
              });
            }
          }),
        ),
      })
      .check(
        z.superRefine((round, ctx) => {
          if (timeOf(round.entryWindow.closesAt) > timeOf(round.judgingWindow.opensAt)) {
            ctx.addIssue({
              code: 'custom',
              path: ['judgingWindow', 'opensAt'],
              input: round.judgingWindow.opensAt,
              ...bilingual(
                'Masa penjurian tidak boleh dibuka sebelum masa pendaftaran ditutup.',
                'The judging window must not open before the entry window closes.',
              ),
            });
          }
        }),
      ),
    { id: 'AwardRoundInput' },
  );
  return { criterion, eligibility, roundInput };
};

type RoundSchemas = ReturnType<typeof buildRoundSchemas>;
let builtRoundSchemas: RoundSchemas | undefined;

/** The round definition's schemas (criterion, eligibility, the whole round), built once. */
export const roundSchemas = (): RoundSchemas => {
  builtRoundSchemas ??= buildRoundSchemas();
  return builtRoundSchemas;
};

/** Body of POST /admin/awards/rounds. */
export const roundInputSchema = (): RoundSchemas['roundInput'] => roundSchemas().roundInput;

export type Criterion = z.output<RoundSchemas['criterion']>;
export type Eligibility = z.output<RoundSchemas['eligibility']>;
export type RoundInput = z.output<RoundSchemas['roundInput']>;

/** Whether a round's results are still being made or published (and frozen). */
export const ROUND_STATUSES = ['OPEN', 'PUBLISHED'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** A round as stored. */
export interface Round extends Omit<RoundInput, 'regionCode'> {
  readonly id: string;
  readonly regionCode: string;
  readonly status: RoundStatus;
  readonly createdAt: string;
  readonly createdBy: Actor;
  readonly publishedAt?: string;
  /** Incremented on every change of the round item (optimistic concurrency). */
  readonly version: number;
}

export const toRoundView = (round: Round): RoundView => ({
  id: round.id,
  name: round.name,
  regionCode: round.regionCode,
  activityPeriod: round.activityPeriod,
  entryWindow: round.entryWindow,
  judgingWindow: round.judgingWindow,
  eligibility: round.eligibility,
  entryMode: round.entryMode,
  missingScoreRule: round.missingScoreRule,
  tieBreak: round.tieBreak,
  criteria: round.criteria,
  status: round.status,
  createdAt: round.createdAt,
  ...(round.publishedAt === undefined ? {} : { publishedAt: round.publishedAt }),
});
