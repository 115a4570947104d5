import { localIsoDate } from '../platform/time/indonesian-time.js';
import type { Digest } from './build-digest.js';

/**
 * The CSV attachment: RFC 4180 (CRLF line ends, a header row, fields with a comma, quote, CR or
 * LF quoted, quotes doubled), UTF-8 with a byte-order mark so spreadsheet programs that guess the
 * encoding (Excel among them) show names with non-ASCII letters correctly.
 */
export const CSV_COLUMNS = ['code', 'name', 'district_code', 'district', 'status', 'kim_count'] as const;

const BOM = '\uFEFF';

/** One field, quoted when RFC 4180 needs it. */
export const csvField = (value: string | number): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export const csvRow = (values: readonly (string | number)[]): string => values.map(csvField).join(',');

/** One row per village of the digest's region, by code, after the header. */
export const digestCsv = (digest: Digest): string =>
  `${BOM}${[
    csvRow(CSV_COLUMNS),
    ...digest.villages.map((village) =>
      csvRow([
        village.code,
        village.name,
        village.districtCode,
        village.districtName,
        village.status,
        village.kimCount,
      ]),
    ),
  ].join('\r\n')}\r\n`;

/**
 * The attachment's file name: `cakupan-kim-<code>-<date>.csv`, dated in `timeZone` (the one the
 * subject is dated in, WITA), so a digest made at 01:00 WITA carries that day in both.
 */
export const digestCsvFilename = (digest: Digest, timeZone: string): string =>
  `cakupan-kim-${digest.region.code}-${localIsoDate(digest.at, timeZone)}.csv`;
