import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import type { RegistrationsByContact } from './contact.js';
import { DynamoDbRegistrationsByContact } from './dynamodb/contact-index.js';
import { DynamoDbRegistrationQueryRepository } from './dynamodb/query-repository.js';
import type { RegistrationQueryRepository } from './ports.js';

/**
 * Reads of registrations only (by id, region listings), for functions that never write them.
 * Apart from wiring.ts, like the coverage read wiring, so such a function does not load the
 * write repositories at cold start.
 */
export const registrationReader = (): Pick<RegistrationQueryRepository, 'get' | 'list'> =>
  new DynamoDbRegistrationQueryRepository(dynamoDbClient, getConfig().TABLE_NAME);

/** Finds registrations by their contact address, for the workspace's sign-in. */
export const registrationsByContact = (): RegistrationsByContact =>
  new DynamoDbRegistrationsByContact(dynamoDbClient, getConfig().TABLE_NAME);
