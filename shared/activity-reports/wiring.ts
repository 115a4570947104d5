import { ulid } from 'ulid';
import { getDocumentConfig } from '../documents/config.js';
import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { s3Requests } from '../platform/s3/client.js';
import { S3ObjectFiles } from '../platform/s3/object-files.js';
import type { RegistrationQueryRepository } from '../registrations/ports.js';
import { registrationReader } from '../registrations/read-wiring.js';
import { DynamoDbReportRecords } from './dynamodb/report-records.js';
import { REPORT_LIMITS } from './report.js';
import { type ActivityReportDeps, authoriseByEditToken } from './reports.js';

/** The ports of the report functions: the report records, the bucket, the clock and ids. */
export const activityReportDependencies = (): ActivityReportDeps => ({
  records: new DynamoDbReportRecords(dynamoDbClient, getConfig().TABLE_NAME, REPORT_LIMITS.reportsPerKim),
  files: new S3ObjectFiles(s3Requests(), getDocumentConfig().DOCUMENT_BUCKET),
  clock: systemClock,
  newId: ulid,
});

/** What the API adds: the registration reads its edit-token check needs. */
export interface ActivityReportApiDeps extends ActivityReportDeps {
  readonly registrations: Pick<RegistrationQueryRepository, 'get'>;
}

export const activityReportApiDependencies = (): ActivityReportApiDeps => ({
  ...activityReportDependencies(),
  registrations: registrationReader(),
});

/** The registration the request's edit token (X-Edit-Token) opens: 404 or 403 otherwise. */
export const authorised = (
  deps: ActivityReportApiDeps,
  event: {
    readonly pathParameters?: Record<string, string | undefined>;
    readonly headers: Record<string, string | undefined>;
  },
): Promise<string> =>
  authoriseByEditToken(deps.registrations, event.pathParameters?.id ?? '', event.headers['x-edit-token']);
