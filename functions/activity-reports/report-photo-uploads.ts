import { confirmPhotoUpload, requestPhotoUpload } from '../../shared/activity-reports/photo-uploads.js';
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
 * The photos of a KIM's activity reports, by its edit token: announce one (a presigned PUT under
 * pending/), then confirm it: its bytes are checked and stripped of metadata before it is kept.
 */
export const reportPhotoUploads = (deps: ActivityReportApiDeps): Router =>
  router({
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

export const handler = httpHandler(reportPhotoUploads(dependencies));
