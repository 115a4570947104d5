import { ulid } from 'ulid';
import { DynamoDbDigestSubscriberStore } from '../adapters/digest-subscriber-store.js';
import { dynamoDbClient } from '../adapters/dynamodb-client.js';
import { DynamoDbRegionStore } from '../adapters/region-store.js';
import { systemClock } from '../clock.js';
import { getConfig } from '../config.js';
import type { ManageDigestSubscribersDeps } from './manage-subscribers.js';
/** The ports of the digest subscriber directory, built once per container. */
export const subscriberDependencies = (): ManageDigestSubscribersDeps => {
  const config = getConfig();
  return {
    subscribers: new DynamoDbDigestSubscriberStore(dynamoDbClient, config.TABLE_NAME),
    regions: new DynamoDbRegionStore(dynamoDbClient, config.TABLE_NAME),
    clock: systemClock,
    newId: ulid,
    scope: config.SCOPE_CODE,
  };
};
