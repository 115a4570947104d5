import { ulid } from 'ulid';
import { DynamoDbOfficerStore } from '../directory/dynamodb/officer-store.js';
import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { DynamoDbRegionStore } from '../regions/dynamodb/region-store.js';
import { DynamoDbRegistrationStore } from './dynamodb/registration-store.js';

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
