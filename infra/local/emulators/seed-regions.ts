import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  type DynamoDbClient,
  type KeysAndAttributes,
} from '../../../shared/platform/dynamodb/client.js';
import { regionItem, writeRegions } from '../../../shared/regions/dynamodb/region-writer.js';
import type { RegionRecord } from '../../../shared/regions/master-data.js';

const GET_BATCH = 100;

export interface SeedRegionsOptions {
  /** BatchWriteItem calls in flight; an on-disk DynamoDB Local writes fastest with few. @default 16 */
  readonly writeConcurrency?: number;
  /** The table was just created: skip reading and write every region. @default false */
  readonly tableIsNew?: boolean;
}

/**
 * Makes the table hold exactly these region items, writing only the ones missing or different.
 * The result is the same as overwriting all of them (`writeRegions`), but a restart of the local
 * stack, whose regions are already there, only reads.
 */
export const seedRegions = async (
  client: DynamoDbClient,
  tableName: string,
  regions: readonly RegionRecord[],
  options: SeedRegionsOptions = {},
): Promise<{ checked: number; written: number }> => {
  const wanted = regions.map((region) => ({ region, item: regionItem(region) }));
  const stored = new Map<string, Record<string, unknown>>();
  const keyOf = (item: { PK: unknown; SK: unknown }) => `${String(item.PK)}\u0000${String(item.SK)}`;

  const readBatch = async (batch: typeof wanted) => {
    let request: KeysAndAttributes | undefined = {
      Keys: batch.map(({ item }) => marshall({ PK: item.PK, SK: item.SK })),
      ConsistentRead: true,
    };
    while (request?.Keys && request.Keys.length > 0) {
      const output: BatchGetItemCommandOutput = await client.send(
        new BatchGetItemCommand({ RequestItems: { [tableName]: request } }),
      );
      for (const raw of output.Responses?.[tableName] ?? []) {
        const item = unmarshall(raw);
        stored.set(keyOf(item as { PK: unknown; SK: unknown }), item);
      }
      request = output.UnprocessedKeys?.[tableName];
    }
  };
  const batches: Array<typeof wanted> = [];
  for (let i = 0; i < wanted.length; i += GET_BATCH) batches.push(wanted.slice(i, i + GET_BATCH));
  let next = 0;
  const reader = async () => {
    for (let index = next++; index < batches.length; index = next++) {
      const batch = batches[index];
      if (batch) await readBatch(batch);
    }
  };
  if (!options.tableIsNew) await Promise.all(Array.from({ length: Math.min(8, batches.length) }, reader));

  const changed = wanted
    .filter(({ item }) => {
      const existing = stored.get(keyOf(item));
      // Attributes other writers add to a region item are theirs: only the master data is compared.
      return existing === undefined || Object.entries(item).some(([name, value]) => existing[name] !== value);
    })
    .map(({ region }) => region);
  if (changed.length > 0) {
    await writeRegions(client, tableName, changed, { concurrency: options.writeConcurrency ?? 16 });
  }
  return { checked: regions.length, written: changed.length };
};
