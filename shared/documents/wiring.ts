import { ulid } from 'ulid';
import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { s3Requests } from '../platform/s3/client.js';
import { S3ObjectFiles } from '../platform/s3/object-files.js';
import { registrationReader } from '../registrations/read-wiring.js';
import { getDocumentConfig } from './config.js';
import { DynamoDbDocumentRecords } from './dynamodb/document-records.js';
import type { SkDocumentDeps } from './sk-documents.js';

/** The ports of the SK document functions: registration reads, the document records and the bucket. */
export const skDocumentDependencies = (): SkDocumentDeps => ({
  registrations: registrationReader(),
  records: new DynamoDbDocumentRecords(dynamoDbClient, getConfig().TABLE_NAME),
  files: new S3ObjectFiles(s3Requests(), getDocumentConfig().DOCUMENT_BUCKET),
  clock: systemClock,
  newId: ulid,
});
