import { DEFAULT_TIME_ZONE } from '../platform/web/format.js';
import type { Language } from '../platform/web/language.js';

const LOCALES: Readonly<Record<Language, string>> = { id: 'id-ID', en: 'en-GB' };
const formats = new Map<Language, Intl.DateTimeFormat>();

/**
 * A moment of the audit trail with its time of day, in WITA like the rest of the site:
 * `7 Desember 2026 pukul 13.05 WITA`. Two officers act within minutes: a date alone would not say
 * who was first. Anything that is not a timestamp is returned as is.
 */
export const formatDateTime = (value: string, lang: Language): string => {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  let format = formats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[lang], {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: DEFAULT_TIME_ZONE,
    });
    formats.set(lang, format);
  }
  return `${format.format(date)} WITA`;
};
