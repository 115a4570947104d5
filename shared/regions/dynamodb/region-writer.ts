import { marshall } from '@aws-sdk/util-dynamodb';
import pLimit from 'p-limit';
import {
  BatchWriteItemCommand,
  type DynamoDbClient,
  type WriteRequest,
} from '../../platform/dynamodb/client.js';
import { itemTypes, keys, ROOT_PARENT } from '../../platform/dynamodb/table.js';
import type { RegionRecord } from '../master-data.js';

const BATCH_SIZE = 25;

/** The table item of a region. Regions live in their parent's partition (see `keys.region`). */
export const regionItem = (region: RegionRecord) => ({
  ...keys.region(region.parentCode ?? ROOT_PARENT, region.code),
  type: itemTypes.region,
  code: region.code,
  name: region.name,
  level: region.level,
  parentCode: region.parentCode ?? ROOT_PARENT,
  villageCount: region.villageCount,
});

export interface WriteRegionsOptions {
  /** BatchWriteItem calls in flight at once. @default 16 */
  readonly concurrency?: number;
  /** Attempts for items DynamoDB leaves unprocessed, with exponential backoff. @default 10 */
  readonly maxAttempts?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes (overwrites) the region items. Idempotent: running it again with the same regions
 * leaves the same items. Unprocessed items are retried until written or attempts run out.
 */
export const writeRegions = async (
  client: DynamoDbClient,
  tableName: string,
  regions: readonly RegionRecord[],
  options: WriteRegionsOptions = {},
): Promise<{ written: number }> => {
  const concurrency = options.concurrency ?? 16;
  const maxAttempts = options.maxAttempts ?? 10;
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < regions.length; i += BATCH_SIZE) {
    batches.push(
      regions
        .slice(i, i + BATCH_SIZE)
        .map((region) => ({ PutRequest: { Item: marshall(regionItem(region)) } })),
    );
  }

  const writeBatch = async (requests: WriteRequest[]): Promise<void> => {
    let pending = requests;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > maxAttempts) {
        throw new Error(
          `BatchWriteItem left ${pending.length} region items unprocessed after ${maxAttempts} attempts`,
        );
      }
      if (attempt > 1) await sleep(Math.min(2000, 25 * 2 ** attempt) * Math.random());
      const output = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      pending = output.UnprocessedItems?.[tableName] ?? [];
    }
  };

  await pLimit(concurrency).map(batches, writeBatch);
  return { written: regions.length };
};
