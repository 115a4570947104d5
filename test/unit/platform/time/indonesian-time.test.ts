import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wallTimeOf } from '../../../../shared/platform/scheduling/cron.js';
import {
  formatIndonesianDate,
  formatIndonesianNumber,
  isFixedZone,
  localIsoDate,
} from '../../../../shared/platform/time/indonesian-time.js';

const ZONES = ['Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura', 'UTC'] as const;
/** 1988-01-01 to 2100-01-01, where the fixed offsets apply. */
const instants = fc.integer({ min: Date.UTC(1988, 0, 1), max: Date.UTC(2100, 0, 1) });
const zones = fc.constantFrom(...ZONES);

// The oracle: what ICU writes, which the functions must write without it.
const intlDate = (instant: number, timeZone: string, withTime: boolean) =>
  new Intl.DateTimeFormat('id-ID', {
    timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' } : {}),
  }).format(new Date(instant));
const intlNumber = (value: number) =>
  new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }).format(value);
const intlWall = (instant: number, timeZone: string) => {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
  };
};

describe("Indonesia's dates without ICU", () => {
  it('writes a date, with and without the time, as Intl does in id-ID, in every Indonesian zone', () => {
    fc.assert(
      fc.property(instants, zones, fc.boolean(), (instant, zone, withTime) => {
        expect(formatIndonesianDate(new Date(instant).toISOString(), zone, withTime)).toBe(
          intlDate(instant, zone, withTime),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('names the calendar date in the zone, and the wall time the schedules are evaluated in', () => {
    fc.assert(
      fc.property(instants, zones, (instant, zone) => {
        const wall = intlWall(instant, zone);
        expect(localIsoDate(new Date(instant).toISOString(), zone)).toBe(
          `${wall.year}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`,
        );
        expect(wallTimeOf(instant, zone)).toEqual(wall);
      }),
      { numRuns: 2000 },
    );
  });

  it('crosses midnight at the zone’s offset: 16:05 UTC on 6 December is 7 December in WITA and WIT', () => {
    const iso = '2026-12-06T16:05:00.000Z';
    expect(formatIndonesianDate(iso, 'Asia/Jakarta', true)).toBe('6 Desember 2026 pukul 23.05 WIB');
    expect(formatIndonesianDate(iso, 'Asia/Makassar', true)).toBe('7 Desember 2026 pukul 00.05 WITA');
    expect(localIsoDate(iso, 'Asia/Jayapura')).toBe('2026-12-07');
  });

  it('leaves other zones, and instants before 1988, to Intl', () => {
    expect(isFixedZone('Europe/Amsterdam')).toBe(false);
    const summer = '2026-07-01T10:00:00.000Z';
    expect(formatIndonesianDate(summer, 'Europe/Amsterdam', true)).toBe(
      intlDate(Date.parse(summer), 'Europe/Amsterdam', true),
    );
    // Pontianak kept WITA (UTC+8) until 1988.
    const before = '1980-06-01T16:30:00.000Z';
    expect(localIsoDate(before, 'Asia/Pontianak')).toBe('1980-06-02');
    expect(formatIndonesianDate(before, 'Asia/Pontianak', true)).toBe(
      intlDate(Date.parse(before), 'Asia/Pontianak', true),
    );
  });
});

describe("Indonesia's numbers without ICU", () => {
  it('writes a number as Intl does in id-ID with at most one decimal', () => {
    const values = fc.oneof(
      fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }),
      fc.double({ min: -1e12, max: 1e12, noNaN: true }),
      // Percentages and their halves, where the rounding is decided.
      fc.integer({ min: -100_000, max: 100_000 }).map((n) => n / 1000),
      fc.integer({ min: 0, max: 20_000 }).map((n) => n / 200),
    );
    fc.assert(
      fc.property(values, (value) => {
        expect(formatIndonesianNumber(value)).toBe(intlNumber(value));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    [83762, '83.762'],
    [12.5, '12,5'],
    [0.95, '1'],
    [999.95, '1.000'],
    [1234, '1.234'],
    [-0.04, '-0'],
    [0, '0'],
    [1e-7, intlNumber(1e-7)],
    [1e21, intlNumber(1e21)],
    [Number.NaN, 'NaN'],
  ])('writes %s as %s', (value, expected) => {
    expect(formatIndonesianNumber(value)).toBe(expected);
  });
});
