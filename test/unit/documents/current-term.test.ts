import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateIn,
  daysBetween,
  isTermExpired,
  timeZoneOfRegion,
  todayInRegion,
} from '../../../shared/documents/current-term.js';
import { reminderThresholdFor, termReminderSendKey } from '../../../shared/notifications/term-reminders.js';

describe('the current term and its dates', () => {
  it('reads each region in its own time zone', () => {
    expect(timeZoneOfRegion('51.02.05.2006')).toBe('Asia/Makassar');
    expect(timeZoneOfRegion('73.71')).toBe('Asia/Makassar');
    expect(timeZoneOfRegion('64')).toBe('Asia/Makassar');
    expect(timeZoneOfRegion('31.71.01')).toBe('Asia/Jakarta');
    expect(timeZoneOfRegion('61')).toBe('Asia/Jakarta');
    expect(timeZoneOfRegion('81.01')).toBe('Asia/Jayapura');
    expect(timeZoneOfRegion('94')).toBe('Asia/Jayapura');
    expect(timeZoneOfRegion('ID')).toBe('Asia/Makassar');
  });

  it('turns the day at local midnight: WITA is UTC+8, WIB UTC+7, WIT UTC+9', () => {
    expect(todayInRegion('51.02', new Date('2026-03-31T15:59:59Z'))).toBe('2026-03-31');
    expect(todayInRegion('51.02', new Date('2026-03-31T16:00:00Z'))).toBe('2026-04-01');
    expect(todayInRegion('31.71', new Date('2026-03-31T16:59:59Z'))).toBe('2026-03-31');
    expect(todayInRegion('31.71', new Date('2026-03-31T17:00:00Z'))).toBe('2026-04-01');
    expect(todayInRegion('91.01', new Date('2026-03-31T15:00:00Z'))).toBe('2026-04-01');
    expect(dateIn('UTC', new Date('2024-02-29T23:59:59Z'))).toBe('2024-02-29');
  });

  it('counts calendar days across month ends and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-12-31', -60)).toBe('2026-11-01');
    expect(daysBetween('2026-11-01', '2026-12-31')).toBe(60);
    expect(daysBetween('2026-12-31', '2026-12-31')).toBe(0);
    expect(daysBetween('2027-01-01', '2026-12-31')).toBe(-1);
  });

  it('expires a term the day after its last day, not on it', () => {
    expect(isTermExpired({ end: '2026-12-31' }, '2026-12-31')).toBe(false);
    expect(isTermExpired({ end: '2026-12-31' }, '2027-01-01')).toBe(true);
  });
});

describe('which reminder is due', () => {
  const end = '2026-12-31';
  it.each([
    ['2026-10-31', undefined], // 61 days before
    ['2026-11-01', 60], // 60 days before
    ['2026-11-02', 60], // a missed day still owes the 60-day reminder
    ['2026-12-16', 60], // 15 days before
    ['2026-12-17', 14], // 14 days before
    ['2026-12-31', 14], // the last day
    ['2027-01-01', undefined], // ended
  ] as const)('on %s: %s', (today, threshold) => {
    expect(reminderThresholdFor(end, today)).toBe(threshold);
  });

  it('keys a reminder by registration, term and threshold', () => {
    const term = { start: '2024-01-01', end };
    expect(termReminderSendKey('01K0X', term, 60)).toBe('TERM#01K0X#2024-01-01#2026-12-31#D60');
    expect(termReminderSendKey('01K0X', term, 14)).not.toBe(termReminderSendKey('01K0X', term, 60));
    expect(termReminderSendKey('01K0X', { ...term, end: '2029-12-31' }, 60)).not.toBe(
      termReminderSendKey('01K0X', term, 60),
    );
  });
});
