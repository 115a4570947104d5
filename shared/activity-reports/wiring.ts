import { ulid } from 'ulid';
import { getDocumentConfig } from '../documents/config.js';
import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { s3Requests } from '../platform/s3/client.js';
import { registrationReader } from '../registrations/read-wiring.js';
import { REPORT_LIMITS } from './activity-report.js';
import { DynamoDbReportRecords } from './dynamodb/report-records.js';
import type { ActivityReportDeps } from './reports.js';
import { S3PhotoFiles } from './s3/photo-files.js';

/** The report records of this function (the table named by its configuration). */
export const reportRecords = () =>
  new DynamoDbReportRecords(dynamoDbClient, getConfig().TABLE_NAME, REPORT_LIMITS.reportsPerKim);

/** The ports of the report functions: the report records, the bucket, the clock and ids. */
export const activityReportDependencies = (): ActivityReportDeps => ({
  records: reportRecords(),
  files: new S3PhotoFiles(s3Requests(), getDocumentConfig().DOCUMENT_BUCKET),
  clock: systemClock,
  newId: ulid,
});

/** What the API adds: the registration reads its edit-token check needs. */
export const activityReportApiDependencies = () => ({
  ...activityReportDependencies(),
  registrations: registrationReader(),
});
