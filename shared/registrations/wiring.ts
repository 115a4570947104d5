import { ulid } from 'ulid';
import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { regionStore } from '../regions/wiring.js';
import { DynamoDbRegistrationStore } from './dynamodb/registration-store.js';

/** The registration store of this container, for this feature and the features that read it. */
export const registrationStore = (): DynamoDbRegistrationStore =>
  new DynamoDbRegistrationStore(dynamoDbClient, getConfig().TABLE_NAME);

/**
 * The production ports of the registration handlers, built once per container from the
 * configuration. Tests build their own ports instead.
 */
export const createDependencies = () => {
  const config = getConfig();
  return {
    config,
    regions: regionStore(),
    registrations: registrationStore(),
    clock: systemClock,
    newId: ulid,
    scope: config.SCOPE_CODE,
  };
};
