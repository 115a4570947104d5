import { createHash } from 'node:crypto';

/** A fixed window: at most `limit` requests per `windowSeconds`, counted from the epoch. */
export interface RateRule {
  readonly limit: number;
  readonly windowSeconds: number;
}

/** Sign-in requests per address: a few tries, then quiet until the window ends. */
export const ADDRESS_RULE: RateRule = { limit: 5, windowSeconds: 15 * 60 };
/** Sign-in requests per client (source IP): enough for a village office behind one address. */
export const CLIENT_RULE: RateRule = { limit: 30, windowSeconds: 15 * 60 };

/** The verdict on one more request in a window. */
export interface RateVerdict {
  readonly allowed: boolean;
  /** Seconds until the window ends (and the count starts again). */
  readonly retryAfterSeconds: number;
}

/** Counts requests in fixed windows (a conditional counter per window, expired by TTL). */
export interface RateLimiter {
  /** Counts one request of `subject` under `rule` at `now`, unless the window is full. */
  hit(subject: string, rule: RateRule, now: Date): Promise<RateVerdict>;
}

/** The window `now` falls in: its start and end, in epoch seconds. */
export const windowOf = (rule: RateRule, now: Date): { readonly start: number; readonly end: number } => {
  const seconds = Math.floor(now.getTime() / 1000);
  const start = seconds - (seconds % rule.windowSeconds);
  return { start, end: start + rule.windowSeconds };
};

/** A rate-limit subject that names nobody: a kind and the SHA-256 of the value. */
export const rateSubject = (kind: 'address' | 'client', value: string): string =>
  `${kind}#${createHash('sha256').update(`kim-registry/rate/${kind}/v1\0${value}`, 'utf8').digest('hex')}`;
