import { subscriberStore } from '../directory/wiring.js';
import { termIndex } from '../documents/term-wiring.js';
import { getMailConfig } from '../notifications/config.js';
import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { DynamoDbSendOnceLedger } from '../platform/dynamodb/send-once-ledger.js';
import { sesClient } from '../platform/mail/ses-client.js';
import { SesMailer } from '../platform/mail/ses-mailer.js';
import { regionStore } from '../regions/wiring.js';
import { getDigestConfig } from './config.js';
import { DynamoDbDigestStore } from './dynamodb/digest-store.js';
import type { SendDigestsDeps } from './send-digests.js';

/** Delivery records are kept this long (DynamoDB TTL), well past any retry of their run. */
export const DELIVERY_RECORD_TTL_DAYS = 90;

/** The ports of the digest senders (schedule and send-now), built once per container. */
export const sendDependencies = (): SendDigestsDeps => {
  const config = getConfig();
  const mail = getMailConfig();
  const digest = getDigestConfig();
  const store = new DynamoDbDigestStore(dynamoDbClient, config.TABLE_NAME);
  const regions = regionStore();
  return {
    regions,
    source: store,
    runs: store,
    deliveries: new DynamoDbSendOnceLedger(dynamoDbClient, config.TABLE_NAME, {
      retentionDays: DELIVERY_RECORD_TTL_DAYS,
    }),
    subscribers: subscriberStore(),
    mailer: new SesMailer(sesClient(), {
      from: mail.MAIL_FROM,
      configurationSetName: mail.MAIL_CONFIGURATION_SET,
    }),
    clock: systemClock,
    templates: { baseUrl: mail.APP_BASE_URL, timeZone: digest.DIGEST_SCHEDULE_TIME_ZONE },
    scope: config.SCOPE_CODE,
    // The digest store's summaries carry each registration's status and village.
    terms: {
      terms: termIndex(),
      registrations: { statusesOf: (ids) => store.registrationSummaries(ids) },
      regions,
    },
  };
};
