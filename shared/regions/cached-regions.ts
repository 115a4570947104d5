import type { Clock } from '../platform/clock.js';
import type { Region, RegionRepository } from './region.js';

export interface RegionCacheOptions {
  /** How long a read is kept. Regions change only when the master data is seeded again. @default 15 minutes */
  readonly ttlMs?: number;
  /** Entries kept at most (regions and children lists each count one); the oldest go first. @default 5000 */
  readonly maxEntries?: number;
  readonly clock: Clock;
}

interface Entry<T> {
  readonly value: Promise<T>;
  readonly expiresAt: number;
}

/**
 * A region repository that keeps what it read for this container: the public pages read the same
 * few regions (the scope, its districts) on every view. Reads in flight are shared, and a failed
 * read is not kept. Bounded, so a national scope cannot grow it without limit.
 */
export const cachedRegions = (inner: RegionRepository, options: RegionCacheOptions): RegionRepository => {
  const ttlMs = options.ttlMs ?? 15 * 60 * 1000;
  const maxEntries = options.maxEntries ?? 5000;
  const entries = new Map<string, Entry<unknown>>();

  const remember = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    const now = options.clock.now().getTime();
    const cached = entries.get(key);
    if (cached && cached.expiresAt > now) return cached.value as Promise<T>;
    entries.delete(key);
    const value = read();
    entries.set(key, { value, expiresAt: now + ttlMs });
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key);
    });
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      entries.delete(oldest.value);
    }
    return value;
  };

  return {
    get: (code: string): Promise<Region | undefined> => remember(`get:${code}`, () => inner.get(code)),
    listChildren: async (code: string): Promise<Region[]> => [
      ...(await remember(`children:${code}`, () => inner.listChildren(code))),
    ],
  };
};
