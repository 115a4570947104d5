import { NotFoundError } from '../platform/errors.js';
import { isRegionCode, isWithin } from '../platform/region-codes.js';
import type { Region, RegionRepository } from './region.js';

export interface RegionWithChildren extends Region {
  readonly children: Region[];
}

/** A region of the deployment scope with its direct children, sorted by code. */
export const getRegion = async (
  deps: { readonly regions: RegionRepository; readonly scope: string },
  code: string,
): Promise<RegionWithChildren> => {
  const inScope = isRegionCode(code) && isWithin(deps.scope, code);
  const [region, children] = inScope
    ? await Promise.all([deps.regions.get(code), deps.regions.listChildren(code)])
    : [undefined, []];
  if (!region) {
    throw new NotFoundError(
      `Wilayah dengan kode tersebut tidak ditemukan dalam wilayah layanan ${deps.scope}.`,
      `No region with that code exists within this deployment's area (${deps.scope}).`,
    );
  }
  return {
    ...region,
    children: [...children].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
  };
};
