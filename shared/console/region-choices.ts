import { isRegionCode, isWithin, levelOf, parentOf } from '../platform/region-codes.js';
import { getRegion } from '../regions/get-region.js';
import type { RegionRepository } from '../regions/region.js';
import type { RegionChoices } from './queue-page.js';

/** The regions a console filter offers (the queue's and the exports'). */
export const regionChoices = async (
  ports: { readonly regions: RegionRepository; readonly scope: string },
  own: string,
  chosen: string | undefined,
): Promise<RegionChoices> => {
  const region = await getRegion(ports, own);
  const district =
    chosen === undefined || !isRegionCode(chosen) || !isWithin(own, chosen) || chosen === own
      ? undefined
      : levelOf(chosen) === 'district'
        ? chosen
        : levelOf(chosen) === 'village'
          ? parentOf(chosen)
          : undefined;
  const chosenDistrict =
    district !== undefined && district !== own && isWithin(own, district)
      ? await getRegion(ports, district).then((found) => ({ district: found, villages: found.children }))
      : undefined;
  return { own: region, children: region.children, chosenDistrict };
};
