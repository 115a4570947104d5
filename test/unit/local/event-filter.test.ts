import { describe, expect, it } from 'vitest';
import {
  FilterPatternError,
  matchesAnyFilter,
  matchesFilterPattern,
} from '../../../infra/local/lambda/event-filter.js';
import { streamSource } from '../../../shared/platform/pipeline-settings.js';
import { registrationRecord, streamRecord } from '../../fixtures/stream-record.js';

describe('Lambda event filter matching', () => {
  describe('the stream filter of the pipeline definition', () => {
    it('passes registration items', () => {
      const record = registrationRecord('1', '01JREG', { to: { status: 'SUBMITTED' } });
      expect(matchesFilterPattern(record, streamSource.filterPattern)).toBe(true);
    });

    it('drops every other item, including the registration history in the same partition', () => {
      const others = [
        streamRecord({ sequenceNumber: '2', keys: { PK: 'REG#01JREG', SK: 'HIST#2026#01JH' }, newImage: {} }),
        streamRecord({
          sequenceNumber: '3',
          keys: { PK: 'COV#51.02.05', SK: 'COV#51.02.05.2006' },
          newImage: {},
        }),
        streamRecord({ sequenceNumber: '4', keys: { PK: 'SKCLAIM#x#1', SK: 'SKCLAIM' }, newImage: {} }),
      ];
      for (const record of others)
        expect(matchesFilterPattern(record, streamSource.filterPattern)).toBe(false);
    });

    it("passes an award round's result: its insertion is the publication", () => {
      const record = streamRecord({
        sequenceNumber: '6',
        keys: { PK: 'AWARD#01JROUND', SK: 'RESULT' },
        newImage: { type: 'AWARD_RESULT' },
      });
      expect(matchesFilterPattern(record, streamSource.filterPattern)).toBe(true);
    });

    it('passes a REMOVE of a registration too: the key matches, the function decides', () => {
      const record = streamRecord({
        sequenceNumber: '5',
        eventName: 'REMOVE',
        keys: { PK: 'REG#01JREG', SK: 'REG' },
        oldImage: { status: 'SUBMITTED' },
      });
      expect(matchesFilterPattern(record, streamSource.filterPattern)).toBe(true);
    });
  });

  it('matches literal values exactly: strings, numbers, booleans and null, any one of the array', () => {
    const record = { a: 'x', n: 5, b: true, z: null };
    expect(matchesFilterPattern(record, { a: ['y', 'x'] })).toBe(true);
    expect(matchesFilterPattern(record, { a: ['X'] })).toBe(false);
    expect(matchesFilterPattern(record, { n: [5] })).toBe(true);
    expect(matchesFilterPattern(record, { n: ['5'] })).toBe(false);
    expect(matchesFilterPattern(record, { b: [true] })).toBe(true);
    expect(matchesFilterPattern(record, { z: [null] })).toBe(true);
    expect(matchesFilterPattern(record, { missing: [null] })).toBe(false);
  });

  it('requires every field of the pattern (AND), and nested objects to match all the way down', () => {
    const record = { eventName: 'MODIFY', dynamodb: { Keys: { SK: { S: 'REG' } } } };
    expect(
      matchesFilterPattern(record, { eventName: ['MODIFY'], dynamodb: { Keys: { SK: { S: ['REG'] } } } }),
    ).toBe(true);
    expect(
      matchesFilterPattern(record, { eventName: ['INSERT'], dynamodb: { Keys: { SK: { S: ['REG'] } } } }),
    ).toBe(false);
    expect(matchesFilterPattern({ dynamodb: 'flat' }, { dynamodb: { Keys: { SK: { S: ['REG'] } } } })).toBe(
      false,
    );
  });

  it('matches an array in the record when any of its elements matches', () => {
    expect(matchesFilterPattern({ tags: ['a', 'b'] }, { tags: ['b'] })).toBe(true);
    expect(matchesFilterPattern({ tags: ['a', 'b'] }, { tags: [{ prefix: 'c' }] })).toBe(false);
  });

  it('supports prefix, suffix, equals-ignore-case and anything-but', () => {
    const record = { PK: 'REG#01JREG', status: 'Verified' };
    expect(matchesFilterPattern(record, { PK: [{ prefix: 'REG#' }] })).toBe(true);
    expect(matchesFilterPattern(record, { PK: [{ prefix: 'COV#' }] })).toBe(false);
    expect(matchesFilterPattern(record, { PK: [{ suffix: 'JREG' }] })).toBe(true);
    expect(matchesFilterPattern(record, { status: [{ 'equals-ignore-case': 'VERIFIED' }] })).toBe(true);
    expect(matchesFilterPattern(record, { status: [{ 'anything-but': ['Verified', 'Rejected'] }] })).toBe(
      false,
    );
    expect(matchesFilterPattern(record, { status: [{ 'anything-but': 'Rejected' }] })).toBe(true);
    expect(matchesFilterPattern(record, { PK: [{ 'anything-but': { prefix: 'REG#' } }] })).toBe(false);
    expect(matchesFilterPattern({}, { status: [{ 'anything-but': 'Rejected' }] })).toBe(false);
  });

  it('supports exists true and false', () => {
    expect(matchesFilterPattern({ a: 1 }, { a: [{ exists: true }] })).toBe(true);
    expect(matchesFilterPattern({ a: 1 }, { b: [{ exists: true }] })).toBe(false);
    expect(matchesFilterPattern({ a: 1 }, { b: [{ exists: false }] })).toBe(true);
    expect(matchesFilterPattern({ a: 1 }, { a: [{ exists: false }] })).toBe(false);
  });

  it('supports numeric comparisons and ranges', () => {
    expect(matchesFilterPattern({ v: 5 }, { v: [{ numeric: ['>', 0, '<=', 5] }] })).toBe(true);
    expect(matchesFilterPattern({ v: 6 }, { v: [{ numeric: ['>', 0, '<=', 5] }] })).toBe(false);
    expect(matchesFilterPattern({ v: '5' }, { v: [{ numeric: ['=', 5] }] })).toBe(false);
  });

  it('passes a record matching any of several patterns (OR), and everything without patterns', () => {
    expect(matchesAnyFilter({ a: 'x' }, [{ a: ['y'] }, { a: ['x'] }])).toBe(true);
    expect(matchesAnyFilter({ a: 'x' }, [{ a: ['y'] }])).toBe(false);
    expect(matchesAnyFilter({ a: 'x' }, [])).toBe(true);
  });

  it('refuses patterns Lambda would refuse', () => {
    expect(() => matchesFilterPattern({ a: 'x' }, { a: 'x' })).toThrow(FilterPatternError);
    expect(() => matchesFilterPattern({ a: 'x' }, { a: [] })).toThrow(FilterPatternError);
    expect(() => matchesFilterPattern({ a: 'x' }, { a: [{ wildcard: 'x*' }] })).toThrow(FilterPatternError);
    expect(() => matchesFilterPattern({ a: 1 }, { a: [{ numeric: ['>'] }] })).toThrow(FilterPatternError);
  });
});
