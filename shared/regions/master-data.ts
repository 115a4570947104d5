import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { COUNTRY_CODE, isWithin, levelOf, parentOf, type RegionLevel } from '../platform/region-codes.js';

/** A region of the deployment scope, with the number of villages inside it (coverage denominator). */
export interface RegionRecord {
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
  /** Undefined only for the country. */
  readonly parentCode: string | undefined;
  readonly villageCount: number;
}

const FILES = ['provinces.csv', 'regencies.csv', 'districts.csv', 'villages.csv'] as const;

/** The folder holding the `idn-area-data` CSV files: bundled beside the code on Lambda. */
export const defaultRegionDataDir = (): string => {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('idn-area-data/package.json')), 'data');
};

/** Splits one CSV line (RFC 4180 quoting, no embedded newlines in this data set). */
export const parseCsvLine = (line: string): string[] => {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else {
      field += char;
    }
  }
  fields.push(field);
  return fields;
};

/**
 * Reads the Kemendagri master data and returns every region inside `scope` (the scope itself
 * included), each with its village count, sorted by code.
 */
export const loadScopeRegions = async (
  scope: string,
  dataDir: string = defaultRegionDataDir(),
): Promise<RegionRecord[]> => {
  const rows: Array<{ code: string; name: string }> = [];
  const texts = await Promise.all(FILES.map((file) => readFile(join(dataDir, file), 'utf8')));
  for (const text of texts) {
    const lines = text.split(/\r?\n/);
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      if (!line) continue;
      const fields = parseCsvLine(line);
      const code = fields[0];
      const name = fields[fields.length - 1];
      if (code === undefined || name === undefined || !isWithin(scope, code)) continue;
      rows.push({ code, name });
    }
  }
  if (scope !== COUNTRY_CODE && !rows.some((row) => row.code === scope)) {
    throw new RangeError(`Scope ${scope} is not a region in the master data`);
  }

  const villageCounts = new Map<string, number>();
  for (const { code } of rows) {
    if (levelOf(code) !== 'village') continue;
    for (let region: string | undefined = code; region !== undefined; region = parentOf(region)) {
      villageCounts.set(region, (villageCounts.get(region) ?? 0) + 1);
      if (region === scope) break;
    }
  }

  const regions: RegionRecord[] = rows.map(({ code, name }) => ({
    code,
    name,
    level: levelOf(code),
    parentCode: parentOf(code),
    villageCount: villageCounts.get(code) ?? 0,
  }));
  if (scope === COUNTRY_CODE) {
    regions.push({
      code: COUNTRY_CODE,
      name: 'Indonesia',
      level: 'country',
      parentCode: undefined,
      villageCount: villageCounts.get(COUNTRY_CODE) ?? 0,
    });
  }
  return regions.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
};
