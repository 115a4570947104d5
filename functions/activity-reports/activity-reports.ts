import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  type ActivityReportDeps,
  authoriseByEditToken,
  confirmPhotoUpload,
  createReport,
  deleteReport,
  getReport,
  listReports,
  requestPhotoUpload,
} from '../../shared/activity-reports/reports.js';
import { activityReportApiDependencies } from '../../shared/activity-reports/wiring.js';
import { httpHandler } from '../../shared/platform/http/handler.js';
import { readJsonBody } from '../../shared/platform/http/json-body.js';
import { json } from '../../shared/platform/http/responses.js';
import { type Router, router } from '../../shared/platform/http/router.js';
import { logger } from '../../shared/platform/logger.js';
import type { RegistrationQueryRepository } from '../../shared/registrations/ports.js';

type Deps = ActivityReportDeps & { readonly registrations: Pick<RegistrationQueryRepository, 'get'> };

const dependencies = activityReportApiDependencies();

/** The registration the request's edit token (X-Edit-Token) opens. */
const authorised = (deps: Deps, event: APIGatewayProxyEventV2): Promise<string> =>
  authoriseByEditToken(deps.registrations, event.pathParameters?.id ?? '', event.headers['x-edit-token']);

/**
 * The activity reports of a KIM, by its edit token: create (idempotent with an Idempotency-Key),
 * list, read and delete reports; announce, upload (presigned PUT) and confirm their photos.
 */
export const activityReports = (deps: Deps): Router =>
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
    'POST /registrations/{id}/reports/{reportId}/photos': async (event) => {
      const ticket = await requestPhotoUpload(deps, {
        registrationId: await authorised(deps, event),
        reportId: event.pathParameters?.reportId ?? '',
        body: readJsonBody(event),
      });
      logger.info('Report photo announced', { photoId: ticket.photoId });
      return json(201, ticket);
    },
    'POST /registrations/{id}/reports/{reportId}/photos/{photoId}/confirm': async (event) => {
      const photoId = event.pathParameters?.photoId ?? '';
      const { created, report } = await confirmPhotoUpload(deps, {
        registrationId: await authorised(deps, event),
        reportId: event.pathParameters?.reportId ?? '',
        photoId,
      });
      logger.info(created ? 'Report photo kept' : 'Report photo confirmed again', { photoId });
      return json(created ? 201 : 200, report);
    },
  });

export const handler = httpHandler(activityReports(dependencies));
