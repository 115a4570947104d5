import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { DynamoDbAwardStore } from './dynamodb/award-store.js';
import type { PublishedResultsDeps } from './published-results.js';

// Apart from wiring.ts, so a page function loads the award store alone.
/** The reads of the public results pages (and of the winners' emails), built once per container. */
export const publishedResultsDependencies = (): PublishedResultsDeps => ({
  store: new DynamoDbAwardStore(dynamoDbClient, getConfig().TABLE_NAME),
});
