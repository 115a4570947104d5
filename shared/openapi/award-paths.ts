import * as z from 'zod/mini';
import { ADMIN_API_SCOPES } from '../auth/access-policy.js';
import {
  conflictsInputSchema,
  entryInputSchema,
  jurorInputSchema,
  scoresInputSchema,
} from '../awards/model.js';
import { roundInputSchema } from '../awards/round.js';
import { selfEntryInputSchema } from '../awards/self-entry.js';
import {
  auditEntryViewSchema,
  entryViewSchema,
  jurorViewSchema,
  rankingViewSchema,
  roundViewSchema,
  scoreSheetViewSchema,
} from '../awards/view-schemas.js';
import { errorResponseSchema, validationErrorResponseSchema } from '../platform/http/schemas.js';
import { withMeta } from '../platform/validation/meta.js';
import { PAGE_LIMIT, pageSchema } from '../registrations/admin-queries.js';

const content = (schema: z.ZodMiniType) => ({ 'application/json': { schema } });
const response = (description: string, schema: z.ZodMiniType) => ({ description, content: content(schema) });
const security = [{ adminToken: [ADMIN_API_SCOPES.awards] }];

const pathParameter = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const roundId = pathParameter('roundId', 'Award round id (ULID)');

const common = {
  '401': response('No valid token / token tidak ada atau tidak valid', errorResponseSchema),
  '403': response(
    'Not an admin, not a juror of the round, or a declared conflict of interest / tidak berwenang',
    errorResponseSchema,
  ),
  '404': response('No such round or entry / tidak ditemukan', errorResponseSchema),
  '500': response('Internal error, with a request id', errorResponseSchema),
};
const bodyErrors = {
  '400': response(
    'Invalid fields, one entry per bad field / isian tidak valid',
    validationErrorResponseSchema,
  ),
  '413': response('Body over 64 KB / terlalu besar', errorResponseSchema),
  '415': response('Body not JSON in UTF-8 / bukan JSON', errorResponseSchema),
};
const stateConflict = response(
  'The round is published and frozen (roundStatus), or the action is outside its window (window), or someone changed it meanwhile / dibekukan atau di luar masa',
  withMeta(
    z.extend(errorResponseSchema, {
      roundStatus: z.optional(z.literal('PUBLISHED')),
      window: z.optional(z.enum(['entryWindow', 'judgingWindow'])),
      entryId: z.optional(z.string()),
    }),
    { id: 'AwardConflictResponse' },
  ),
);

const ineligibleResponse = response(
  'The KIM is not eligible: reasons lists the codes / tidak memenuhi syarat',
  withMeta(z.extend(errorResponseSchema, { registrationId: z.string(), reasons: z.string() }), {
    id: 'AwardIneligibleResponse',
  }),
);

const rankingAnswer = withMeta(z.object({ published: z.boolean(), ranking: rankingViewSchema }), {
  id: 'AwardRankingAnswer',
});

