import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { DynamoDbRegistrationStatusReader } from './dynamodb/status-reader.js';

/**
 * The status and village of registrations by id, for the functions that count them (the
 * dashboard). Apart from read-wiring.ts so that such a function loads neither the query repository
 * nor the registration schema.
 */
export const registrationStatusReader = (): DynamoDbRegistrationStatusReader =>
  new DynamoDbRegistrationStatusReader(dynamoDbClient, getConfig().TABLE_NAME);
