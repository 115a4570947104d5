import { createReport, deleteReport, getReport, listReports } from '../../shared/activity-reports/reports.js';
import {
  type ActivityReportApiDeps,
  activityReportApiDependencies,
  authorised,
} from '../../shared/activity-reports/wiring.js';
import { httpHandler } from '../../shared/platform/http/handler.js';
import { readJsonBody } from '../../shared/platform/http/json-body.js';
import { json } from '../../shared/platform/http/responses.js';
import { type Router, router } from '../../shared/platform/http/router.js';
import { logger } from '../../shared/platform/logger.js';

const dependencies = activityReportApiDependencies();

/**
 * The activity reports of a KIM, by its edit token: create (idempotent with an Idempotency-Key),
 * list, read and delete (photos included). Their photos are uploaded through report-photo-uploads.ts.
 */
export const activityReports = (deps: ActivityReportApiDeps): Router =>
  router({
    'POST /registrations/{id}/reports': async (event) => {
      const registrationId = await authorised(deps, event);
      const { created, report } = await createReport(deps, {
        registrationId,
        body: readJsonBody(event),
        idempotencyKey: event.headers['idempotency-key'],
      });
      logger.info(created ? 'Activity report kept' : 'Activity report replayed', {
        reportId: report.reportId,
      });
      return json(created ? 201 : 200, report);
    },
    'GET /registrations/{id}/reports': async (event) =>
      json(
        200,
        await listReports(deps, {
          registrationId: await authorised(deps, event),
          cursor: event.queryStringParameters?.cursor,
        }),
      ),
    'GET /registrations/{id}/reports/{reportId}': async (event) =>
      json(
        200,
        await getReport(deps, {
          registrationId: await authorised(deps, event),
          reportId: event.pathParameters?.reportId ?? '',
        }),
      ),
    'DELETE /registrations/{id}/reports/{reportId}': async (event) => {
      const reportId = event.pathParameters?.reportId ?? '';
      await deleteReport(deps, { registrationId: await authorised(deps, event), reportId });
      logger.info('Activity report deleted', { reportId });
      return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
    },
  });

export const handler = httpHandler(activityReports(dependencies));
