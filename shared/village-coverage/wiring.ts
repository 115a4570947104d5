import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { regionStore } from '../regions/wiring.js';
import { registrationStateSource } from '../registrations/wiring.js';
import { DynamoDbCoverageStore } from './dynamodb/coverage-store.js';
import type { RebuildCoverageRequestDeps } from './rebuild-request.js';

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
    registrations: registrationStateSource(),
    regions: regionStore(),
    scope: config.SCOPE_CODE,
    now: () => new Date(),
  };
};
