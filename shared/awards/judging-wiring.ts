import { ulid } from 'ulid';
import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { DynamoDbAwardStore } from './dynamodb/award-store.js';
import type { AwardCoreDeps } from './round-access.js';

// Apart from wiring.ts, so the judging function does not load the registration reader.
/** The ports of the judging handler, built once per container: the award store alone. */
export const judgingDependencies = (): AwardCoreDeps => ({
  store: new DynamoDbAwardStore(dynamoDbClient, getConfig().TABLE_NAME),
  clock: systemClock,
  newId: ulid,
  scope: getConfig().SCOPE_CODE,
});
