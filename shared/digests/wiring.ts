import { DynamoDbDigestSubscriberStore } from '../directory/dynamodb/digest-subscriber-store.js';
import { getMailConfig } from '../notifications/config.js';
import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { sesClient } from '../platform/mail/ses-client.js';
import { SesMailer } from '../platform/mail/ses-mailer.js';
import { SCHEDULE_TIME_ZONE } from '../platform/pipeline-settings.js';
import { DynamoDbRegionStore } from '../regions/dynamodb/region-store.js';
import { DynamoDbDigestStore } from './dynamodb/digest-store.js';
import type { SendDigestsDeps } from './send-digests.js';

/** The ports of the digest senders (schedule and send-now), built once per container. */
export const sendDependencies = (): SendDigestsDeps => {
  const config = getConfig();
  const mail = getMailConfig();
  const store = new DynamoDbDigestStore(dynamoDbClient, config.TABLE_NAME);
  return {
    regions: new DynamoDbRegionStore(dynamoDbClient, config.TABLE_NAME),
    source: store,
    runs: store,
    subscribers: new DynamoDbDigestSubscriberStore(dynamoDbClient, config.TABLE_NAME),
    mailer: new SesMailer(sesClient, {
      from: mail.MAIL_FROM,
      configurationSetName: mail.MAIL_CONFIGURATION_SET,
    }),
    clock: systemClock,
    templates: { baseUrl: mail.APP_BASE_URL, timeZone: SCHEDULE_TIME_ZONE },
    scope: config.SCOPE_CODE,
  };
};
