import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { countExpiredTerms, type ExpiredTermCountDeps } from '../documents/term-expiry.js';
import { type Clock, systemClock } from '../platform/clock.js';
import { NotFoundError } from '../platform/errors.js';
import { isRegionCode, isWithin, levelOf, parentOf } from '../platform/region-codes.js';
import type { PageContext } from '../platform/web/page-context.js';
import { htmlResponse } from '../platform/web/response.js';
import type { WebRequest } from '../platform/web/security-headers.js';
import type { RegionRepository } from '../regions/region.js';
import { type CoverageReadDeps, getCoverage, listMissing } from '../village-coverage/coverage-reader.js';
import { CoveragePage } from './coverage-page.js';
import { HomePage } from './home-page.js';

/** What `/` and the coverage dashboard read: coverage counters and regions (cached per container). */
export interface CoveragePageDeps {
  readonly coverage: CoverageReadDeps;
  readonly regions: RegionRepository;
  /** The deployment scope: the region `/` and `/cakupan` show. */
  readonly scope: string;
  /** What counting the KIM whose term has ended reads; without it the count is not shown. */
  readonly terms?: ExpiredTermCountDeps;
  readonly clock?: Clock;
}

/** Villages of the missing list per page: a phone screen's worth, and a light page. */
export const MISSING_PER_PAGE = 50;

const pageNotFound = () => new NotFoundError('Halaman tidak ditemukan.', 'No such page.');

/** The regency a region is or lies in; undefined for a province or the country. */
const regencyOf = (code: string): string | undefined => {
  for (let current: string | undefined = code; current !== undefined; current = parentOf(current)) {
    if (levelOf(current) === 'regency') return current;
  }
  return undefined;
};

/** A query parameter, when it is a non-empty string. */
const queryValue = (page: PageContext, name: string): string | undefined => {
  const value = page.query[name];
  return value === undefined || value === '' ? undefined : value;
};

/** `/`: the scope's coverage at a glance. */
export const homePage = async (
  deps: CoveragePageDeps,
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
  deps: CoveragePageDeps,
  request: WebRequest,
  page: PageContext,
  code: string = deps.scope,
): Promise<APIGatewayProxyStructuredResultV2> => {
  if (!isRegionCode(code) || !isWithin(deps.scope, code)) throw pageNotFound();
  const cursor = queryValue(page, 'cursor');
  const parentCode = code === deps.scope ? undefined : parentOf(code);
  // The names of the missing villages' districts: the districts of the regency the region is,
  // or lies in (one cached read); above a regency the district codes are shown instead.
  const regency = regencyOf(code);
  const [coverage, missing, parent, districts, expiredTerms] = await Promise.all([
    getCoverage(deps.coverage, code),
    listMissing(deps.coverage, code, {
      limit: String(MISSING_PER_PAGE),
      ...(cursor === undefined ? {} : { cursor }),
    }),
    parentCode === undefined ? undefined : deps.regions.get(parentCode),
    regency === undefined ? [] : deps.regions.listChildren(regency),
    deps.terms === undefined
      ? undefined
      : countExpiredTerms(deps.terms, code, (deps.clock ?? systemClock).now()),
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
      expiredTerms,
      ...(cursor === undefined ? {} : { cursor }),
    }),
    { cookies: page.cookies },
  );
};
