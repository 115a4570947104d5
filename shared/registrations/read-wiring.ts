import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { DynamoDbRegistrationReader } from './dynamodb/registration-reader.js';

/**
 * Reads of registrations only (by id, region listings), for functions that never write them.
 * Apart from wiring.ts, like the coverage read wiring, so such a function does not load the
 * store's write paths and the registration schemas at cold start.
 */
export const registrationReader = (): DynamoDbRegistrationReader =>
  new DynamoDbRegistrationReader(dynamoDbClient, getConfig().TABLE_NAME);
