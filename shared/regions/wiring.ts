import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { DynamoDbRegionStore } from './dynamodb/region-store.js';

/**
 * The ports of a function that only reads regions. Kept apart from wiring.ts so such a function
 * does not load (and build at cold start) the registration and officer stores and their schemas.
 */
export const regionDependencies = () => {
  const config = getConfig();
  return { regions: new DynamoDbRegionStore(dynamoDbClient, config.TABLE_NAME), scope: config.SCOPE_CODE };
};
