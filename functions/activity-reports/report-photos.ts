import { type PublicPhotoDeps, photoResponse } from '../../shared/activity-reports/public-photos.js';
import { publicPhotoDependencies } from '../../shared/activity-reports/read-wiring.js';
import { router } from '../../shared/platform/http/router.js';
import { pageHandler } from '../../shared/platform/web/page-handler.js';
import { ErrorPage } from '../../shared/public-pages/error-page.js';

const dependencies = publicPhotoDependencies();

/** GET /kim/{id}/laporan/{reportId}/foto/{photoId}: a stored photo of a VERIFIED KIM's report. */
export const reportPhotos = (deps: PublicPhotoDeps) =>
  router({
    'GET /kim/{id}/laporan/{reportId}/foto/{photoId}': async (event) =>
      photoResponse(deps, {
        id: event.pathParameters?.id ?? '',
        reportId: event.pathParameters?.reportId ?? '',
        photoId: event.pathParameters?.photoId ?? '',
      }),
  });

export const handler = pageHandler(reportPhotos(dependencies), ErrorPage);
