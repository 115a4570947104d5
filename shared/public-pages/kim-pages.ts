import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { listReports, type ReportReadDeps } from '../activity-reports/read-reports.js';
import { type TermStatusDeps, termStatusesOf, termStatusOf } from '../documents/term-expiry.js';
import { type Clock, systemClock } from '../platform/clock.js';
import { NotFoundError } from '../platform/errors.js';
import { isRegionCode, isWithin, levelOf } from '../platform/region-codes.js';
import type { PageContext } from '../platform/web/page-context.js';
import { htmlResponse } from '../platform/web/response.js';
import type { WebRequest } from '../platform/web/security-headers.js';
import type { RegionRepository } from '../regions/region.js';
import {
  getPublicProfile,
  getPublicStatus,
  listVerifiedKim,
  type PublicViewDeps,
} from '../registrations/public-views.js';
import { DirectoryPage } from './directory-page.js';
import { ProfilePage } from './profile-page.js';
import { StatusPage } from './status-page.js';

/** What the status page and the directory read: registrations and regions (cached per container). */
export interface KimPageDeps {
  readonly regions: RegionRepository;
  readonly registrations: PublicViewDeps['registrations'];
  /** The deployment scope: the directory lists its KIM. */
  readonly scope: string;
  /** The activity reports a profile shows (their photos are served by another function). */
  readonly reports: Pick<ReportReadDeps, 'records'>;
  /** The current terms, to show an ended term (masa bakti berakhir); without them no term is shown. */
  readonly terms?: TermStatusDeps;
  readonly clock?: Clock;
}

/** Reports a profile shows: the latest ones; the count says how many there are in all. */
export const PROFILE_REPORTS = 10;

/** KIM per directory page. */
export const DIRECTORY_PER_PAGE = 20;

const pageNotFound = () => new NotFoundError('Halaman tidak ditemukan.', 'No such page.');

/** A query parameter, when it is a non-empty string. */
const queryValue = (page: PageContext, name: string): string | undefined => {
  const value = page.query[name];
  return value === undefined || value === '' ? undefined : value;
};

/** The name of a registration's district, from the cached regions. */
const districtName = async (deps: KimPageDeps, districtCode: string): Promise<string | undefined> =>
  (await deps.regions.get(districtCode))?.name;

/** `/status/{id}`: the public status of a registration. */
export const statusPage = async (
  deps: KimPageDeps,
  request: WebRequest,
  page: PageContext,
  id: string,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const status = await getPublicStatus(deps, id);
  const district = await districtName(deps, status.districtCode);
  return htmlResponse(
    request,
    StatusPage({ page, status, ...(district ? { districtName: district } : {}) }),
    {
      cookies: page.cookies,
    },
  );
};

/**
 * `/kim?wilayah=&cursor=`: the VERIFIED KIM of the scope, or of one region of it (a district of
 * a regency scope). A region outside the scope is 404; a foreign cursor 400.
 */
export const directoryPage = async (
  deps: KimPageDeps,
  request: WebRequest,
  page: PageContext,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const selected = queryValue(page, 'wilayah');
  const cursor = queryValue(page, 'cursor');
  if (selected !== undefined && (!isRegionCode(selected) || !isWithin(deps.scope, selected))) {
    throw pageNotFound();
  }
  const [listing, filters] = await Promise.all([
    listVerifiedKim(deps, { regionCode: selected ?? deps.scope, limit: DIRECTORY_PER_PAGE, cursor }),
    levelOf(deps.scope) === 'village' ? [] : deps.regions.listChildren(deps.scope),
  ]);
  const names = new Map(filters.map((region) => [region.code, region.name]));
  const terms =
    deps.terms === undefined
      ? undefined
      : await termStatusesOf(
          deps.terms,
          listing.items.map((entry) => entry.id),
          (deps.clock ?? systemClock).now(),
        );
  return htmlResponse(
    request,
    DirectoryPage({
      page,
      listing,
      terms,
      filters,
      names,
      ...(selected === undefined ? {} : { selected }),
      ...(cursor === undefined ? {} : { cursor }),
    }),
    { cookies: page.cookies },
  );
};

/** `/kim/{id}`: the public profile of a VERIFIED KIM. */
export const profilePage = async (
  deps: KimPageDeps,
  request: WebRequest,
  page: PageContext,
  id: string,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const profile = await getPublicProfile(deps, id);
  const [district, reports, term] = await Promise.all([
    districtName(deps, profile.districtCode),
    listReports(deps.reports, { registrationId: profile.id, limit: PROFILE_REPORTS }),
    deps.terms === undefined
      ? undefined
      : termStatusOf(deps.terms, profile.id, (deps.clock ?? systemClock).now()),
  ]);
  return htmlResponse(
    request,
    ProfilePage({ page, profile, reports, term, ...(district ? { districtName: district } : {}) }),
    {
      cookies: page.cookies,
    },
  );
};
