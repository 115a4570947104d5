import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Time travel for one request, local only (never on AWS): with `LOCAL_TIME_OFFSET_HEADER=true` the
 * local gateway reads this header (whole milliseconds, may be negative) and runs the authorizer and
 * the function of that request as if the clock were that far ahead. Everything else in the
 * process (the pollers, the scheduler, other requests) keeps the real time. The end-to-end and
 * browser tests use it to step into an award round's judging window, or past a session's expiry,
 * instead of waiting for it.
 */
export const TIME_OFFSET_HEADER = 'x-local-time-offset-ms';

/** Ten years: an offset beyond it is a typo, not a test. */
const MAX_OFFSET_MS = 10 * 365 * 24 * 60 * 60 * 1000;

const offsets = new AsyncLocalStorage<number>();
const RealDate = globalThis.Date;
let installed = false;

/**
 * Replaces the process's `Date` with one that reads the current request's offset: `Date.now()`,
 * `new Date()` and `Date()` are shifted inside `withTimeOffset`, and real elsewhere; a `Date` of
 * given parts, `Date.parse`, `Date.UTC`, `instanceof Date` are unchanged. The functions' code is
 * not touched: it gets its time from `Clock` (`systemClock`, `new Date()`) as on Lambda, the way
 * fake timers shift it in unit tests. Call it before the functions are imported.
 */
export const installTimeOffset = (): void => {
  if (installed) return;
  installed = true;
  const now = () => RealDate.now() + (offsets.getStore() ?? 0);
  const ShiftedDate: DateConstructor = new Proxy(RealDate, {
    construct: (target, args, newTarget) =>
      Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
    // `Date()` called without `new` answers the current time as text.
    apply: () => new RealDate(now()).toString(),
    get: (target, property, receiver) => (property === 'now' ? now : Reflect.get(target, property, receiver)),
  });
  globalThis.Date = ShiftedDate;
};

/**
 * The offset a request asks for in TIME_OFFSET_HEADER: undefined when absent, or a message when
 * it is not a whole number of milliseconds within ten years.
 */
export const parseTimeOffset = (
  value: string | undefined,
): { readonly offsetMs?: number; readonly error?: string } => {
  if (value === undefined) return {};
  if (!/^-?\d{1,12}$/.test(value.trim()) || Math.abs(Number(value)) > MAX_OFFSET_MS) {
    return { error: `${TIME_OFFSET_HEADER} must be a whole number of milliseconds within ten years` };
  }
  return { offsetMs: Number(value) };
};

/** Runs `run` (and everything it awaits) with the clock `offsetMs` ahead; see installTimeOffset. */
export const withTimeOffset = <T>(offsetMs: number, run: () => T): T => offsets.run(offsetMs, run);
