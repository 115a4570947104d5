import { describe, expect, it } from 'vitest';
import {
  COUNTRY_CODE,
  isRegionCode,
  isVillageCode,
  isWithin,
  levelOf,
  lineageOf,
  parentOf,
} from '../../../shared/platform/region-codes.js';

describe('region codes', () => {
  it.each([
    ['ID', 'country'],
    ['51', 'province'],
    ['51.02', 'regency'],
    ['51.02.05', 'district'],
    ['51.02.05.2006', 'village'],
    ['51.71.01.1001', 'village'],
  ] as const)('levelOf(%s) is %s', (code, level) => {
    expect(levelOf(code)).toBe(level);
  });

  it.each([
    '',
    '5',
    '51.2',
    '51.02.5',
    '51.02.05.206',
    '51.02.05.2006.1',
    'id',
    '51-02',
    ' 51.02',
    '51.02.05.2006 ',
  ])('levelOf rejects the malformed code %j', (code) => {
    expect(() => levelOf(code)).toThrow(RangeError);
    expect(isRegionCode(code)).toBe(false);
  });

  it('tells village codes from the others', () => {
    expect(isVillageCode('51.02.05.2006')).toBe(true);
    expect(isVillageCode('51.02.05')).toBe(false);
    expect(isVillageCode(COUNTRY_CODE)).toBe(false);
    expect(isVillageCode('51.02.05.2006\n')).toBe(false);
  });

  it.each([
    ['51.02.05.2006', '51.02.05'],
    ['51.02.05', '51.02'],
    ['51.02', '51'],
    ['51', 'ID'],
    ['ID', undefined],
  ])('parentOf(%s) is %s', (code, parent) => {
    expect(parentOf(code)).toBe(parent);
  });

  it('lists the lineage nearest first, ending with the country', () => {
    expect(lineageOf('51.02.05.2006')).toEqual(['51.02.05.2006', '51.02.05', '51.02', '51', 'ID']);
    expect(lineageOf('ID')).toEqual(['ID']);
  });

  it.each([
    ['51.02', '51.02', true],
    ['51.02', '51.02.05.2006', true],
    ['51', '51.02.05', true],
    ['ID', '11.01.01.2001', true],
    ['ID', 'ID', true],
    ['51.02', '51.03.01.2001', false],
    ['51.02', '51', false],
    ['51.02', 'ID', false],
    // A prefix that is not a whole segment is not inside.
    ['51.0', '51.02', false],
    ['5', '51.02', false],
  ])('isWithin(%s, %s) is %s', (scope, code, within) => {
    expect(isWithin(scope, code)).toBe(within);
  });
});
