import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { NotFoundError } from '../platform/errors.js';
import { isRegionCode, isWithin, levelOf, parentOf } from '../platform/region-codes.js';
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
import { type CoverageReadDeps, getCoverage, listMissing } from '../village-coverage/coverage-reader.js';
import { CoveragePage } from './coverage-page.js';
import { DirectoryPage } from './directory-page.js';
import { HomePage } from './home-page.js';
import { ProfilePage } from './profile-page.js';
import { StatusPage } from './status-page.js';

/** What the read-only public pages read: coverage, regions (cached per container) and registrations. */
export interface PublicPageDeps {
  readonly coverage: CoverageReadDeps;
  readonly regions: RegionRepository;
  readonly registrations: PublicViewDeps['registrations'];
  /** The deployment scope: the region `/` and `/cakupan` show. */
  readonly scope: string;
}

/** Villages of the missing list per page: a phone screen's worth, and a light page. */
export const MISSING_PER_PAGE = 50;

/** KIM per directory page. */
export const DIRECTORY_PER_PAGE = 20;

const pageNotFound = () => new NotFoundError('Halaman tidak ditemukan.', 'No such page.');

/** The first value of a query parameter, when it is a non-empty string. */
const queryValue = (page: PageContext, name: string): string | undefined => {
  const value = page.query[name];
  return value === undefined || value === '' ? undefined : value;
};

/** `/`: the scope's coverage at a glance. */
export const homePage = async (
  deps: PublicPageDeps,
  request: WebRequest,
  page: PageContext,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const coverage = await getCoverage(deps.coverage, deps.scope);
  return htmlResponse(request, HomePage({ page, coverage }), { cookies: page.cookies });
};

/**
 * `/cakupan` (the scope) and `/cakupan/{code}`: the same reads as `GET /coverage/{code}` and
 * `GET /coverage/{code}/missing`, so every number is the API's. A code that is malformed or
 * outside the scope is a page that does not exist: 404.
 */
export const coveragePage = async (
  deps: PublicPageDeps,
  request: WebRequest,
  page: PageContext,
  code: string = deps.scope,
): Promise<APIGatewayProxyStructuredResultV2> => {
  if (!isRegionCode(code) || !isWithin(deps.scope, code)) throw pageNotFound();
  const cursor = queryValue(page, 'cursor');
  const parentCode = code === deps.scope ? undefined : parentOf(code);
  // The names of the missing villages' districts: the region's own children when it is a regency.
  const districtsOf =
    levelOf(code) === 'regency' ? code : levelOf(code) === 'district' ? parentOf(code) : undefined;
  const [coverage, missing, parent, districts] = await Promise.all([
    getCoverage(deps.coverage, code),
    listMissing(deps.coverage, code, {
      limit: String(MISSING_PER_PAGE),
      ...(cursor === undefined ? {} : { cursor }),
    }),
    parentCode === undefined ? undefined : deps.regions.get(parentCode),
    districtsOf === undefined ? [] : deps.regions.listChildren(districtsOf),
  ]);
  const districtNames = new Map(districts.map((region) => [region.code, region.name]));
  return htmlResponse(
    request,
    CoveragePage({
      page,
      coverage,
      missing,
      ...(parent
        ? { parent: { code: parent.code, name: parent.name, isScope: parent.code === deps.scope } }
        : {}),
      districtNames,
      ...(cursor === undefined ? {} : { cursor }),
    }),
    { cookies: page.cookies },
  );
};

/** The name of a registration's district, from the cached regions. */
const districtName = async (deps: PublicPageDeps, districtCode: string): Promise<string | undefined> =>
  (await deps.regions.get(districtCode))?.name;

/** `/status/{id}`: the public status of a registration. */
export const statusPage = async (
  deps: PublicPageDeps,
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
  deps: PublicPageDeps,
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
  return htmlResponse(
    request,
    DirectoryPage({
      page,
      listing,
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
  deps: PublicPageDeps,
  request: WebRequest,
  page: PageContext,
  id: string,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const profile = await getPublicProfile(deps, id);
  const district = await districtName(deps, profile.districtCode);
  return htmlResponse(
    request,
    ProfilePage({ page, profile, ...(district ? { districtName: district } : {}) }),
    {
      cookies: page.cookies,
    },
  );
};
