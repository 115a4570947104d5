import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { NotFoundError } from '../platform/errors.js';
import { getPublicProfile, type PublicViewDeps } from '../registrations/public-views.js';
import { type ReportReadDeps, readReportPhoto } from './read-reports.js';

/** What serving a public photo reads: the registration (VERIFIED only), the report and the bucket. */
export interface PublicPhotoDeps {
  readonly registrations: PublicViewDeps['registrations'];
  readonly reports: ReportReadDeps;
}

/** How long a browser or proxy may keep a photo: short, so a deleted report's photos go soon. */
const PHOTO_MAX_AGE_SECONDS = 300;

/**
 * `/kim/{id}/laporan/{reportId}/foto/{photoId}`: a stored (metadata-stripped) photo of a VERIFIED
 * KIM's report, served from the private bucket through this function. Served rather than
 * redirected to a presigned URL: the pages' Content-Security-Policy keeps `img-src 'self'`, the
 * bucket's address stays out of the pages, and a photo (at most 2 MB) fits a Lambda answer.
 * Anything else (unknown KIM, not verified, no such report or photo) is the same 404.
 */
export const photoResponse = async (
  deps: PublicPhotoDeps,
  request: { readonly id: string; readonly reportId: string; readonly photoId: string },
): Promise<APIGatewayProxyStructuredResultV2> => {
  const profile = await getPublicProfile(deps, request.id);
  const photo = await readReportPhoto(deps.reports, {
    registrationId: profile.id,
    reportId: request.reportId,
    photoId: request.photoId,
  });
  if (!photo) throw new NotFoundError('Foto tidak ditemukan.', 'No such photo.');
  return {
    statusCode: 200,
    headers: {
      'content-type': photo.contentType,
      'cache-control': `public, max-age=${PHOTO_MAX_AGE_SECONDS}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'",
      'cross-origin-resource-policy': 'same-origin',
    },
    body: Buffer.from(photo.bytes).toString('base64'),
    isBase64Encoded: true,
  };
};
