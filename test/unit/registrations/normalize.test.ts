import { describe, expect, it } from 'vitest';
import { normalizeSkNumber } from '../../../shared/registrations/registration.js';
import { normalizePhone } from '../../../shared/registrations/schema.js';

describe('normalizePhone', () => {
  it.each([
    ['081234567890', '+6281234567890'],
    ['+6281234567891', '+6281234567891'],
    ['6281234567891', '+6281234567891'],
    ['0812-3456-7892', '+6281234567892'],
    ['0812 3456 7892', '+6281234567892'],
    ['(0361) 811234', '+62361811234'],
    ['0361.811.234', '+62361811234'],
    [' +62 812-3456-7890 ', '+6281234567890'],
    ['081234567', '+6281234567'],
    ['0812345678901', '+62812345678901'],
  ])('%j becomes %j', (raw, normalized) => {
    expect(normalizePhone(raw)).toBe(normalized);
  });

  it.each([
    '',
    '0',
    '0812345',
    '08123456',
    '08123456789012',
    '+6208123456789',
    '+65 9123 4567',
    '+1 415 555 0100',
    '0812-3456-789a',
    '0812/3456/7890',
    '０８１２３４５６７８９０',
    '٠٨١٢٣٤٥٦٧٨٩٠',
    '+62+6281234567890',
    '62',
  ])('%j is not an Indonesian phone number', (raw) => {
    expect(normalizePhone(raw)).toBeUndefined();
  });
});

describe('normalizeSkNumber', () => {
  it.each([
    ['141/12/DP/2025', '141/12/dp/2025'],
    ['  141/12/DP/2025  ', '141/12/dp/2025'],
    ['141 / 12 /DP/2025', '141 / 12 /dp/2025'],
    ['141  /\t12 \n/DP/2025', '141 / 12 /dp/2025'],
    ['Kep. Perbekel   No. 5', 'kep. perbekel no. 5'],
    ['141\u00a0/12', '141 /12'],
    ['ＫＥＰ／５', 'kep/5'],
  ])('%j compares as %j', (raw, normalized) => {
    expect(normalizeSkNumber(raw)).toBe(normalized);
  });

  it('makes numbers that differ only in case and spacing equal', () => {
    expect(normalizeSkNumber(' 141/12/dp/2025')).toBe(normalizeSkNumber('141/12/DP/2025 '));
    expect(normalizeSkNumber('141/12/DP/2025')).not.toBe(normalizeSkNumber('141/12/DP/2026'));
  });
});
