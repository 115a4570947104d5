import * as z from 'zod/mini';
import { decodeCursor, encodeCursor } from '../platform/cursor.js';
import { NotFoundError, ValidationError } from '../platform/errors.js';
import {
  isRegionCode,
  isWithin,
  levelOf,
  REGION_LEVELS,
  type RegionLevel,
} from '../platform/region-codes.js';
import { bilingual, describeIssues, refuseInTransform } from '../platform/validation/messages.js';
import { withMeta } from '../platform/validation/meta.js';
import type { Region, RegionRepository } from '../regions/region.js';
import {
  type CoverageCounters,
  type CoverageView,
  type MissingVillage,
  toSummary,
  ZERO_COUNTERS,
} from './coverage.js';

/** Read access to the coverage counters (see the storage layout in shared/platform/dynamodb/table.ts). */
export interface CoverageCounterReader {
  /** The counters of one region itself: the sum of its shards, or a village's single item; zeros when none. */
  countersOf(code: string): Promise<CoverageCounters>;
  /**
   * The counters of every direct child of a region that has any, by child code. Children without
   * counter items are absent (their counters are zeros).
   */
  childCounters(code: string): Promise<ReadonlyMap<string, CoverageCounters>>;
}

export interface CoverageReadDeps {
  readonly regions: RegionRepository;
  readonly coverage: CoverageCounterReader;
  /** The deployment scope: only regions inside it are answered. */
  readonly scope: string;
}

/** Page sizes of GET /coverage/{code}/missing. */
export const MISSING_PAGE_LIMIT = { min: 1, max: 1000, default: 500 } as const;

/**
 * Districts one page of the missing list may read before it answers a short page with a cursor,
 * so a page's reads stay bounded however many fully covered districts lie between two missing
 * villages. Districts whose counters say every village is covered are skipped without a read.
 */
export const MISSING_MAX_DISTRICTS_PER_PAGE = 100;

/**
 * Districts read at once while filling a page: as many as the counters say hold the villages the
 * page still needs (so a page is one round of reads where the counters allow), at most this many.
 */
const MAX_DISTRICT_WINDOW = 16;

const codeMessages = bilingual(
  'Kode wilayah harus berformat Kemendagri, contoh 51.02, 51.02.05 atau 51.02.05.2006, atau ID untuk seluruh Indonesia.',
  'Region code must be a Kemendagri code such as 51.02, 51.02.05 or 51.02.05.2006, or ID for the whole country.',
);

const limitParameter = /* @__PURE__ */ (() =>
  z.pipe(
    z.string(),
    z.transform((value: string, ctx) => {
      const limit = /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
      if (!(limit >= MISSING_PAGE_LIMIT.min && limit <= MISSING_PAGE_LIMIT.max)) {
        refuseInTransform(
          ctx,
          `Harus bilangan bulat ${MISSING_PAGE_LIMIT.min}–${MISSING_PAGE_LIMIT.max}.`,
          `Must be a whole number from ${MISSING_PAGE_LIMIT.min} to ${MISSING_PAGE_LIMIT.max}.`,
        );
        return z.NEVER;
      }
      return limit;
    }),
  ))();

/** Query parameters of GET /coverage/{code}/missing. Unknown parameters are refused like unknown fields. */
export const listMissingQuerySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
    limit: z.optional(limitParameter),
  }))();

const integer = () => z.number().check(z.int());

const kimCountsSchema = /* @__PURE__ */ (() =>
  z.object({
    submitted: integer(),
    verified: integer(),
    rejected: integer(),
    deactivated: integer(),
  }))();

/** One region's coverage, as GET /coverage/{code} shows it for the region and each child. */
export const coverageSummarySchema = /* @__PURE__ */ (() =>
  withMeta(
    z.object({
      code: z.string(),
      name: z.string(),
      level: z.enum(REGION_LEVELS),
      villages: z.object({
        total: integer(),
        covered: withMeta(integer(), { description: 'Villages with at least one VERIFIED KIM' }),
        pendingOnly: withMeta(integer(), {
          description: 'Villages with a SUBMITTED KIM but no VERIFIED one',
        }),
      }),
      kim: withMeta(kimCountsSchema, { description: 'KIM in each status now' }),
      coveragePercent: withMeta(z.number(), {
        description: 'covered / total × 100, one decimal; 0 without villages',
      }),
    }),
    { id: 'CoverageSummary' },
  ))();

