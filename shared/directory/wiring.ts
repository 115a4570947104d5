import { ulid } from 'ulid';
import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { regionStore } from '../regions/wiring.js';
import { DynamoDbDigestSubscriberStore } from './dynamodb/digest-subscriber-store.js';
import { DynamoDbOfficerStore } from './dynamodb/officer-store.js';
import type { ManageOfficersDeps } from './manage-officers.js';
import type { ManageDigestSubscribersDeps } from './manage-subscribers.js';

/** The officer directory of this container, for this feature and the features that mail officers. */
export const officerStore = (): DynamoDbOfficerStore =>
  new DynamoDbOfficerStore(dynamoDbClient, getConfig().TABLE_NAME);

/** The digest-subscriber directory of this container, for this feature and the digests. */
export const subscriberStore = (): DynamoDbDigestSubscriberStore =>
  new DynamoDbDigestSubscriberStore(dynamoDbClient, getConfig().TABLE_NAME);

/** The ports of the officer directory's handler, built once per container. */
export const officerDependencies = (): ManageOfficersDeps => ({
  officers: officerStore(),
  regions: regionStore(),
  clock: systemClock,
  newId: ulid,
  scope: getConfig().SCOPE_CODE,
});

/** The ports of the digest-subscriber directory's handler, built once per container. */
export const subscriberDependencies = (): ManageDigestSubscribersDeps => ({
  subscribers: subscriberStore(),
  regions: regionStore(),
  clock: systemClock,
  newId: ulid,
  scope: getConfig().SCOPE_CODE,
});
