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

/** What the region seed needs: where the master data lies and how its regions reach the table. */
export interface SeedRegionsDeps {
  /** Folder of the idn-area-data CSV files; the package's own folder when undefined. */
  readonly regionDataDir: string | undefined;
  readonly writeRegions: (regions: readonly RegionRecord[]) => Promise<{ readonly written: number }>;
}

/** The ports of the region seed (the stack's custom resource). */
export const seedDependencies = (): SeedRegionsDeps => {
  const config = getConfig();
  return {
    regionDataDir: config.REGION_DATA_DIR,
    writeRegions: (regions) => writeRegions(dynamoDbClient, config.TABLE_NAME, regions),
  };
};
