import { ValidationError } from '../platform/errors.js';
import { isWithin } from '../platform/region-codes.js';
import type { RegionRepository } from './region.js';

/** A region code in a request field that lies outside the deployment scope (400 on that field). */
export const outOfScopeError = (field: string, regionCode: string, scope: string): ValidationError =>
  new ValidationError([
    {
      field,
      message: `Wilayah ${regionCode} berada di luar wilayah layanan ini (${scope}).`,
      messageEn: `Region ${regionCode} is outside the area this deployment serves (${scope}).`,
    },
  ]);

/**
 * Checks that a region code given in `field` names a region of the table inside the deployment
 * scope; throws a ValidationError on that field otherwise. The officer directory, the digest
 * subscribers, sending digests and the coverage rebuild all take a region this way.
 */
export const assertRegionInScope = async (
  deps: { readonly regions: RegionRepository; readonly scope: string },
  field: string,
  regionCode: string,
): Promise<void> => {
  if (!isWithin(deps.scope, regionCode)) throw outOfScopeError(field, regionCode, deps.scope);
  if ((await deps.regions.get(regionCode)) === undefined) {
    throw new ValidationError([
      {
        field,
        message: `Wilayah dengan kode ${regionCode} tidak ditemukan.`,
        messageEn: `No region with code ${regionCode} exists.`,
      },
    ]);
  }
};
