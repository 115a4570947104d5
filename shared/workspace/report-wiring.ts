import { activityReportDependencies } from '../activity-reports/wiring.js';
import { getDocumentConfig } from '../documents/config.js';
import { systemClock } from '../platform/clock.js';
import { s3Requests } from '../platform/s3/client.js';
import { registrationReader } from '../registrations/read-wiring.js';
import { getWorkspaceConfig } from './config.js';
import type { WorkspaceReportDeps } from './report-routes.js';

/**
 * The ports of the activity report pages (`/kelola/laporan`), a function of their own: they need
 * no mailer, and the workspace function would not stay within its bundle budget with them. A
 * wiring module of their own too, so the mail client the sign-in needs is not bundled with them.
 */
export const workspaceReportDependencies = (): WorkspaceReportDeps => ({
  formSecret: getWorkspaceConfig().FORM_SECRET,
  clock: systemClock,
  registrationReader: registrationReader(),
  uploadOrigin: s3Requests().objectUrl(getDocumentConfig().DOCUMENT_BUCKET, 'pending/').origin,
  reports: activityReportDependencies(),
});
