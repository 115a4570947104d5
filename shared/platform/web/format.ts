import type { Language } from './language.js';

const LOCALES: Readonly<Record<Language, string>> = { id: 'id-ID', en: 'en-GB' };

/**
 * The time zone dates are shown in unless a page says otherwise: the first deployment (Tabanan,
 * Bali) and the digest schedule live in WITA.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Makassar';

const numberFormats = new Map<Language, Intl.NumberFormat>();
const percentFormats = new Map<Language, Intl.NumberFormat>();

/** A whole number with the language's thousands separator: `1.234` in Indonesian, `1,234` in English. */
export const formatNumber = (value: number, lang: Language): string => {
  let format = numberFormats.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 0 });
    numberFormats.set(lang, format);
  }
  return format.format(value);
};

/** A percentage given as 0–100 with at most one decimal: `45,1%` in Indonesian, `45.1%` in English. */
export const formatPercent = (percent: number, lang: Language): string => {
  let format = percentFormats.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: 1 });
    percentFormats.set(lang, format);
  }
  return format.format(percent / 100);
};

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date as people write it: `2 Juni 2025`, `2 June 2025`. A date alone (`2025-06-02`) is shown as
 * that day; a timestamp as its day in `timeZone`. Anything that is not a date is returned as is.
 */
export const formatDate = (value: string, lang: Language, timeZone = DEFAULT_TIME_ZONE): string => {
  const dateOnly = DATE_ONLY.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(LOCALES[lang], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: dateOnly ? 'UTC' : timeZone,
  }).format(date);
};