export const coverageViewSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.extend(coverageSummarySchema, {
      children: withMeta(z.array(coverageSummarySchema), {
        description: 'Direct children, by code; [] for a village',
      }),
    }),
    { id: 'Coverage' },
  ))();

export const missingVillageSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.object({
      code: z.string(),
      name: z.string(),
      districtCode: z.string(),
      pending: withMeta(z.boolean(), { description: 'A SUBMITTED KIM waits for review' }),
    }),
    { id: 'MissingVillage' },
  ))();

export const missingVillagesPageSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.object({
      code: z.string(),
      name: z.string(),
      level: z.enum(REGION_LEVELS),
      villages: withMeta(z.array(missingVillageSchema), { description: 'In code order' }),
      nextCursor: withMeta(z.nullable(z.string()), {
        description: 'Pass as cursor for the next page; null on the last page. A page may be short.',
      }),
    }),
    { id: 'MissingVillagesPage' },
  ))();

/** A page of villages without a VERIFIED KIM. */
export interface MissingVillagesPage {
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
  readonly villages: readonly MissingVillage[];
  /** Null on the last page. */
  readonly nextCursor: string | null;
}

const notFound = (scope: string) =>
  new NotFoundError(
    `Wilayah dengan kode tersebut tidak ditemukan dalam wilayah layanan ${scope}.`,
    `No region with that code exists within this deployment's area (${scope}).`,
  );

const invalidCursor = () =>
  new ValidationError([
    {
      field: 'cursor',
      message: 'Cursor tidak valid untuk permintaan ini; mulai lagi dari halaman pertama.',
      messageEn: 'The cursor does not belong to this query; start again from the first page.',
    },
  ]);

/** 400 for a malformed code, 404 for one outside the scope; nothing is read for either. */
const assertReadable = (scope: string, code: string): void => {
  if (!isRegionCode(code)) {
    throw new ValidationError([
      { field: 'code', message: codeMessages.params.id, messageEn: codeMessages.params.en },
    ]);
  }
  if (!isWithin(scope, code)) throw notFound(scope);
};

const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * The coverage of a region of the scope (country, province, regency, district or village) and of
 * each of its direct children. Four reads, in parallel: the region, its children, its own counters
 * and its children's counters (a village has no children and skips the last two).
 */
export const getCoverage = async (deps: CoverageReadDeps, code: string): Promise<CoverageView> => {
  assertReadable(deps.scope, code);
  const isVillage = levelOf(code) === 'village';
  const [region, children, own, childCounters] = await Promise.all([
    deps.regions.get(code),
    isVillage ? Promise.resolve<Region[]>([]) : deps.regions.listChildren(code),
    deps.coverage.countersOf(code),
    isVillage
      ? Promise.resolve<ReadonlyMap<string, CoverageCounters>>(new Map())
      : deps.coverage.childCounters(code),
  ]);
  if (!region) throw notFound(deps.scope);
  return {
    ...toSummary(region, own),
    children: [...children]
      .sort(byCode)
      .map((child) => toSummary(child, childCounters.get(child.code) ?? ZERO_COUNTERS)),
  };
};

/** Where a page stops: after this village (in its district), or after this whole district. */
interface Position {
  readonly after: string;
}

const cursorOf = (code: string, after: string): string => encodeCursor({ r: code, a: after });

/** The position a cursor names, if it was handed out for this region (and only then). */
const positionOf = (code: string, cursor: string): Position => {
  const { r, a } = (decodeCursor(cursor) ?? {}) as { r?: unknown; a?: unknown };
  if (
    r !== code ||
    typeof a !== 'string' ||
    !isRegionCode(a) ||
    a === code ||
    !isWithin(code, a) ||
    !['district', 'village'].includes(levelOf(a))
  ) {
    throw invalidCursor();
  }
  return { after: a };
};

/** The code of `code`'s ancestor (or itself) at `level`. */
const ancestorAt = (code: string, level: RegionLevel): string =>
  code.split('.').slice(0, REGION_LEVELS.indexOf(level)).join('.');

/**
 * The districts of `region` in code order, from the district of `from` on (inclusive), lazily:
 * one children read per region entered, each with how many of its villages the counters say are
 * still without a VERIFIED KIM. Children whose counters say every village is covered are skipped
 * without entering them.
 */
