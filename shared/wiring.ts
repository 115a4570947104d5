import { ulid } from 'ulid';
import { dynamoDbClient } from './adapters/dynamodb-client.js';
import { DynamoDbOfficerStore } from './adapters/officer-store.js';
import { DynamoDbRegionStore } from './adapters/region-store.js';
import { DynamoDbRegistrationStore } from './adapters/registration-store.js';
import { systemClock } from './clock.js';
import { getConfig } from './config.js';

/**
 * The production ports, built once per container from the configuration. Handlers take what
 * they need from here; tests build their own ports instead.
 */
export const createDependencies = () => {
  const config = getConfig();
  return {
    config,
    regions: new DynamoDbRegionStore(dynamoDbClient, config.TABLE_NAME),
    registrations: new DynamoDbRegistrationStore(dynamoDbClient, config.TABLE_NAME),
    officers: new DynamoDbOfficerStore(dynamoDbClient, config.TABLE_NAME),
    clock: systemClock,
    newId: ulid,
    scope: config.SCOPE_CODE,
  };
};
