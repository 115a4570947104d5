import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../shared/platform/clock.js';
import { cachedRegions } from '../../../shared/regions/cached-regions.js';
import type { Region, RegionRepository } from '../../../shared/regions/region.js';
import { tabananSample } from '../../fixtures/in-memory-ports.js';

const movableClock = (start = 0): Clock & { advance(ms: number): void } => {
  let now = start;
  return { now: () => new Date(now), advance: (ms) => (now += ms) };
};

describe('cachedRegions', () => {
  it('reads a region and a children list once per container while fresh', async () => {
    const inner = tabananSample();
    const regions = cachedRegions(inner, { clock: movableClock() });
    const first = await regions.get('51.02');
    expect(await regions.get('51.02')).toEqual(first);
    expect(first?.name).toBe('Kabupaten Tabanan');
    expect((await regions.listChildren('51.02.05')).map((r) => r.code)).toEqual([
      '51.02.05.2006',
      '51.02.05.2007',
    ]);
    await regions.listChildren('51.02.05');
    expect(inner.calls).toEqual({ get: 1, listChildren: 1 });
  });

  it('reads again once the entry is older than the ttl', async () => {
    const inner = tabananSample();
    const clock = movableClock();
    const regions = cachedRegions(inner, { clock, ttlMs: 1000 });
    await regions.get('51.02');
    clock.advance(999);
    await regions.get('51.02');
    clock.advance(2);
    await regions.get('51.02');
    expect(inner.calls.get).toBe(2);
  });

  it('shares a read in flight and does not keep a failed one', async () => {
    let calls = 0;
    let fail = true;
    const inner: RegionRepository = {
      get: async (code: string): Promise<Region | undefined> => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (fail) throw new Error('throttled');
        return { code, name: 'Tabanan', level: 'district', villageCount: 12 };
      },
      listChildren: async () => [],
    };
    const regions = cachedRegions(inner, { clock: movableClock() });
    const both = await Promise.allSettled([regions.get('51.02.05'), regions.get('51.02.05')]);
    expect(both.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
    fail = false;
    expect((await regions.get('51.02.05'))?.name).toBe('Tabanan');
    expect(calls).toBe(2);
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const inner = tabananSample();
    const regions = cachedRegions(inner, { clock: movableClock(), maxEntries: 2 });
    await regions.get('51.02');
    await regions.get('51.02.05');
    await regions.get('51.02.05.2006');
    await regions.get('51.02.05');
    expect(inner.calls.get).toBe(3);
    await regions.get('51.02');
    expect(inner.calls.get).toBe(4);
  });

  it('hands out a copy of a children list, so a caller cannot change the cache', async () => {
    const regions = cachedRegions(tabananSample(), { clock: movableClock() });
    (await regions.listChildren('51.02.05')).pop();
    expect(await regions.listChildren('51.02.05')).toHaveLength(2);
  });
});
