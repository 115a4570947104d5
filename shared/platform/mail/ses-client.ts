import { SESv2Client } from '@aws-sdk/client-sesv2';

/**
 * The one SES v2 client of a function, created once per container. Locally the endpoint comes
 * from `AWS_ENDPOINT_URL_SESV2`, which the SDK reads itself.
 *
 * The SDK's own retries are off: `SesMailer` retries with its own bounded, jittered backoff so
 * that one place decides what is transient and how long a function may spend on one email.
 */
export const sesClient = new SESv2Client({
  maxAttempts: 1,
  // A SendEmail answers in well under a second; these bound a hung call so that the mailer's four
  // attempts (at most 4 × 4 s plus 1.4 s of backoff) fit in a 30 s function with time to spare.
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
});
