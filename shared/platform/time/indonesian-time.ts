/**
 * Dates and numbers the Indonesian way without ICU, for the zones Indonesia has kept since 1988.
 *
 * The first `Intl` formatter of a process loads ICU's data: 17–25 ms of CPU, whatever the locale
 * or zone. The digest senders check their time zone at import and format every digest's dates
 * and numbers, so each of their cold starts paid it (issue 15's import goal). Indonesia's zones
 * have had fixed offsets and no daylight saving since 1988, and the digests show only these
 * zones' dates, so the wall time is arithmetic; any other zone, or an earlier instant, goes to
 * `Intl` as before. `test/unit/platform/indonesian-time.test.ts` holds every function here equal
 * to `Intl`'s output for random instants and numbers.
 */

interface FixedZone {
  /** Minutes ahead of UTC. */
  readonly offsetMinutes: number;
  /** What `Intl` in `id-ID` writes as the zone's short name. */
  readonly abbreviation: string;
}

const FIXED_ZONES: Readonly<Record<string, FixedZone>> = {
  'Asia/Jakarta': { offsetMinutes: 7 * 60, abbreviation: 'WIB' },
  'Asia/Pontianak': { offsetMinutes: 7 * 60, abbreviation: 'WIB' },
  'Asia/Makassar': { offsetMinutes: 8 * 60, abbreviation: 'WITA' },
  'Asia/Jayapura': { offsetMinutes: 9 * 60, abbreviation: 'WIT' },
  UTC: { offsetMinutes: 0, abbreviation: 'UTC' },
};

/** 1988-01-01: Pontianak moved from WITA to WIB then, the last change of an Indonesian zone. */
const FIXED_SINCE = Date.UTC(1988, 0, 1);

/** The zone's fixed offset, if `timeZone` is one of them and `instant` is after 1988. */
export const fixedZoneAt = (timeZone: string, instant: number): FixedZone | undefined =>
  Object.hasOwn(FIXED_ZONES, timeZone) && instant >= FIXED_SINCE ? FIXED_ZONES[timeZone] : undefined;

/** True for the zones above, which need no ICU data to be known. */
export const isFixedZone = (timeZone: string): boolean => Object.hasOwn(FIXED_ZONES, timeZone);

export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

/** The wall time of `instant` in a fixed zone. */
export const fixedWallTime = (instant: number, zone: FixedZone): WallTime => {
  const shifted = new Date(instant + zone.offsetMinutes * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
};

const MONTHS_ID = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
] as const;

const twoDigits = (value: number) => String(value).padStart(2, '0');

/**
 * `7 Desember 2026`, or with the time `7 Desember 2026 pukul 08.05 WITA`: what
 * `Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric' })` writes (with
 * `hour`, `minute` 2-digit and `timeZoneName: 'short'`).
 */
export const formatIndonesianDate = (iso: string, timeZone: string, withTime = false): string => {
  const instant = Date.parse(iso);
  const zone = fixedZoneAt(timeZone, instant);
  if (!zone) {
    return new Intl.DateTimeFormat('id-ID', {
      timeZone,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' } : {}),
    }).format(new Date(iso));
  }
  const wall = fixedWallTime(instant, zone);
  const date = `${wall.day} ${MONTHS_ID[wall.month - 1]} ${wall.year}`;
  return withTime
    ? `${date} pukul ${twoDigits(wall.hour)}.${twoDigits(wall.minute)} ${zone.abbreviation}`
    : date;
};

/** The calendar date of `iso` in `timeZone`, as `YYYY-MM-DD`. */
export const localIsoDate = (iso: string, timeZone: string): string => {
  const instant = Date.parse(iso);
  const zone = fixedZoneAt(timeZone, instant);
  if (!zone) {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(new Date(iso));
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
    return `${part('year')}-${part('month')}-${part('day')}`;
  }
  const wall = fixedWallTime(instant, zone);
  return `${wall.year}-${twoDigits(wall.month)}-${twoDigits(wall.day)}`;
};

/**
 * A number as `Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 })` writes it: `83.762`,
 * `12,5`, `-0`. Rounded half away from zero from the number's shortest decimal form, as ICU does
 * (0.95 is `1`, though the double is a little under 0.95). Numbers JavaScript writes with an
 * exponent (below 1e-6 or from 1e21) and NaN or infinities go to `Intl`.
 */
export const formatIndonesianNumber = (value: number): string => {
  const shortest = String(Math.abs(value));
  if (!Number.isFinite(value) || shortest.includes('e')) {
    return new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }).format(value);
  }
  const [whole = '0', fraction = ''] = shortest.split('.');
  let tenths = BigInt(`${whole}${fraction[0] ?? '0'}`);
  if ((fraction[1] ?? '0') >= '5') tenths += 1n;
  const digits = tenths.toString().padStart(2, '0');
  const grouped = digits.slice(0, -1).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const decimal = digits.slice(-1);
  const text = decimal === '0' ? grouped : `${grouped},${decimal}`;
  return value < 0 || Object.is(value, -0) ? `-${text}` : text;
};
