/** Source of the current time, passed to use cases so tests can fix it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Today's date (YYYY-MM-DD) in Indonesia's easternmost time zone, WIT (UTC+9, no daylight
 * saving). A decree dated today anywhere in Indonesia is then never taken for a future one.
 */
export const todayInIndonesia = (now: Date): string =>
  new Date(now.getTime() + 9 * 60 * 60 * 1000).toISOString().slice(0, 10);
