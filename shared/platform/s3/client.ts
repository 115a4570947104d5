import { S3Client } from '@aws-sdk/client-s3';

/**
 * The one S3 client of a function, created once per container. Locally the endpoint comes from
 * `AWS_ENDPOINT_URL_S3` (the S3 of fauxqs), which the SDK reads itself; a local endpoint has no
 * bucket subdomains, so it is addressed path-style. Checksums are computed only where an operation
 * requires one: a presigned PUT must not carry a checksum of an empty body, which S3 would hold the
 * uploaded bytes to.
 */
export const s3Client = new S3Client({
  forcePathStyle: process.env.AWS_ENDPOINT_URL_S3 !== undefined,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
