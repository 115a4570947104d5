import { ulid } from 'ulid';
import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { regionDependencies } from '../regions/wiring.js';
import { DynamoDbOfficerStore } from './dynamodb/officer-store.js';
import type { ManageOfficersDeps } from './manage-officers.js';

/** The ports of the PPID officer directory, built once per container. */
export const officerDependencies = (): ManageOfficersDeps => ({
  ...regionDependencies(),
  officers: new DynamoDbOfficerStore(dynamoDbClient, getConfig().TABLE_NAME),
  clock: systemClock,
  newId: ulid,
});
