import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { DynamoDbRegionStore } from './dynamodb/region-store.js';
import { writeRegions } from './dynamodb/region-writer.js';
import type { RegionRecord } from './master-data.js';

/**
 * The region store of this container. Other features' wiring takes it from here, never from the
 * adapter, so the regions feature alone knows how regions are stored.
 */
export const regionStore = (): DynamoDbRegionStore =>
  new DynamoDbRegionStore(dynamoDbClient, getConfig().TABLE_NAME);

/**
 * The ports of a function that only reads regions. Kept apart from the registrations' wiring so
 * such a function does not load (and build at cold start) the registration store and its schemas.
 */
export const regionDependencies = () => ({ regions: regionStore(), scope: getConfig().SCOPE_CODE });

/** The ports of the region seeder: where the master data is read, and how regions are written. */
export const regionSeedDependencies = () => {
  const config = getConfig();
  return {
    writeRegions: (regions: readonly RegionRecord[]) =>
      writeRegions(dynamoDbClient, config.TABLE_NAME, regions),
    regionDataDir: config.REGION_DATA_DIR,
  };
};
