import { getDocumentConfig } from '../documents/config.js';
import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { s3Requests } from '../platform/s3/client.js';
import { S3ObjectFiles } from '../platform/s3/object-files.js';
import { registrationReader } from '../registrations/read-wiring.js';
import { DynamoDbReportReader } from './dynamodb/report-reader.js';
import type { PublicPhotoDeps } from './public-photos.js';
import type { ReportReadDeps } from './read-reports.js';

/** The report reads of this function (the table named by its configuration): no write path bundled. */
export const reportReader = () => new DynamoDbReportReader(dynamoDbClient, getConfig().TABLE_NAME);

/** The ports of the function that serves report photos: the reads, and the bucket. */
export const reportReadDependencies = (): ReportReadDeps => ({
  records: reportReader(),
  files: new S3ObjectFiles(s3Requests(), getDocumentConfig().DOCUMENT_BUCKET),
});

/** The ports of the public photo route: registration reads (VERIFIED only) and the report reads. */
export const publicPhotoDependencies = (): PublicPhotoDeps => ({
  registrations: registrationReader(),
  reports: reportReadDependencies(),
});
