/**
 * Kemendagri region codes: province `51`, regency `51.02`, district `51.02.01`,
 * village `51.02.01.2001`. The whole country is the pseudo code `ID`.
 */
export const COUNTRY_CODE = 'ID';

export const REGION_LEVELS = ['country', 'province', 'regency', 'district', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

const CODE_PATTERN = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;

/** True when `code` is the country code or a well-formed Kemendagri code of any level. */
export const isRegionCode = (code: string): boolean => code === COUNTRY_CODE || CODE_PATTERN.test(code);

/** True when `code` is a well-formed village (desa/kelurahan) code. */
export const isVillageCode = (code: string): boolean =>
  CODE_PATTERN.test(code) && code.split('.').length === 4;

/** The level of a well-formed code. */
export const levelOf = (code: string): RegionLevel => {
  if (code === COUNTRY_CODE) return 'country';
  const level = REGION_LEVELS[code.split('.').length];
  if (level === undefined || !isRegionCode(code)) throw new RangeError(`Not a region code: ${code}`);
  return level;
};

/** The parent of a region; the country has none. */
export const parentOf = (code: string): string | undefined => {
  if (code === COUNTRY_CODE) return undefined;
  const parts = code.split('.');
  return parts.length === 1 ? COUNTRY_CODE : parts.slice(0, -1).join('.');
};

/** The region and all its ancestors, nearest first, ending with the country. */
export const lineageOf = (code: string): string[] => {
  const lineage: string[] = [];
  for (let current: string | undefined = code; current !== undefined; current = parentOf(current)) {
    lineage.push(current);
  }
  return lineage;
};

/** True when `code` is `scope` itself or lies inside it. */
export const isWithin = (scope: string, code: string): boolean =>
  scope === COUNTRY_CODE || code === scope || code.startsWith(`${scope}.`);
