import { isRegionCode, isWithin, levelOf, parentOf } from '../platform/region-codes.js';
import type { Region, RegionRepository } from '../regions/region.js';

/** The villages of one district, for one `<optgroup>`. */
export interface VillageGroup {
  readonly district: Region;
  readonly villages: readonly Region[];
}

/**
 * What the form's village picker offers for an area of the scope. A regency or a district is
 * small enough for one `<select>` grouped by district (Tabanan: 10 districts, 133 villages); a
 * province or the country is not (83,762 villages), so the picker first narrows the area, one
 * level at a time, through a plain GET form that works without JavaScript.
 */
export type VillageChoices =
  | { readonly kind: 'villages'; readonly area: Region; readonly groups: readonly VillageGroup[] }
  | { readonly kind: 'narrow'; readonly area: Region; readonly options: readonly Region[] };

/**
 * The choices already computed, by area code, for the life of the container: region master data
 * changes only when a deploy (or `npm start`) seeds it, and a deploy replaces the containers.
 * Failed reads are not kept.
 */
export type VillageChoicesCache = Map<string, Promise<VillageChoices | undefined>>;

export interface VillageChoicesDeps {
  readonly regions: RegionRepository;
  readonly scope: string;
  readonly cache: VillageChoicesCache;
}

/**
 * The area whose villages to offer: the one asked for (`?wilayah=` or the village of a form being
 * shown again), when it is a region code inside the scope, else the scope. A village stands for
 * its regency, so its neighbours in other districts stay in the list.
 */
export const pickerArea = (scope: string, asked: string | undefined): string => {
  if (asked === undefined || !isRegionCode(asked) || !isWithin(scope, asked)) return scope;
  let code = asked;
  while (['village', 'district'].includes(levelOf(code)) && code !== scope) {
    const parent = parentOf(code);
    if (parent === undefined || !isWithin(scope, parent)) break;
    code = parent;
  }
  return code;
};

const compute = async (regions: RegionRepository, code: string): Promise<VillageChoices | undefined> => {
  const area = await regions.get(code);
  if (!area) return undefined;
  switch (area.level) {
    case 'village': {
      const district = parentOf(code);
      const parent = district === undefined ? undefined : await regions.get(district);
      return { kind: 'villages', area, groups: parent ? [{ district: parent, villages: [area] }] : [] };
    }
    case 'district':
      return {
        kind: 'villages',
        area,
        groups: [{ district: area, villages: await regions.listChildren(code) }],
      };
    case 'regency': {
      const districts = await regions.listChildren(code);
      const groups = await Promise.all(
        districts.map(async (district) => ({
          district,
          villages: await regions.listChildren(district.code),
        })),
      );
      return { kind: 'villages', area, groups };
    }
    default:
      return { kind: 'narrow', area, options: await regions.listChildren(code) };
  }
};

/**
 * The picker's choices for an area (see `pickerArea`): one GetItem and one Query per listed
 * region, never a Scan, each area computed once per container. Undefined for an area that is not
 * in the table.
 */
export const villageChoices = (
  deps: VillageChoicesDeps,
  code: string,
): Promise<VillageChoices | undefined> => {
  const cached = deps.cache.get(code);
  if (cached) return cached;
  const computing = compute(deps.regions, code).then(
    (choices) => {
      if (choices === undefined) deps.cache.delete(code);
      return choices;
    },
    (error: unknown) => {
      deps.cache.delete(code);
      throw error;
    },
  );
  deps.cache.set(code, computing);
  return computing;
};
