import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber, formatPercent } from '../../../../shared/platform/web/format.js';

describe('formatNumber', () => {
  it('writes thousands with a dot in Indonesian and a comma in English', () => {
    expect(formatNumber(83762, 'id')).toBe('83.762');
    expect(formatNumber(1234567, 'id')).toBe('1.234.567');
    expect(formatNumber(83762, 'en')).toBe('83,762');
    expect(formatNumber(133, 'id')).toBe('133');
    expect(formatNumber(0, 'id')).toBe('0');
  });
});

describe('formatPercent', () => {
  it('takes 0–100 and shows one decimal at most, with the language decimal mark', () => {
    expect(formatPercent(45.1, 'id')).toBe('45,1%');
    expect(formatPercent(45.1, 'en')).toBe('45.1%');
    expect(formatPercent(100, 'id')).toBe('100%');
    expect(formatPercent(0, 'en')).toBe('0%');
    expect(formatPercent(8.33, 'id')).toBe('8,3%');
  });
});

describe('formatDate', () => {
  it('writes a date as 2 Juni 2025 / 2 June 2025', () => {
    expect(formatDate('2025-06-02', 'id')).toBe('2 Juni 2025');
    expect(formatDate('2025-06-02', 'en')).toBe('2 June 2025');
    expect(formatDate('2025-12-31', 'id')).toBe('31 Desember 2025');
  });

  it('shows a timestamp as its day in WITA unless told another time zone', () => {
    // 16:30 UTC is 00:30 the next day in Bali (UTC+8).
    expect(formatDate('2025-06-01T16:30:00.000Z', 'id')).toBe('2 Juni 2025');
    expect(formatDate('2025-06-01T16:30:00.000Z', 'id', 'Asia/Jakarta')).toBe('1 Juni 2025');
  });

  it('returns what is not a date unchanged', () => {
    expect(formatDate('bukan tanggal', 'id')).toBe('bukan tanggal');
  });
});