async function* districtsOf(
  deps: CoverageReadDeps,
  region: Region,
  from: string | undefined,
  // Villages of this region still without a VERIFIED KIM, when its parent's counters said so.
  missing: number = region.villageCount,
): AsyncGenerator<{ readonly district: Region; readonly missing: number }> {
  if (region.level === 'district') {
    yield { district: region, missing };
    return;
  }
  const [children, counters] = await Promise.all([
    deps.regions.listChildren(region.code),
    deps.coverage.childCounters(region.code),
  ]);
  for (const child of [...children].sort(byCode)) {
    const bound = from === undefined ? undefined : ancestorAt(from, child.level);
    if (bound !== undefined && child.code < bound) continue;
    const covered = counters.get(child.code)?.covered ?? 0;
    if (covered >= child.villageCount) continue;
    yield* districtsOf(deps, child, child.code === bound ? from : undefined, child.villageCount - covered);
  }
}

/**
 * Villages of a region of the scope without a VERIFIED KIM, in code order, a page at a time:
 * districts are read one after another (their villages' names and counters, two Queries each)
 * until `limit` villages are found or MISSING_MAX_DISTRICTS_PER_PAGE districts were read. A page's
 * reads are proportional to what it covers, never to the size of the region or to registrations.
 */
export const listMissing = async (
  deps: CoverageReadDeps,
  code: string,
  query: Readonly<Record<string, string | undefined>>,
): Promise<MissingVillagesPage> => {
  assertReadable(deps.scope, code);
  const parsed = listMissingQuerySchema.safeParse(query);
  if (!parsed.success) throw new ValidationError(describeIssues(parsed.error.issues));
  const limit = parsed.data.limit ?? MISSING_PAGE_LIMIT.default;
  const level = levelOf(code);
  if (level === 'village' && parsed.data.cursor !== undefined) throw invalidCursor();
  const position = parsed.data.cursor === undefined ? undefined : positionOf(code, parsed.data.cursor);

  const region = await deps.regions.get(code);
  if (!region) throw notFound(deps.scope);
  const page = { code: region.code, name: region.name, level: region.level };

  if (level === 'village') {
    const counters = await deps.coverage.countersOf(code);
    const villages =
      counters.covered > 0
        ? []
        : [
            {
              code,
              name: region.name,
              districtCode: ancestorAt(code, 'district'),
              pending: counters.pendingOnly > 0,
            },
          ];
    return { ...page, villages, nextCursor: null };
  }

  const afterVillage = position && levelOf(position.after) === 'village' ? position.after : undefined;
  const districts = districtsOf(deps, region, position?.after);
  const found: MissingVillage[] = [];
  let read = 0;
  for (;;) {
    const window: Region[] = [];
    let expected = 0;
    while (
      window.length < MAX_DISTRICT_WINDOW &&
      expected < limit - found.length &&
      read + window.length < MISSING_MAX_DISTRICTS_PER_PAGE
    ) {
      const next = await districts.next();
      if (next.done) break;
      // A district cursor means "after this district": it was read to its end.
      if (position && next.value.district.code === position.after) continue;
      window.push(next.value.district);
      expected += next.value.missing;
    }
    if (window.length === 0) return { ...page, villages: found, nextCursor: null };
    const contents = await Promise.all(
      window.map((district) =>
        Promise.all([deps.regions.listChildren(district.code), deps.coverage.childCounters(district.code)]),
      ),
    );
    for (const [index, district] of window.entries()) {
      read++;
      const [villages, counters] = contents[index] ?? [[], new Map<string, CoverageCounters>()];
      for (const village of [...villages].sort(byCode)) {
        if (afterVillage !== undefined && village.code <= afterVillage) continue;
        const villageCounters = counters.get(village.code) ?? ZERO_COUNTERS;
        if (villageCounters.covered > 0) continue;
        found.push({
          code: village.code,
          name: village.name,
          districtCode: district.code,
          pending: villageCounters.pendingOnly > 0,
        });
        if (found.length === limit)
          return { ...page, villages: found, nextCursor: cursorOf(code, village.code) };
      }
      if (read === MISSING_MAX_DISTRICTS_PER_PAGE) {
        return { ...page, villages: found, nextCursor: cursorOf(code, district.code) };
      }
    }
  }
};
