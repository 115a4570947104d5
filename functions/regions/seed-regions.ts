import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import type { LambdaFunction } from '../../shared/platform/lambda.js';
import { logger } from '../../shared/platform/logger.js';
import { isRegionCode } from '../../shared/platform/region-codes.js';
import { loadScopeRegions } from '../../shared/regions/master-data.js';
import { type SeedRegionsDeps, seedDependencies } from '../../shared/regions/wiring.js';

const dependencies = seedDependencies();

/** The properties the stack gives the `Custom::RegionSeed` resource. */
const seedPropertiesSchema = z.object({
  Scope: z.string().check(z.refine(isRegionCode, 'must be a Kemendagri region code such as 51.02, or ID')),
});

/** What the provider framework hands back to CloudFormation. */
export interface SeedRegionsResult {
  readonly PhysicalResourceId: string;
  readonly Data?: { readonly regionCount: number; readonly villageCount: number };
}

/**
 * Create and Update write every region of the scope with its village count (an idempotent
 * overwrite); Delete writes nothing, because the table and its data are retained.
 */
export const seedRegions =
  (deps: SeedRegionsDeps): LambdaFunction<CloudFormationCustomResourceEvent, SeedRegionsResult> =>
  async (event) => {
    if (event.RequestType === 'Delete') {
      logger.info('Region seed deleted; the retained table keeps its regions', {
        requestType: event.RequestType,
      });
      return { PhysicalResourceId: event.PhysicalResourceId };
    }

    const { Scope: scope } = seedPropertiesSchema.parse(event.ResourceProperties);
    const startedAt = Date.now();
    const regions = await loadScopeRegions(scope, deps.regionDataDir);
    await deps.writeRegions(regions);
    const regionCount = regions.length;
    const villageCount = regions.filter((region) => region.level === 'village').length;
    logger.info('Regions seeded', {
      requestType: event.RequestType,
      scope,
      regionCount,
      villageCount,
      durationMs: Date.now() - startedAt,
    });
    return { PhysicalResourceId: `region-seed-${scope}`, Data: { regionCount, villageCount } };
  };

export const handler = middy<CloudFormationCustomResourceEvent, SeedRegionsResult>()
  .use(injectLambdaContext(logger))
  .handler(seedRegions(dependencies));
