import { SCHEDULE_TIME_ZONE } from '../../infra/pipeline-definition.js';
import { DynamoDbDigestStore } from '../adapters/digest-store.js';
import { DynamoDbDigestSubscriberStore } from '../adapters/digest-subscriber-store.js';
import { dynamoDbClient } from '../adapters/dynamodb-client.js';
import { DynamoDbRegionStore } from '../adapters/region-store.js';
import { sesClient } from '../adapters/ses-client.js';
import { SesMailer } from '../adapters/ses-mailer.js';
import { systemClock } from '../clock.js';
import { getConfig } from '../config.js';
import { getMailConfig } from '../notifications/config.js';
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
