import { marshall } from '@aws-sdk/util-dynamodb';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { AttributeValue } from './client.js';

/** The cursor of a Query page: the key of the page's last item, whose attributes are strings. */
export const keyCursor = (key: Readonly<Record<string, unknown>>): string => encodeCursor(key);

/**
 * The ExclusiveStartKey a cursor names, or undefined unless it holds exactly `attributes`, each a
 * string, and `accepts` the key: a forged cursor, or one from another query, never reaches DynamoDB.
 */
export const startKeyOf = (
  cursor: string,
  attributes: readonly string[],
  accepts: (key: Readonly<Record<string, string>>) => boolean,
): Record<string, AttributeValue> | undefined => {
  const key = decodeCursor(cursor);
  if (key === null || typeof key !== 'object' || Array.isArray(key)) return undefined;
  const record = key as Record<string, unknown>;
  const names = Object.keys(record).sort();
  const expected = [...attributes].sort();
  const shaped =
    names.length === expected.length &&
    names.every((name, index) => name === expected[index] && typeof record[name] === 'string');
  if (!shaped || !accepts(record as Record<string, string>)) return undefined;
  return marshall(record);
};
