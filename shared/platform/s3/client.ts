import { AwsClient } from 'aws4fetch';
import * as z from 'zod/mini';
import { configFromEnv } from '../config.js';

/**
 * What S3 requests are signed with: the function's credentials, which Lambda puts in the
 * environment of every function (dummy ones locally), its region, and locally the S3 endpoint
 * (`AWS_ENDPOINT_URL_S3`, the S3 of fauxqs).
 */
const s3ConfigSchema = /* @__PURE__ */ (() =>
  z.object({
    AWS_REGION: z.string().check(z.minLength(1)),
    AWS_ACCESS_KEY_ID: z.string().check(z.minLength(1)),
    AWS_SECRET_ACCESS_KEY: z.string().check(z.minLength(1)),
    AWS_SESSION_TOKEN: z.optional(z.string()),
    AWS_ENDPOINT_URL_S3: z.optional(z.url({ protocol: /^https?$/ })),
  }))();

const getS3Config = /* @__PURE__ */ configFromEnv(s3ConfigSchema, 'S3 configuration');

/** Signs and sends S3 requests, and names objects' URLs. */
export interface S3Requests {
  /** A fetch signed with Signature V4 for S3. */
  readonly client: AwsClient;
  /** The URL of an object: path-style at a local endpoint, virtual-hosted on AWS. */
  objectUrl(bucket: string, key: string): URL;
}

const encodeKey = (key: string): string => key.split('/').map(encodeURIComponent).join('/');

/**
 * The one S3 signer of a function, created on first use. S3 is spoken over `fetch`, signed by
 * `aws4fetch`, rather than through `@aws-sdk/client-s3`: the few object calls the documents make
 * (presigned PUT and GET, HEAD, GET, copy, DELETE) do not need the SDK client's 125 KB, which
 * would put the function over its bundle budget (see docs/libraries.md).
 */
export const s3Requests = (): S3Requests => {
  const config = getS3Config();
  const client = new AwsClient({
    accessKeyId: config.AWS_ACCESS_KEY_ID,
    secretAccessKey: config.AWS_SECRET_ACCESS_KEY,
    ...(config.AWS_SESSION_TOKEN ? { sessionToken: config.AWS_SESSION_TOKEN } : {}),
    service: 's3',
    region: config.AWS_REGION,
    // As the SDK clients do: a few retries of a 5xx or a throttle, not aws4fetch's default ten,
    // whose backoff would outlast the function's timeout.
    retries: 3,
  });
  const endpoint = config.AWS_ENDPOINT_URL_S3?.replace(/\/+$/, '');
  return {
    client,
    objectUrl: (bucket, key) =>
      endpoint === undefined
        ? new URL(`https://${bucket}.s3.${config.AWS_REGION}.amazonaws.com/${encodeKey(key)}`)
        : new URL(`${endpoint}/${bucket}/${encodeKey(key)}`),
  };
};
