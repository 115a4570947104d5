import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { DynamoDbRegionStore } from '../regions/dynamodb/region-store.js';
import type { CoverageReadDeps } from './coverage-reader.js';
import { DynamoDbCoverageReader } from './dynamodb/coverage-reader.js';

/**
 * The ports of a function that only reads coverage: the region store and the counter reader.
 * Apart from wiring.ts, like region-wiring.ts, so such a function does not load the registration
 * and officer stores and their schemas at cold start.
 */
export const coverageReadDependencies = (): CoverageReadDeps => {
  const config = getConfig();
  return {
    regions: new DynamoDbRegionStore(dynamoDbClient, config.TABLE_NAME),
    coverage: new DynamoDbCoverageReader(dynamoDbClient, config.TABLE_NAME),
    scope: config.SCOPE_CODE,
  };
};
