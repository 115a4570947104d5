import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../../shared/platform/cursor.js';
import { keyCursor, startKeyOf } from '../../../../shared/platform/dynamodb/cursor.js';

const key = { PK: 'OFFICER#01K0', SK: 'OFFICER', GSI1PK: 'OFFICERS', GSI1SK: '51.02#01K0' };
const attributes = ['PK', 'SK', 'GSI1PK', 'GSI1SK'];
const anyKey = () => true;
const raw = (value: string) => Buffer.from(value, 'utf8').toString('base64url');

describe('page cursors', () => {
  it('hold a position as URL-safe text and give it back', () => {
    const cursor = encodeCursor({ r: '51.02', a: '51.02.05' });

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual({ r: '51.02', a: '51.02.05' });
  });

  it('hold nothing when they are not base64url JSON', () => {
    expect(decodeCursor('garbage!')).toBeUndefined();
    expect(decodeCursor(raw('{"PK":'))).toBeUndefined();
    expect(decodeCursor('')).toBeUndefined();
  });
});

describe('DynamoDB start keys from cursors', () => {
  it('give back the key a page ended on, marshalled for ExclusiveStartKey', () => {
    expect(startKeyOf(keyCursor(key), attributes, anyKey)).toEqual({
      PK: { S: key.PK },
      SK: { S: key.SK },
      GSI1PK: { S: key.GSI1PK },
      GSI1SK: { S: key.GSI1SK },
    });
  });

  it.each([
    ['a missing attribute', keyCursor({ PK: key.PK, SK: key.SK, GSI1PK: key.GSI1PK })],
    ['an extra attribute', keyCursor({ ...key, status: 'SUBMITTED' })],
    ['a number', keyCursor({ ...key, SK: 7 })],
    ['a nested value', keyCursor({ ...key, SK: { S: 'OFFICER' } })],
    ['an array', raw(JSON.stringify([key]))],
    ['null', raw('null')],
    ['a string', raw('"OFFICER#01K0"')],
    ['no JSON at all', 'garbage'],
  ])('refuse %s', (_kind, cursor) => {
    expect(startKeyOf(cursor, attributes, anyKey)).toBeUndefined();
  });

  it('refuse a well-formed key the query does not accept', () => {
    const accepts = (candidate: Readonly<Record<string, string>>) => candidate.GSI1PK === 'DIGESTSUBS';

    expect(startKeyOf(keyCursor(key), attributes, accepts)).toBeUndefined();
    expect(startKeyOf(keyCursor({ ...key, GSI1PK: 'DIGESTSUBS' }), attributes, accepts)).toBeDefined();
  });
});
