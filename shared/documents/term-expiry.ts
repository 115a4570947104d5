import { COUNTRY_CODE, isWithin, levelOf } from '../platform/region-codes.js';
import type { RegionRepository } from '../regions/region.js';
import type { Registration } from '../registrations/registration.js';
import { type CurrentTerm, isTermExpired, todayInRegion } from './current-term.js';
import type { TermIndex } from './ports.js';

/** A registration's current term as pages show it. */
export interface TermStatus {
  readonly start: string;
  readonly end: string;
  /** The last day (`end`) is before today in the KIM's time zone. */
  readonly expired: boolean;
}

/** What the pages need to show terms: the current-term items. */
export interface TermStatusDeps {
  readonly terms: Pick<TermIndex, 'get'>;
}

const statusOf = (current: CurrentTerm, now: Date): TermStatus => ({
  start: current.term.start,
  end: current.term.end,
  expired: isTermExpired(current.term, todayInRegion(current.villageCode, now)),
});

/** The current term of one registration and whether it has expired; undefined when it has no SK version. */
export const termStatusOf = async (
  deps: TermStatusDeps,
  registrationId: string,
  now: Date,
): Promise<TermStatus | undefined> => {
  const current = await deps.terms.get(registrationId);
  return current === undefined ? undefined : statusOf(current, now);
};

/**
 * The current terms of the registrations of one page (a listing's 20–100 rows): one GetItem each,
 * in parallel, so a listing costs reads in proportion to its rows.
 */
export const termStatusesOf = async (
  deps: TermStatusDeps,
  registrationIds: readonly string[],
  now: Date,
): Promise<ReadonlyMap<string, TermStatus>> => {
  const found = await Promise.all(registrationIds.map((id) => deps.terms.get(id)));
  const statuses = new Map<string, TermStatus>();
  for (const current of found) {
    if (current !== undefined) statuses.set(current.registrationId, statusOf(current, now));
  }
  return statuses;
};

/** What counting expired terms reads. */
export interface ExpiredTermCountDeps {
  readonly terms: Pick<TermIndex, 'listByEnd'>;
  /** The status and village of registrations by id (absent ones left out). */
  readonly registrations: {
    statusesOf(
      ids: readonly string[],
    ): Promise<ReadonlyArray<Pick<Registration, 'id' | 'status' | 'villageCode'>>>;
  };
  readonly regions: Pick<RegionRepository, 'listChildren'>;
}

/**
 * The number of VERIFIED KIM in `regionCode` whose current term has expired (the KIM's registration
 * still in the region). A province, regency, district or village: one Query per regency of the
 * terms that ended before today in its time zone, then each of those registrations read back for
 * its status and village, by key (a KIM moved or deactivated since is not counted). Reads grow with the
 * expired terms of the region, not with its registrations. The country is not counted here
 * (undefined): it would take a Query per regency of the nation.
 */
export const countExpiredTerms = async (
  deps: ExpiredTermCountDeps,
  regionCode: string,
  now: Date,
): Promise<number | undefined> => {
  if (regionCode === COUNTRY_CODE) return undefined;
  const level = levelOf(regionCode);
  const regencies =
    level === 'province'
      ? (await deps.regions.listChildren(regionCode)).map((region) => region.code)
      : [regionCode.split('.').slice(0, 2).join('.')];
  const ended = (
    await Promise.all(
      regencies.map((regency) => deps.terms.listByEnd(regency, { before: todayInRegion(regency, now) })),
    )
  )
    .flat()
    .filter((current) => isWithin(regionCode, current.villageCode));
  const registrations = await deps.registrations.statusesOf(ended.map((current) => current.registrationId));
  return registrations.filter(
    (registration) => registration.status === 'VERIFIED' && isWithin(regionCode, registration.villageCode),
  ).length;
};
