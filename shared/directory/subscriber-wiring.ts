import { ulid } from 'ulid';
import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { DynamoDbRegionStore } from '../regions/dynamodb/region-store.js';
import { DynamoDbDigestSubscriberStore } from './dynamodb/digest-subscriber-store.js';
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
