import { ulid } from 'ulid';
import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { regionStore } from '../regions/wiring.js';
import { registrationReader } from '../registrations/read-wiring.js';
import { DynamoDbAwardStore } from './dynamodb/award-store.js';
import { registryKims } from './registry-kims.js';
import type { AwardDeps } from './round-access.js';

/**
 * The ports of the round set-up handler, built once per container. No activity-report or SK-term port
 * yet: the registry keeps neither, so rounds whose rules need them are refused.
 */
export const awardDependencies = (): AwardDeps => ({
  store: new DynamoDbAwardStore(dynamoDbClient, getConfig().TABLE_NAME),
  kims: registryKims(registrationReader()),
  regions: regionStore(),
  clock: systemClock,
  newId: ulid,
  scope: getConfig().SCOPE_CODE,
});
