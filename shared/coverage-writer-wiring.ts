import { DynamoDbCoverageStore } from './adapters/coverage-store.js';
import { dynamoDbClient } from './adapters/dynamodb-client.js';
import { DynamoDbRegionStore } from './adapters/region-store.js';
import { DynamoDbRegistrationStore } from './adapters/registration-store.js';
import { getConfig } from './config.js';
import type { RebuildCoverageRequestDeps } from './village-coverage/rebuild-request.js';

/** The coverage consumer's ports: only the coverage store, so its cold start loads nothing else. */
export const coverageDependencies = () => {
  const config = getConfig();
  return { coverage: new DynamoDbCoverageStore(dynamoDbClient, config.TABLE_NAME) };
};

/** The rebuild's ports: the coverage store, the registrations it recounts, the regions it checks. */
export const rebuildDependencies = (): RebuildCoverageRequestDeps => {
  const config = getConfig();
  return {
    coverage: new DynamoDbCoverageStore(dynamoDbClient, config.TABLE_NAME),
    registrations: new DynamoDbRegistrationStore(dynamoDbClient, config.TABLE_NAME),
    regions: new DynamoDbRegionStore(dynamoDbClient, config.TABLE_NAME),
    scope: config.SCOPE_CODE,
    now: () => new Date(),
  };
};
