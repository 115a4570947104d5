import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  disallowedSkCharacter,
  foldSkNumber,
  normalizeSkNumber,
} from '../../../shared/registrations/registration.js';
import { normalizePhone } from '../../../shared/registrations/schema.js';

/** SK-number-like text: the alphabet, its look-alikes, invisibles, marks, and any code point at all. */
const skNumberLike = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...'AZaz09 ./-(),:'),
    fc.constantFrom(
      '\u00a0',
      '\u2013',
      '\u2212',
      '\u2215',
      '\u2044',
      '\uff0f',
      '\uff10',
      '\uff21',
      '\u200b',
      '\u00ad',
      '\u0301',
      '\u0308',
      '\u00a8',
      '\u0420',
      '\u00bd',
      '\u2487',
      '\u1e54',
      '\u3164',
      '\u2800',
      '\ufdfa',
    ),
    fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 1 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 30,
});

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
    ['\u202a+62 812-3456-7890\u202c', '+6281234567890'],
    ['0812\u200b3456\u20607890\ufeff', '+6281234567890'],
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
    ['141 / 12 /DP/2025', '141/12/dp/2025'],
    ['141  /\t12 \n/DP/2025', '141/12/dp/2025'],
    ['Kep. Perbekel   No. 5', 'kep.perbekel no.5'],
    ['Kep . Perbekel No : 5 , ( A )', 'kep.perbekel no:5,(a)'],
    ['141\u00a0/12', '141/12'],
    ['ＫＥＰ／５', 'kep/5'],
    ['905\u200b/12\u2060/DP\u00ad-2025\ufeff', '905/12/dp-2025'],
    ['905/12/D\u034fP-2025\u200e', '905/12/dp-2025'],
    ['905/12/DP\u3164-2025', '905/12/dp-2025'],
    ['905\u2800/\u280012/DP-2025', '905/12/dp-2025'],
    ['905/12/DP\u20132025', '905/12/dp-2025'],
    ['905/12/DP\u20112025', '905/12/dp-2025'],
    ['905/12/DP\u22122025', '905/12/dp-2025'],
    ['905/12/DP\ufe582025', '905/12/dp-2025'],
    ['905\u221512\u2044DP\u29f82025', '905/12/dp/2025'],
    ['905\u257112', '905/12'],
    ['𝐃𝐏', 'dp'],
    ['½', '1/2'],
  ])('%j compares as %j', (raw, normalized) => {
    expect(normalizeSkNumber(raw)).toBe(normalized);
  });

  it('makes numbers that differ only in case and spacing equal, and keeps different numbers apart', () => {
    expect(normalizeSkNumber(' 141/12/dp/2025')).toBe(normalizeSkNumber('141/12/DP/2025 '));
    expect(normalizeSkNumber('141/12/DP/2025')).not.toBe(normalizeSkNumber('141/12/DP/2026'));
    expect(normalizeSkNumber('141/12/DP/2025')).not.toBe(normalizeSkNumber('14/112/DP/2025'));
    expect(normalizeSkNumber('141 12')).not.toBe(normalizeSkNumber('14112'));
    expect(normalizeSkNumber('141/12/DP/2025')).not.toBe(normalizeSkNumber('141-12-DP-2025'));
  });

  it('drops the leading zeros of every digit run: zero padding is formatting, not another number', () => {
    expect(normalizeSkNumber('0905/012/DP-02025')).toBe('905/12/dp-2025');
    expect(normalizeSkNumber('045.2/05/DS/2025')).toBe('45.2/5/ds/2025');
    expect(normalizeSkNumber('DP007')).toBe('dp7');
    expect(normalizeSkNumber('0/00/000')).toBe('0/0/0');
    expect(normalizeSkNumber('100/2010')).toBe('100/2010');
  });

  it('is stable: the canonical form of a canonical form is itself', () => {
    fc.assert(
      fc.property(skNumberLike, (raw) => {
        const canonical = normalizeSkNumber(raw);
        expect(normalizeSkNumber(canonical)).toBe(canonical);
      }),
      { numRuns: 2000 },
    );
  });

  it('is stable where lower-casing leaves a letter and its combining mark apart', () => {
    // A counterexample the property above once found: Ⓣ folds to T + U+0308, lower-cased t + U+0308.
    for (const raw of ['Ⓣ\u0308', 'T\u0308', 'J\u030C/12']) {
      const canonical = normalizeSkNumber(raw);
      expect(normalizeSkNumber(canonical)).toBe(canonical);
    }
  });
});

describe('disallowedSkCharacter', () => {
  it.each([
    ['905/12/DP-2025', undefined],
    ['９０５／１２－ＤＰ', undefined],
    ['905\u221512\u2044DP\u201325', undefined],
    ['Kep. (A), No: 5', undefined],
    ['905/12/D\u0420-2025', '\u0420'],
    ['905/12/\u0391P-2025', '\u0391'],
    ['905/12/DP\u0301-2025', '\u0301'],
    ['905/12/D\u1e54-2025', '\u1e54'],
    ['\u0669\u0660\u0665/12', '\u0669'],
    ['905\\12', '\\'],
    ['905#12', '#'],
    ['905_12', '_'],
    ['SK\u00b7905', '\u00b7'],
    ['\ufdfa', '\ufdfa'],
  ])('%j: %j', (raw, character) => {
    expect(disallowedSkCharacter(raw)).toBe(character);
  });

  it('refuses exactly the numbers whose fold leaves the alphabet, judged character by character', () => {
    const alphabet = /^[A-Za-z0-9 ./\-(),:]*$/;
    fc.assert(
      fc.property(skNumberLike, (raw) => {
        expect(disallowedSkCharacter(raw) === undefined).toBe(alphabet.test(foldSkNumber(raw)));
      }),
      { numRuns: 5000 },
    );
  });
});
