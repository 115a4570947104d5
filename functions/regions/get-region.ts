import { type HttpHandler, httpHandler } from '../../shared/platform/http/handler.js';
import { json } from '../../shared/platform/http/responses.js';
import { getRegion as getRegionWithChildren } from '../../shared/regions/get-region.js';
import type { RegionRepository } from '../../shared/regions/region.js';
import { regionDependencies } from '../../shared/regions/wiring.js';

const dependencies = regionDependencies();

/** GET /regions/{code} */
export const getRegion =
  (deps: { readonly regions: RegionRepository; readonly scope: string }): HttpHandler =>
  async (event) =>
    json(200, await getRegionWithChildren(deps, event.pathParameters?.code ?? ''), {
      // Master data changes only on deploy.
      'cache-control': 'public, max-age=300',
    });

export const handler = httpHandler(getRegion(dependencies));
