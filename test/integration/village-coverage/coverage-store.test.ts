import { marshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { GetItemCommand } from '../../../shared/platform/dynamodb/client.js';
import { keys } from '../../../shared/platform/dynamodb/table.js';
import { applyCoverageEvents } from '../../../shared/village-coverage/apply-events.js';
import { ZERO_COUNTERS } from '../../../shared/village-coverage/coverage.js';
import { DynamoDbCoverageStore } from '../../../shared/village-coverage/dynamodb/coverage-store.js';
import { SHARDS_BY_LEVEL } from '../../../shared/village-coverage/shards.js';
import {
  commandArbitrary,
  deliver,
  HISTORY_VILLAGES,
  prng,
  recount,
  runHistory,
} from '../../fixtures/coverage-history.js';
import { createTestTable, localDynamoDbClient, scanAll } from '../../fixtures/dynamodb.js';

const client = localDynamoDbClient(inject('dynamoEndpoint'));

const storedState = async (store: DynamoDbCoverageStore) => {
  const villages = await store.getVillages([...HISTORY_VILLAGES]);
  const regions = new Map<string, unknown>();
  for (const code of [
    '51.02.01',
    '51.02.02',
    '51.03.01',
    '52.01.01',
    '51.02',
    '51.03',
    '52.01',
    '51',
    '52',
    'ID',
  ]) {
    regions.set(code, (await store.getRegionCounters(code)).counters);
  }
  return { villages, regions };
};

describe('DynamoDbCoverageStore on DynamoDB Local', () => {
  let tableName: string;
  beforeAll(async () => {
    tableName = await createTestTable(client, 'kim-coverage');
  });

  it('keeps exact counters through concurrent consumers, duplicates and reordering (12 random histories)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(commandArbitrary, { minLength: 5, maxLength: 40 }),
        fc.integer(),
        async (commands, seed) => {
          run += 1;
          // A fresh region tree per history: village codes are prefixed by a district per run.
          const table = await createTestTable(client, `kim-coverage-${run}`);
          const store = new DynamoDbCoverageStore(client, table, { random: prng(seed) });
          const { registrations, events } = runHistory(commands);

          await deliver(events, store, prng(seed + 1), { concurrency: 3, maxBatchSize: 15 });

          const expected = recount(registrations);
          const stored = await storedState(store);
          for (const village of HISTORY_VILLAGES) {
            const item = stored.villages.get(village);
            const counters = item
              ? (
                  await client.send(
                    new GetItemCommand({
                      TableName: table,
                      Key: marshall(keys.villageCoverage(item.coverage.districtCode, village)),
                      ConsistentRead: true,
                    }),
                  )
                ).Item
              : undefined;
            const expectedVillage = expected.villages.get(village) ?? ZERO_COUNTERS;
            expect(Number(counters?.verified?.N ?? 0), village).toBe(expectedVillage.verified);
            expect(Number(counters?.covered?.N ?? 0), village).toBe(expectedVillage.covered);
            expect(Number(counters?.pendingOnly?.N ?? 0), village).toBe(expectedVillage.pendingOnly);
          }
          for (const [code, counters] of stored.regions) {
            expect(counters, code).toEqual(expected.regions.get(code) ?? ZERO_COUNTERS);
          }
        },
      ),
      { numRuns: 12 },
    );
  });

  it('spreads a region over its shards and sums them on read', async () => {
    // One draw per region per event, four regions per event: event k lands on shard k everywhere.
    let draw = 0;
    const shards = SHARDS_BY_LEVEL.country;
    const store = new DynamoDbCoverageStore(client, tableName, {
      random: () => (Math.floor(draw++ / 4) % shards) / shards,
    });
    const events = HISTORY_VILLAGES.slice(0, 5).map((villageCode, index) => ({
      eventId: `e-${index}`,
      registrationId: `r-${index}`,
      version: 1,
      villageCode,
      oldVillageCode: null,
      oldStatus: null,
      newStatus: 'SUBMITTED' as const,
      at: '2026-11-27T00:00:00.000Z',
    }));

    for (const event of events) await applyCoverageEvents([event], { coverage: store });

    const country = await store.getRegionCounters('ID');
    expect(country.counters).toEqual({ ...ZERO_COUNTERS, submitted: 5, pendingOnly: 5 });
    expect(country.shardRevs.size).toBe(5);
    const items = (await scanAll(client, tableName)).filter((item) => item.PK === 'COV#ROOT');
    expect(items.map((item) => item.SK).sort()).toEqual([
      'COV#ID#0',
      'COV#ID#1',
      'COV#ID#2',
      'COV#ID#3',
      'COV#ID#4',
    ]);
  });
});
