import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZERO_COUNTERS } from '../../../shared/village-coverage/coverage.js';
import {
  commandArbitrary,
  deliver,
  HISTORY_VILLAGES,
  prng,
  recount,
  runHistory,
} from '../../fixtures/coverage-history.js';
import { InMemoryCoverageStore } from '../../fixtures/in-memory-coverage.js';

describe('coverage counters under at-least-once delivery (property)', () => {
  it('equal a recount from the registrations after any history, duplicates, order, batching and failures', async () => {
    let histories = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(commandArbitrary, { minLength: 1, maxLength: 60 }),
        fc.integer(),
        fc.record({
          concurrency: fc.integer({ min: 1, max: 4 }),
          maxBatchSize: fc.integer({ min: 1, max: 25 }),
        }),
        async (commands, seed, delivery) => {
          histories += 1;
          const { registrations, events } = runHistory(commands);
          const random = prng(seed);
          const store = new InMemoryCoverageStore(random, {
            readFailure: 0.05,
            failBeforeCommit: 0.1,
            failAfterCommit: 0.1,
          });

          await deliver(events, store, random, delivery);

          const expected = recount(registrations);
          for (const village of HISTORY_VILLAGES) {
            expect(store.villageCounters(village), village).toEqual(
              expected.villages.get(village) ?? ZERO_COUNTERS,
            );
          }
          const regionCodes = new Set([...expected.regions.keys(), ...store.regions.keys()]);
          for (const region of regionCodes) {
            expect(store.regions.get(region) ?? ZERO_COUNTERS, region).toEqual(
              expected.regions.get(region) ?? ZERO_COUNTERS,
            );
          }
        },
      ),
      { numRuns: 600 },
    );
    expect(histories).toBeGreaterThanOrEqual(500);
  });
});
