import type { DynamoDbClient } from '../../../shared/platform/dynamodb/client.js';
import type { RegionRecord } from '../../../shared/regions/master-data.js';
import { createTable } from '../emulators/create-table.js';
import { seedRegions } from '../emulators/seed-regions.js';

/**
 * Creates the table from the shared definition when it is missing, then writes the scope's
 * regions that are missing or different; how many it wrote and how long that took.
 */
export const prepareTable = async (
  client: DynamoDbClient,
  tableName: string,
  regions: readonly RegionRecord[],
  options: { readonly onDisk: boolean },
): Promise<{ readonly written: number; readonly seedMs: number }> => {
  const tableIsNew = await createTable(client, tableName);
  const seedStarted = performance.now();
  // SQLite on disk serialises writers: more batches in flight only queue up there.
  const { written } = await seedRegions(client, tableName, regions, {
    writeConcurrency: options.onDisk ? 4 : 16,
    tableIsNew,
  });
  return { written, seedMs: performance.now() - seedStarted };
};
