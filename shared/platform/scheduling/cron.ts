import { fixedWallTime, fixedZoneAt, isFixedZone, type WallTime } from '../time/indonesian-time.js';
/**
 * EventBridge Scheduler cron expressions, `cron(minutes hours day-of-month month day-of-week year)`,
 * evaluated in an IANA time zone the way EventBridge Scheduler does: a time that does not exist
 * on the day the clocks go forward is skipped, a time that occurs twice when they go back runs
 * once (the first time).
 *
 * Supported: `*`, `?` (in exactly one of day-of-month and day-of-week), values, lists `a,b`,
 * ranges `a-b`, steps `*\/n`, `a/n` and `a-b/n`, month names JAN–DEC and day names SUN–SAT
 * (1 = SUN … 7 = SAT). `L`, `W` and `#` are refused with a clear error.
 */

export class CronExpressionError extends Error {
  override readonly name = 'CronExpressionError';
}

export interface CronSchedule {
  readonly expression: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  /** undefined when the field is `?`. */
  readonly daysOfMonth: ReadonlySet<number> | undefined;
  readonly months: ReadonlySet<number>;
  /** 1 = Sunday … 7 = Saturday; undefined when the field is `?`. */
  readonly daysOfWeek: ReadonlySet<number> | undefined;
  readonly years: ReadonlySet<number>;
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'day-of-week', min: 1, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { name: 'year', min: 1970, max: 2199 },
];

