import { COUNTRY_CODE } from '../platform/region-codes.js';
import type { SkDocument } from './sk-document.js';

/**
 * A registration's current term (masa bakti): the term of its newest SK version (versions sort by
 * their ULID, the time the upload was announced), kept as one item beside the versions so that the
 * terms ending soon, or already ended, are one Query of a regency's terms by end date, never a Scan.
 * `villageCode` … `regencyCode` place the registration as it was when the version was confirmed.
 */
export interface CurrentTerm {
  readonly registrationId: string;
  readonly versionId: string;
  readonly term: SkDocument['term'];
  readonly villageCode: string;
  readonly districtCode: string;
  readonly regencyCode: string;
}

/** Where a registration lies, as the current term records it. */
export type TermPlacement = Pick<CurrentTerm, 'villageCode' | 'districtCode' | 'regencyCode'>;

/**
 * The IANA time zone of a region, by its province: Indonesia has three zones without daylight
 * saving. WIT (UTC+9): Maluku (81, 82) and the Papua provinces (91–96); WITA (UTC+8): Bali and
 * Nusa Tenggara (51–53), Kalimantan Selatan, Timur, Utara (63–65) and Sulawesi (71–76); WIB (UTC+7):
 * Sumatra, Java, Kalimantan Barat and Tengah. The country as a whole is read in WITA, the middle
 * zone (the schedules' zone).
 */
export const timeZoneOfRegion = (code: string): string => {
  if (code === COUNTRY_CODE) return 'Asia/Makassar';
  const province = Number(code.slice(0, 2));
  if (province >= 81) return 'Asia/Jayapura';
  if ((province >= 51 && province <= 53) || (province >= 63 && province <= 76)) return 'Asia/Makassar';
  return 'Asia/Jakarta';
};

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) `at` falls on in `timeZone`. */
export const dateIn = (timeZone: string, at: Date): string => {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(at);
};

/** Today's date in the time zone of the region a KIM lies in. */
export const todayInRegion = (regionCode: string, at: Date): string =>
  dateIn(timeZoneOfRegion(regionCode), at);

const DAY_MS = 24 * 60 * 60 * 1000;

/** `date` (YYYY-MM-DD) moved by `days` calendar days. */
export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Calendar days from `from` to `to` (both YYYY-MM-DD): 0 on the same day, negative when `to` is earlier. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/**
 * A term has expired once its last day (`end`, inclusive) is before today in the region's time
 * zone: on its last day it still runs.
 */
export const isTermExpired = (term: Pick<SkDocument['term'], 'end'>, today: string): boolean =>
  term.end < today;
