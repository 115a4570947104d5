import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { DynamoDbTermIndex } from './dynamodb/term-index.js';
import type { TermIndex } from './ports.js';

/**
 * The current terms, for the functions that read them (term reminders, console, directory,
 * dashboard, digest) without the document bucket's client and configuration.
 */
export const termIndex = (): TermIndex => new DynamoDbTermIndex(dynamoDbClient, getConfig().TABLE_NAME);