/** The award routes of the OpenAPI document. */
export const awardPaths = {
  '/admin/awards/rounds': {
    get: {
      operationId: 'listAwardRounds',
      summary:
        'Award rounds: an admin, those of a region and every region inside it; a juror, the rounds they judge',
      security,
      parameters: [
        {
          name: 'region',
          in: 'query',
          required: false,
          description: 'Region code; default: the deployment scope',
          schema: { type: 'string' },
        },
        {
          name: 'cursor',
          in: 'query',
          required: false,
          description: 'nextCursor of the previous page',
          schema: { type: 'string' },
        },
        {
          name: 'limit',
          in: 'query',
          required: false,
          description: `Page size, ${PAGE_LIMIT.min}–${PAGE_LIMIT.max}`,
          schema: {
            type: 'integer',
            minimum: PAGE_LIMIT.min,
            maximum: PAGE_LIMIT.max,
            default: PAGE_LIMIT.default,
          },
        },
      ],
      responses: {
        '200': response('A page of rounds', pageSchema(roundViewSchema, 'AwardRoundPage')),
        '400': bodyErrors['400'],
        ...common,
      },
    },
    post: {
      operationId: 'createAwardRound',
      summary:
        'Create an award round with its windows, eligibility rules, rubric and tie-break rules (admin only)',
      description:
        'Criteria weights are integers summing to 100; windows are ordered (the entry window closes before judging opens). The SK-term and activity-report rules, the MORE_ACTIVITY_REPORTS tie-break and the automatic indicators are evaluated on facts measured when each entry is recorded (activity reports counted by their date in the activity period). A rule the deployment has no data source for is refused with 422, never skipped.',
      security,
      requestBody: { required: true, content: content(roundInputSchema()) },
      responses: {
        '201': response('Created / dibuat', roundViewSchema),
        ...bodyErrors,
        ...common,
        '422': response(
          'The round uses a rule the deployment cannot evaluate; unsupported names the fields / aturan belum didukung',
          withMeta(z.extend(errorResponseSchema, { unsupported: z.string() }), {
            id: 'AwardUnsupportedResponse',
          }),
        ),
      },
    },
  },
  '/admin/awards/rounds/{roundId}': {
    get: {
      operationId: 'getAwardRound',
      summary: 'A round with its jurors (a juror sees only themself)',
      security,
      parameters: [roundId],
      responses: {
        '200': response(
          'The round',
          withMeta(z.extend(roundViewSchema, { jurors: z.array(jurorViewSchema) }), {
            id: 'AwardRoundDetails',
          }),
        ),
        ...common,
      },
    },
  },
  '/admin/awards/rounds/{roundId}/jurors/{sub}': {
    put: {
      operationId: 'assignAwardJuror',
      summary: 'Make a console user a juror of the round (admin only); assigning again changes nothing',
      security,
      parameters: [roundId, pathParameter('sub', 'The console user’s sub')],
      requestBody: { required: true, content: content(jurorInputSchema) },
      responses: {
        '200': response('Already a juror: unchanged', jurorViewSchema),
        '201': response('Assigned / ditugaskan', jurorViewSchema),
        ...bodyErrors,
        ...common,
        '409': stateConflict,
      },
    },
  },
  '/admin/awards/rounds/{roundId}/conflicts': {
    post: {
      operationId: 'declareAwardConflicts',
      summary:
        'The caller, a juror, declares the villages they have a conflict of interest with (added to earlier declarations)',
      security,
      parameters: [roundId],
      requestBody: { required: true, content: content(conflictsInputSchema) },
      responses: {
        '200': response('The juror with every declared village', jurorViewSchema),
        ...bodyErrors,
        ...common,
        '409': stateConflict,
      },
    },
  },
  '/admin/awards/rounds/{roundId}/entries': {
    get: {
      operationId: 'listAwardEntries',
      summary: 'Entries, eligible or not (with the reasons), with the scores the caller may see',
      security,
      parameters: [roundId],
      responses: {
        '200': response(
          'The entries',
          withMeta(z.object({ items: z.array(entryViewSchema) }), { id: 'AwardEntryList' }),
        ),
        ...common,
      },
    },
    post: {
      operationId: 'addAwardEntry',
      summary: 'Enter one KIM of the round’s region (admin only, until the entry window closes)',
      security,
      parameters: [roundId],
      requestBody: { required: true, content: content(entryInputSchema) },
      responses: {
        '200': response('Already entered: unchanged', entryViewSchema),
        '201': response('Entered / didaftarkan', entryViewSchema),
        ...bodyErrors,
        ...common,
        '409': stateConflict,
        '422': ineligibleResponse,
      },
    },
  },
  '/admin/awards/rounds/{roundId}/entries/automatic': {
    post: {
      operationId: 'enterAwardEntriesAutomatically',
      summary:
        'Enter every KIM of the round’s region (admin only): ineligible ones are recorded with their reasons and never ranked',
      security,
      parameters: [roundId],
      responses: {
        '200': response(
          'What was entered',
          withMeta(
            z.object({
              entered: z.int(),
              alreadyEntered: z.int(),
              eligible: z.int(),
              ineligible: z.array(
                z.object({
                  id: z.string(),
                  reasons: z.array(
                    z.object({ code: z.string(), message: z.string(), messageEn: z.string() }),
                  ),
                }),
              ),
            }),
            { id: 'AwardAutomaticEntryReport' },
          ),
        ),
        ...common,
        '409': stateConflict,
      },
    },
  },
  '/admin/awards/rounds/{roundId}/entries/{entryId}/scores': {
    put: {
      operationId: 'submitAwardScores',
      summary:
        'The caller, a juror, scores an entry per criterion (0–100, a note each) while judging is open; later submissions revise; the same scores again change nothing',
      security,
      parameters: [roundId, pathParameter('entryId', 'Entry id: the KIM registration id')],
      requestBody: { required: true, content: content(scoresInputSchema) },
      responses: {
        '200': response('The caller’s score sheet of the entry', scoreSheetViewSchema),
        ...bodyErrors,
        ...common,
        '409': stateConflict,
      },
    },
  },
  '/admin/awards/rounds/{roundId}/ranking': {
    get: {
      operationId: 'getAwardRanking',
      summary:
        'The ranking (admin only): the published result, or a preview from the scores stored now; exact fractions, missing scores and tie-break rules stated',
      security,
      parameters: [roundId],
      responses: { '200': response('The ranking', rankingAnswer), ...common },
    },
  },
  '/admin/awards/rounds/{roundId}/publish': {
    post: {
      operationId: 'publishAwardResults',
      summary: 'Publish the results once judging has closed (admin only); the round is frozen from then on',
      security,
      parameters: [roundId],
      responses: { '200': response('The published ranking', rankingAnswer), ...common, '409': stateConflict },
    },
  },
  '/admin/awards/rounds/{roundId}/audit': {
    get: {
      operationId: 'listAwardAudit',
      summary: 'The audit trail of a round (admin only): who did what, when, oldest first',
      security,
      parameters: [roundId],
      responses: {
        '200': response(
          'The audit trail',
          withMeta(z.object({ items: z.array(auditEntryViewSchema) }), { id: 'AwardAuditTrail' }),
        ),
        ...common,
      },
    },
  },
  '/admin/awards/rounds/{roundId}/score-sheet': {
    get: {
      operationId: 'getAwardScoreSheet',
      summary: 'The jury score sheet of a round in XLSX, for the minutes (admin only)',
      description:
        'Sheet "Lembar Nilai": one row per entry and criterion in ranking order, with each juror’s score and note (KOSONG: missing, KONFLIK: conflict of interest), the mean (rounded and as an exact fraction), the weighted score, the total, the rank, the standing, the tie-break and the missing scores. Sheet "Keterangan": the round’s rules. Sheet "Tidak Memenuhi Syarat": ineligible entries with their reasons. Once published, of the stored result; before, a preview.',
      security,
      parameters: [roundId],
      responses: {
        '200': {
          description: 'The workbook / lembar nilai',
          content: {
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: { type: 'string', format: 'binary' },
            },
          },
        },
        ...common,
      },
    },
  },
  '/registrations/{id}/award-entries/{roundId}': {
    put: {
      operationId: 'enterAwardRoundSelf',
      summary: 'A KIM enters itself in a self-entry round, with a short statement (by its edit token)',
      description:
        'Only in a round whose entryMode is SELF_ENTRY, while its entry window is open. Eligibility is decided now on the KIM’s facts (status, formation, SK term, activity reports in the period): an ineligible KIM gets 422 with the reasons and nothing is written. The same statement again answers 200 and writes nothing; another statement, or a KIM an admin already entered, is a 409.',
      parameters: [
        pathParameter('id', 'Registration id (ULID)'),
        roundId,
        {
          name: 'X-Edit-Token',
          in: 'header',
          required: true,
          description: 'The editToken of the 201 answer to POST /registrations',
          schema: { type: 'string' },
        },
      ],
      requestBody: { required: true, content: content(selfEntryInputSchema) },
      responses: {
        '200': response('Already entered with this statement: unchanged', entryViewSchema),
        '201': response('Entered / terdaftar', entryViewSchema),
        ...bodyErrors,
        '403': response('Missing or wrong edit token / token edit salah', errorResponseSchema),
        '404': response('No such registration or round / tidak ditemukan', errorResponseSchema),
        '409': response(
          'Not a self-entry round (entryMode), outside the entry window (window), the round is published, or already entered otherwise (entryId) / tidak dapat mendaftar',
          withMeta(
            z.extend(errorResponseSchema, {
              entryMode: z.optional(z.string()),
              roundStatus: z.optional(z.literal('PUBLISHED')),
              window: z.optional(z.literal('entryWindow')),
              entryId: z.optional(z.string()),
            }),
            { id: 'AwardSelfEntryConflictResponse' },
          ),
        ),
        '422': ineligibleResponse,
        '500': common['500'],
      },
    },
  },
};
