import { Cron } from 'croner';

/**
 * EventBridge Scheduler cron expressions, `cron(minutes hours day-of-month month day-of-week year)`,
 * evaluated in an IANA time zone the way EventBridge Scheduler does. `croner` parses and searches
 * the calendar (`*`, `?`, values, lists, ranges, steps `a/n`, month and day names, days of the
 * week 1 = SUN … 7 = SAT, `L`, `W` and `#`); this adapter adds EventBridge's rules: the `cron( )`
 * wrapper, six fields, `?` in exactly one of day-of-month and day-of-week and nowhere else, and its
 * daylight-saving behaviour. croner follows Vixie cron there (a time the clocks skip runs right
 * after the gap; a time they repeat runs twice for a schedule with several times an hour), while
 * EventBridge skips the first and runs the second once, the first time.
 */

export class CronExpressionError extends Error {
  override readonly name = 'CronExpressionError';
}

export interface CronSchedule {
  readonly expression: string;
  /** The same schedule for croner: a seconds field of 0, then the six EventBridge fields. */
  readonly pattern: string;
}

const CRONER_OPTIONS = {
  mode: '7-part',
  alternativeWeekdays: true,
  // EventBridge writes "from a in steps of n" as `a/n`.
  sloppyRanges: true,
  paused: true,
} as const;

/** What EventBridge allows in a field: values, names, `, - * ? /` and `L W #`. */
const FIELD = /^[0-9A-Za-z,*?/#-]+$/;

/** Parses `cron(...)` (the surrounding `cron( )` is required, as EventBridge requires it). */
export const parseCron = (expression: string): CronSchedule => {
  const match = /^cron\((.*)\)$/.exec(expression.trim());
  if (!match) {
    throw new CronExpressionError(
      `${expression}: only cron(minutes hours day-of-month month day-of-week year) expressions are supported`,
    );
  }
  const fields = (match[1] ?? '').trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new CronExpressionError(
      `${expression}: a cron expression has 6 fields, this one has ${fields.length}`,
    );
  }
  const [minutes = '', hours = '', dayOfMonth = '', month = '', dayOfWeek = '', year = ''] = fields;
  if ([minutes, hours, month, year].some((field) => field.includes('?'))) {
    throw new CronExpressionError(`${expression}: "?" is allowed only in day-of-month or day-of-week`);
  }
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new CronExpressionError(`${expression}: exactly one of day-of-month and day-of-week must be "?"`);
  }
  const odd = fields.find((field) => !FIELD.test(field));
  if (odd !== undefined) throw new CronExpressionError(`${expression}: "${odd}" is not a valid field`);
  // `L` alone in day-of-week is the week's last day, Saturday; croner knows `L` only after a day.
  const pattern = `0 ${[minutes, hours, dayOfMonth, month, dayOfWeek === 'L' ? '7' : dayOfWeek, year].join(' ')}`;
  try {
    new Cron(pattern, CRONER_OPTIONS);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern: /, '') : String(error);
    // croner counts fields from 0 with its seconds first, so its "entry n" is EventBridge's field n.
    throw new CronExpressionError(`${expression}: ${reason}`);
  }
  return { expression, pattern };
};

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

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

/** The wall-clock minute of an instant in a time zone, as the UTC instant with the same digits. */
const wallClock = (instant: number, timeZone: string): number => {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
  );
};

const offsetAt = (instant: number, timeZone: string) =>
  wallClock(instant, timeZone) - Math.floor(instant / MINUTE_MS) * MINUTE_MS;

/** Whether the clocks went back within the last hours and already showed this instant's time once. */
const repeatsAnEarlierTime = (instant: number, timeZone: string): boolean => {
  const shift = offsetAt(instant - 3 * HOUR_MS, timeZone) - offsetAt(instant, timeZone);
  return shift > 0 && wallClock(instant - shift, timeZone) === wallClock(instant, timeZone);
};

/** Whether EventBridge fires at a time croner offers: on the pattern's own wall-clock time, and once. */
const firesAt = (cron: Cron, instant: Date, timeZone: string) =>
  cron.match(instant) && !repeatsAnEarlierTime(instant.getTime(), timeZone);

/** More times than croner can offer in a row that EventBridge does not fire at (a repeated hour). */
const MAX_SKIPPED = 1_000;

const search = (
  schedule: CronSchedule,
  timeZone: string,
  from: Date,
  step: (cron: Cron, cursor: Date) => Date | null | undefined,
): Date | undefined => {
  formatterOf(timeZone);
  const cron = new Cron(schedule.pattern, { ...CRONER_OPTIONS, timezone: timeZone });
  let cursor = from;
  for (let skipped = 0; skipped < MAX_SKIPPED; skipped++) {
    const candidate = step(cron, cursor);
    if (!candidate) return undefined;
    if (firesAt(cron, candidate, timeZone)) return candidate;
    cursor = candidate;
  }
  return undefined;
};

/** The first time the schedule fires strictly after `after`, or undefined when it never fires again. */
export const nextRun = (schedule: CronSchedule, timeZone: string, after: Date): Date | undefined =>
  search(schedule, timeZone, after, (cron, cursor) => cron.nextRun(cursor));

/** The last time the schedule fired at or before `atOrBefore`. */
export const previousRun = (schedule: CronSchedule, timeZone: string, atOrBefore: Date): Date | undefined =>
  search(
    schedule,
    timeZone,
    // croner looks strictly before its reference; a firing is on a whole minute.
    new Date(Math.floor(atOrBefore.getTime() / MINUTE_MS) * MINUTE_MS + 1000),
    (cron, cursor) => cron.previousRuns(1, cursor)[0],
  );
