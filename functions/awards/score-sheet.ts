import { principalOf } from '../../shared/auth/request-principal.js';
import { judgingDependencies } from '../../shared/awards/judging-wiring.js';
import type { AwardCoreDeps } from '../../shared/awards/round-access.js';
import { scoreSheetOf } from '../../shared/awards/score-sheet.js';
import { scoreSheetXlsx } from '../../shared/awards/score-sheet-xlsx.js';
import { httpHandler } from '../../shared/platform/http/handler.js';
import { type Router, router } from '../../shared/platform/http/router.js';
import { logger } from '../../shared/platform/logger.js';

const dependencies = judgingDependencies();

/**
 * GET /admin/awards/rounds/{roundId}/score-sheet (admins): the jury's score sheet in XLSX. A
 * function of its own, so the spreadsheet writer weighs on no other. Logs carry ids and counts only.
 */
export const awardScoreSheet = (deps: AwardCoreDeps): Router =>
  router({
    'GET /admin/awards/rounds/{roundId}/score-sheet': async (event) => {
      const tables = await scoreSheetOf(
        deps,
        principalOf(event, deps.scope),
        event.pathParameters?.roundId ?? '',
      );
      const body = await scoreSheetXlsx(tables);
      logger.info('Award score sheet exported', {
        roundId: event.pathParameters?.roundId,
        rows: tables.scores.rows.length,
      });
      return {
        statusCode: 200,
        headers: {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename="${tables.fileName}"`,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        },
        body: body.toString('base64'),
        isBase64Encoded: true,
      };
    },
  });

export const handler = httpHandler(awardScoreSheet(dependencies));
