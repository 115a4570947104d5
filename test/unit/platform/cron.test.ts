import { describe, expect, it } from 'vitest';
import { scheduleDefinitions } from '../../../shared/platform/pipeline-settings.js';
import {
  CronExpressionError,
  nextRun,
  parseCron,
  previousRun,
} from '../../../shared/platform/scheduling/cron.js';

const next = (expression: string, timeZone: string, after: string) =>
  nextRun(parseCron(expression), timeZone, new Date(after))?.toISOString();
const previous = (expression: string, timeZone: string, atOrBefore: string) =>
  previousRun(parseCron(expression), timeZone, new Date(atOrBefore))?.toISOString();

describe('EventBridge Scheduler cron expressions', () => {
  it('fires the digest schedule on Monday 08:00 WITA (00:00 UTC)', () => {
    const { expression, timeZone } = scheduleDefinitions.digest;
    // Friday 27 November 2026.
    expect(next(expression, timeZone, '2026-11-27T10:00:00Z')).toBe('2026-11-30T00:00:00.000Z');
    // Exactly at a firing: the next one is a week later.
    expect(next(expression, timeZone, '2026-11-30T00:00:00Z')).toBe('2026-12-07T00:00:00.000Z');
    // A minute before.
    expect(next(expression, timeZone, '2026-11-29T23:59:00Z')).toBe('2026-11-30T00:00:00.000Z');
  });

  it('finds the latest firing at or before a time (what a retried run belongs to)', () => {
    const { expression, timeZone } = scheduleDefinitions.digest;
    expect(previous(expression, timeZone, '2026-11-30T00:00:30Z')).toBe('2026-11-30T00:00:00.000Z');
    expect(previous(expression, timeZone, '2026-11-30T05:17:00Z')).toBe('2026-11-30T00:00:00.000Z');
    expect(previous(expression, timeZone, '2026-11-29T23:59:59Z')).toBe('2026-11-23T00:00:00.000Z');
  });

  it('reads the weekly rebuild (Sunday 02:00 WITA = Saturday 18:00 UTC)', () => {
    const { expression, timeZone } = scheduleDefinitions.rebuildCoverage;
    expect(next(expression, timeZone, '2026-11-27T00:00:00Z')).toBe('2026-11-28T18:00:00.000Z');
  });

  it('supports lists, ranges, steps, names and the year field', () => {
    expect(next('cron(0/15 9-10 * * ? *)', 'UTC', '2026-01-01T09:50:00Z')).toBe('2026-01-01T10:00:00.000Z');
    expect(next('cron(*/20 * * * ? *)', 'UTC', '2026-01-01T09:41:00Z')).toBe('2026-01-01T10:00:00.000Z');
    expect(next('cron(5,35 12 ? * MON-FRI *)', 'UTC', '2026-01-02T12:40:00Z')).toBe(
      '2026-01-05T12:05:00.000Z',
    );
    expect(next('cron(0 0 1 JAN,JUL ? *)', 'UTC', '2026-01-01T00:00:00Z')).toBe('2026-07-01T00:00:00.000Z');
    expect(next('cron(0 0 29 2 ? *)', 'UTC', '2026-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('cron(10-30/10 8 ? * 2 *)', 'UTC', '2026-11-30T08:10:00Z')).toBe('2026-11-30T08:20:00.000Z');
    expect(next('cron(0 12 * * ? 2027)', 'UTC', '2026-06-01T00:00:00Z')).toBe('2027-01-01T12:00:00.000Z');
    expect(next('cron(0 12 * * ? 2020-2025)', 'UTC', '2026-06-01T00:00:00Z')).toBeUndefined();
  });

  it('skips days that do not exist (31 April) rather than rolling over', () => {
    expect(next('cron(0 0 31 * ? *)', 'UTC', '2026-04-01T00:00:00Z')).toBe('2026-05-31T00:00:00.000Z');
  });

  it('reads days of the week as 1 = Sunday … 7 = Saturday', () => {
    // 2026-11-29 is a Sunday.
    expect(next('cron(0 0 ? * 1 *)', 'UTC', '2026-11-27T00:00:00Z')).toBe('2026-11-29T00:00:00.000Z');
    expect(next('cron(0 0 ? * 7 *)', 'UTC', '2026-11-27T00:00:00Z')).toBe('2026-11-28T00:00:00.000Z');
  });

  it('skips a time the clocks jump over when daylight saving starts', () => {
    // Europe/Berlin: 29 March 2026, 02:00 → 03:00; 02:30 does not exist that day.
    expect(next('cron(30 2 * * ? *)', 'Europe/Berlin', '2026-03-28T02:00:00Z')).toBe(
      '2026-03-30T00:30:00.000Z',
    );
    // America/New_York: 8 March 2026, 02:00 → 03:00.
    expect(next('cron(30 2 * * ? *)', 'America/New_York', '2026-03-07T08:00:00Z')).toBe(
      '2026-03-09T06:30:00.000Z',
    );
  });

  it('runs once, the first time, a time the clocks repeat when daylight saving ends', () => {
    // Europe/Berlin: 25 October 2026, 03:00 → 02:00; 02:30 happens at 00:30Z and 01:30Z.
    const first = next('cron(30 2 * * ? *)', 'Europe/Berlin', '2026-10-24T12:00:00Z');
    expect(first).toBe('2026-10-25T00:30:00.000Z');
    expect(next('cron(30 2 * * ? *)', 'Europe/Berlin', first ?? '')).toBe('2026-10-26T01:30:00.000Z');
  });

  it('keeps the local hour across a daylight-saving change', () => {
    // 08:00 in New York is 13:00Z in winter and 12:00Z in summer.
    expect(next('cron(0 8 * * ? *)', 'America/New_York', '2026-03-07T14:00:00Z')).toBe(
      '2026-03-08T12:00:00.000Z',
    );
    expect(next('cron(0 8 * * ? *)', 'America/New_York', '2026-11-01T00:00:00Z')).toBe(
      '2026-11-01T13:00:00.000Z',
    );
  });

  it('refuses what EventBridge refuses or this scheduler does not support, naming the problem', () => {
    const cases: Array<[string, RegExp]> = [
      ['0 8 ? * MON *', /only cron\(/],
      ['rate(5 minutes)', /only cron\(/],
      ['cron(0 8 * * MON)', /6 fields, this one has 5/],
      ['cron(0 8 * * MON *)', /exactly one of day-of-month and day-of-week/],
      ['cron(0 8 ? * ? *)', /exactly one of day-of-month and day-of-week/],
      ['cron(? 8 * * ? *)', /"\?" is allowed only/],
      ['cron(60 8 * * ? *)', /minutes 60 is outside 0-59/],
      ['cron(0 8 L * ? *)', /L, W and # .* not supported/],
      ['cron(0 8 15W * ? *)', /L, W and # .* not supported/],
      ['cron(0 8 ? * 2#1 *)', /L, W and # .* not supported/],
      ['cron(0 8 ? * 6L *)', /L, W and # .* not supported/],
      ['cron(0 20-8 * * ? *)', /runs backwards/],
      ['cron(0/0 8 * * ? *)', /step .* at least 1/],
      ['cron(0 8 * FOO ? *)', /"FOO" is not a valid month/],
    ];
    for (const [expression, message] of cases) {
      expect(() => parseCron(expression), expression).toThrow(CronExpressionError);
      expect(() => parseCron(expression), expression).toThrow(message);
    }
  });

  it('refuses an unknown time zone', () => {
    expect(() => nextRun(parseCron('cron(0 8 * * ? *)'), 'Mars/Olympus', new Date())).toThrow(
      /Unknown time zone: Mars\/Olympus/,
    );
  });
});
