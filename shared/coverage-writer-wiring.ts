import { DynamoDbCoverageStore } from './adapters/coverage-store.js';
import { dynamoDbClient } from './adapters/dynamodb-client.js';
import { getConfig } from './config.js';

/** The coverage consumer's ports: only the coverage store, so its cold start loads nothing else. */
export const coverageDependencies = () => {
  const config = getConfig();
  return { coverage: new DynamoDbCoverageStore(dynamoDbClient, config.TABLE_NAME) };
};
