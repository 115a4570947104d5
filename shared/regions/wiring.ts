import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { DynamoDbRegionStore } from './dynamodb/region-store.js';
import { writeRegions } from './dynamodb/region-writer.js';
import type { RegionRecord } from './master-data.js';

/**
 * The ports of a function that only reads regions. Kept apart from wiring.ts so such a function
 * does not load (and build at cold start) the registration and officer stores and their schemas.
 */
export const regionDependencies = () => {
  const config = getConfig();
  return { regions: new DynamoDbRegionStore(dynamoDbClient, config.TABLE_NAME), scope: config.SCOPE_CODE };
};

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