const fieldValue = (text: string, spec: FieldSpec, expression: string): number => {
  const upper = text.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + spec.min;
  if (/^(\d*L|L-\d+|\d+W|LW|\d+#\d+)$/i.test(text)) {
    throw new CronExpressionError(
      `${expression}: L, W and # (${spec.name} "${text}") are not supported by this scheduler; use lists and ranges`,
    );
  }
  if (!/^\d+$/.test(text)) {
    throw new CronExpressionError(`${expression}: "${text}" is not a valid ${spec.name} value`);
  }
  const value = Number(text);
  if (value < spec.min || value > spec.max) {
    throw new CronExpressionError(`${expression}: ${spec.name} ${value} is outside ${spec.min}-${spec.max}`);
  }
  return value;
};

const parseField = (text: string, spec: FieldSpec, expression: string): Set<number> | undefined => {
  if (text === '?') {
    if (spec.name !== 'day-of-month' && spec.name !== 'day-of-week') {
      throw new CronExpressionError(`${expression}: "?" is allowed only in day-of-month or day-of-week`);
    }
    return undefined;
  }
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^([^/]+)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new CronExpressionError(`${expression}: "${part}" is not a valid ${spec.name} entry`);
    const [, range = '', stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) throw new CronExpressionError(`${expression}: step in "${part}" must be at least 1`);
    let from: number;
    let to: number;
    if (range === '*') {
      from = spec.min;
      to = spec.max;
    } else if (range.includes('-')) {
      const [a = '', b = '', ...rest] = range.split('-');
      if (rest.length > 0) throw new CronExpressionError(`${expression}: "${part}" is not a valid range`);
      from = fieldValue(a, spec, expression);
      to = fieldValue(b, spec, expression);
      if (from > to) {
        throw new CronExpressionError(`${expression}: range "${range}" of ${spec.name} runs backwards`);
      }
    } else {
      from = fieldValue(range, spec, expression);
      // `a/n` means from a to the end of the field in steps of n.
      to = stepText === undefined ? from : spec.max;
    }
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
};

/** Parses `cron(...)` (the surrounding `cron( )` is required, as EventBridge requires it). */
export const parseCron = (expression: string): CronSchedule => {
  const match = /^cron\((.*)\)$/.exec(expression.trim());
  if (!match) {
    throw new CronExpressionError(
      `${expression}: only cron(minutes hours day-of-month month day-of-week year) expressions are supported`,
    );
  }
  const parts = (match[1] ?? '').trim().split(/\s+/);
  if (parts.length !== 6) {
    throw new CronExpressionError(
      `${expression}: a cron expression has 6 fields, this one has ${parts.length}`,
    );
  }
  const [minutes, hours, daysOfMonth, months, daysOfWeek, years] = parts.map((part, index) =>
    parseField(part, FIELDS[index] as FieldSpec, expression),
  );
  if ((daysOfMonth === undefined) === (daysOfWeek === undefined)) {
    throw new CronExpressionError(`${expression}: exactly one of day-of-month and day-of-week must be "?"`);
  }
  if (!minutes || !hours || !months || !years) {
    throw new CronExpressionError(`${expression}: "?" is allowed only in day-of-month or day-of-week`);
  }
  return { expression, minutes, hours, daysOfMonth, months, daysOfWeek, years };
};

/**
 * True when `value` is an IANA time zone this runtime knows, such as Asia/Makassar (Indonesia's
 * zones without asking ICU: see indonesian-time.ts).
 */
export const isTimeZone = (value: string): boolean => {
  if (isFixedZone(value)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterOf = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
    } catch {
      throw new CronExpressionError(`Unknown time zone: ${timeZone}`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** The wall-clock time of an instant in a time zone. */
export const wallTimeOf = (instant: number, timeZone: string): WallTime => {
  const zone = fixedZoneAt(timeZone, instant);
  if (zone) return fixedWallTime(instant, zone);
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
  };
};

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

const asUtc = (wall: WallTime) => Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);

/**
 * The instant a wall-clock time names in a time zone: the first of two when the clocks went back,
 * undefined when the clocks skipped it.
 */
export const instantOf = (wall: WallTime, timeZone: string): number | undefined => {
  const guess = asUtc(wall);
  const offsetAt = (instant: number) =>
    asUtc(wallTimeOf(instant, timeZone)) - Math.floor(instant / MINUTE_MS) * MINUTE_MS;
  const candidates = [...new Set([guess - offsetAt(guess - DAY_MS), guess - offsetAt(guess + DAY_MS)])]
    .filter((instant) => asUtc(wallTimeOf(instant, timeZone)) === guess)
    .sort((a, b) => a - b);
  return candidates[0];
};

const matchesDay = (schedule: CronSchedule, year: number, month: number, day: number): boolean => {
  if (!schedule.years.has(year) || !schedule.months.has(month)) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return false;
  if (schedule.daysOfMonth) return schedule.daysOfMonth.has(day);
  return schedule.daysOfWeek?.has(date.getUTCDay() + 1) ?? false;
};

const sorted = (values: ReadonlySet<number>, descending: boolean) =>
  [...values].sort((a, b) => (descending ? b - a : a - b));

/** Calendar days searched before giving up (the year field ends at 2199 anyway). */
const MAX_DAYS = 366 * 250;

const search = (
  schedule: CronSchedule,
  timeZone: string,
  bound: number,
  direction: 1 | -1,
): Date | undefined => {
  const start = wallTimeOf(bound, timeZone);
  const hours = sorted(schedule.hours, direction < 0);
  const minutes = sorted(schedule.minutes, direction < 0);
  const maxYear = Math.max(...schedule.years);
  const minYear = Math.min(...schedule.years);
  let cursor = Date.UTC(start.year, start.month - 1, start.day);
  for (let step = 0; step < MAX_DAYS; step++, cursor += direction * DAY_MS) {
    const date = new Date(cursor);
    const year = date.getUTCFullYear();
    if ((direction > 0 && year > maxYear) || (direction < 0 && year < minYear)) return undefined;
    const month = date.getUTCMonth() + 1;
    const day = date.getUTCDate();
    if (!matchesDay(schedule, year, month, day)) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const instant = instantOf({ year, month, day, hour, minute }, timeZone);
        if (instant === undefined) continue;
        if (direction > 0 ? instant > bound : instant <= bound) return new Date(instant);
      }
    }
  }
  return undefined;
};

/** The first time the schedule fires strictly after `after`, or undefined when it never fires again. */
export const nextRun = (schedule: CronSchedule, timeZone: string, after: Date): Date | undefined =>
  search(schedule, timeZone, after.getTime(), 1);

/** The last time the schedule fired at or before `atOrBefore`. */
export const previousRun = (schedule: CronSchedule, timeZone: string, atOrBefore: Date): Date | undefined =>
  search(schedule, timeZone, Math.floor(atOrBefore.getTime() / MINUTE_MS) * MINUTE_MS, -1);
