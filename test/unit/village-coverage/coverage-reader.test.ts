import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../../shared/platform/errors.js';
import { isRegionCode, lineageOf, parentOf } from '../../../shared/platform/region-codes.js';
import { loadScopeRegions, type RegionRecord } from '../../../shared/regions/master-data.js';
import {
  addCounters,
  type CoverageCounters,
  ZERO_COUNTERS,
} from '../../../shared/village-coverage/coverage.js';
import {
  type CoverageCounterReader,
  getCoverage,
  listMissing,
  MISSING_MAX_DISTRICTS_PER_PAGE,
} from '../../../shared/village-coverage/coverage-reader.js';
import { InMemoryRegionRepository } from '../../fixtures/in-memory-ports.js';

const counters = (values: Partial<CoverageCounters>): CoverageCounters => ({ ...ZERO_COUNTERS, ...values });

/**
 * Coverage counters in memory: villages get theirs, every ancestor the sum of its villages', as
 * the pipeline keeps them. Counts reads so tests can tell what a request cost.
 */
class InMemoryCoverage implements CoverageCounterReader {
  readonly calls = { countersOf: 0, childCounters: [] as string[] };
  private readonly byCode = new Map<string, CoverageCounters>();

  constructor(villages: ReadonlyMap<string, CoverageCounters>) {
    for (const [village, values] of villages) {
      for (const code of lineageOf(village)) {
        this.byCode.set(code, addCounters(this.byCode.get(code) ?? ZERO_COUNTERS, values));
      }
    }
  }

  async countersOf(code: string): Promise<CoverageCounters> {
    this.calls.countersOf++;
    return this.byCode.get(code) ?? ZERO_COUNTERS;
  }

  async childCounters(code: string): Promise<ReadonlyMap<string, CoverageCounters>> {
    this.calls.childCounters.push(code);
    return new Map([...this.byCode].filter(([child]) => parentOf(child) === code));
  }
}

let tabanan: RegionRecord[];
let villagesOfTabanan: RegionRecord[];

beforeAll(async () => {
  tabanan = await loadScopeRegions('51.02');
  villagesOfTabanan = tabanan.filter((region) => region.level === 'village');
});

const setUp = (villages: ReadonlyMap<string, CoverageCounters>, scope = '51.02') => {
  const regions = new InMemoryRegionRepository(tabanan);
  const coverage = new InMemoryCoverage(villages);
  return { deps: { regions, coverage, scope }, regions, coverage };
};

const failure = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/** Every page of the missing list, following the cursors. */
const allPages = async (deps: ReturnType<typeof setUp>['deps'], code: string, limit: number) => {
  const pages = [];
  let cursor: string | undefined;
  do {
    const page = await listMissing(deps, code, {
      limit: String(limit),
      ...(cursor === undefined ? {} : { cursor }),
    });
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return pages;
};

describe('getCoverage', () => {
  it('shows a regency with its own counters, each district’s, zeros for districts without any, and percentages', async () => {
    const { deps } = setUp(
      new Map([
        ['51.02.05.2006', counters({ covered: 1, verified: 2, rejected: 1 })],
        ['51.02.05.2007', counters({ pendingOnly: 1, submitted: 1 })],
        ['51.02.01.2001', counters({ covered: 1, verified: 1, deactivated: 1 })],
      ]),
    );

    const view = await getCoverage(deps, '51.02');

    expect(view).toMatchObject({
      code: '51.02',
      name: 'Kabupaten Tabanan',
      level: 'regency',
      villages: { total: 133, covered: 2, pendingOnly: 1 },
      kim: { submitted: 1, verified: 3, rejected: 1, deactivated: 1 },
      coveragePercent: 1.5,
    });
    expect(view.children.map((child) => child.code)).toEqual([
      '51.02.01',
      '51.02.02',
      '51.02.03',
      '51.02.04',
      '51.02.05',
      '51.02.06',
      '51.02.07',
      '51.02.08',
      '51.02.09',
      '51.02.10',
    ]);
    const district = view.children.find((child) => child.code === '51.02.05');
    const villagesOfDistrict = tabanan.filter((region) => region.parentCode === '51.02.05').length;
    expect(district).toEqual({
      code: '51.02.05',
      name: 'Tabanan',
      level: 'district',
      villages: { total: villagesOfDistrict, covered: 1, pendingOnly: 1 },
      kim: { submitted: 1, verified: 2, rejected: 1, deactivated: 0 },
      coveragePercent: Math.round((1 / villagesOfDistrict) * 1000) / 10,
    });
    expect(view.children.find((child) => child.code === '51.02.02')).toMatchObject({
      villages: { covered: 0, pendingOnly: 0 },
      kim: { submitted: 0, verified: 0, rejected: 0, deactivated: 0 },
      coveragePercent: 0,
    });
    expect(view.children.reduce((sum, child) => sum + child.villages.total, 0)).toBe(133);
  });

  it('shows a village with no children and reads no child lists', async () => {
    const { deps, regions, coverage } = setUp(
      new Map([['51.02.05.2006', counters({ covered: 1, verified: 1 })]]),
    );

    const view = await getCoverage(deps, '51.02.05.2006');

    expect(view).toEqual({
      code: '51.02.05.2006',
      name: 'Dajan Peken',
      level: 'village',
      villages: { total: 1, covered: 1, pendingOnly: 0 },
      kim: { submitted: 0, verified: 1, rejected: 0, deactivated: 0 },
      coveragePercent: 100,
      children: [],
    });
    expect(regions.calls.listChildren).toBe(0);
    expect(coverage.calls.childCounters).toEqual([]);
  });

  it('makes four reads whatever the region, one per kind', async () => {
    const { deps, regions, coverage } = setUp(new Map());

    await getCoverage(deps, '51.02.05');

    expect(regions.calls).toEqual({ get: 1, listChildren: 1 });
    expect(coverage.calls).toEqual({ countersOf: 1, childCounters: ['51.02.05'] });
  });

  it.each(['51', 'ID', '51.03', '52.01.01.2001', '51.01.05'])(
    'answers 404 for %s outside the scope without reading',
    async (code) => {
      const { deps, regions, coverage } = setUp(new Map());

      const error = await failure(getCoverage(deps, code));

      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({
        message: 'Wilayah dengan kode tersebut tidak ditemukan dalam wilayah layanan 51.02.',
        messageEn: "No region with that code exists within this deployment's area (51.02).",
      });
      expect(regions.calls).toEqual({ get: 0, listChildren: 0 });
      expect(coverage.calls.countersOf).toBe(0);
    },
  );

  it('answers 404 for a well-formed code of the scope that is not a region', async () => {
    const { deps } = setUp(new Map());

    expect(await failure(getCoverage(deps, '51.02.99'))).toBeInstanceOf(NotFoundError);
    expect(await failure(getCoverage(deps, '51.02.05.9999'))).toBeInstanceOf(NotFoundError);
  });

  it('answers 400 naming the code for any malformed code, without reading', async () => {
    const { deps, regions, coverage } = setUp(new Map());
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.constantFrom('51.2', '51.02.', '../51.02', 'id', '51.02.05.20061', ' 51.02', '51.02%00', '５１'),
        ),
        async (code) => {
          fc.pre(!isRegionCode(code));
          const error = await failure(getCoverage(deps, code));
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).errors).toEqual([
            {
              field: 'code',
              message: expect.stringContaining('Kode wilayah'),
              messageEn: expect.stringContaining('Region code'),
            },
          ]);
        },
      ),
      { numRuns: 200 },
    );
    expect(regions.calls).toEqual({ get: 0, listChildren: 0 });
    expect(coverage.calls.countersOf).toBe(0);
  });
});

describe('listMissing', () => {
  it('lists every village without a VERIFIED KIM in code order, pending when one waits for review', async () => {
    const { deps } = setUp(
      new Map([
        ['51.02.05.2006', counters({ covered: 1, verified: 1 })],
        ['51.02.05.2007', counters({ pendingOnly: 1, submitted: 2 })],
        ['51.02.01.2001', counters({ rejected: 1 })],
      ]),
    );

    const [page, ...more] = await allPages(deps, '51.02', 1000);

    expect(more).toEqual([]);
    expect(page).toMatchObject({
      code: '51.02',
      name: 'Kabupaten Tabanan',
      level: 'regency',
      nextCursor: null,
    });
    const codes = page?.villages.map((village) => village.code) ?? [];
    expect(codes).toEqual(
      villagesOfTabanan.map((village) => village.code).filter((code) => code !== '51.02.05.2006'),
    );
    expect(page?.villages.filter((village) => village.pending)).toEqual([
      { code: '51.02.05.2007', name: 'Denbantas', districtCode: '51.02.05', pending: true },
    ]);
    expect(page?.villages[0]).toEqual({
      code: '51.02.01.2001',
      name: villagesOfTabanan[0]?.name,
      districtCode: '51.02.01',
      pending: false,
    });
  });

  it('pages through a regency with any limit: every missing village exactly once, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.subarray(
          tabanan.filter((region) => region.level === 'village').map((region) => region.code),
          { maxLength: 133 },
        ),
        async (limit, coveredVillages) => {
          const { deps } = setUp(
            new Map(coveredVillages.map((code) => [code, counters({ covered: 1, verified: 1 })])),
          );
          const pages = await allPages(deps, '51.02', limit);
          const listed = pages.flatMap((page) => page.villages.map((village) => village.code));
          const covered = new Set(coveredVillages);
          expect(listed).toEqual(
            villagesOfTabanan.map((village) => village.code).filter((code) => !covered.has(code)),
          );
          expect(pages.every((page) => page.villages.length <= limit)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('uses 500 per page by default', async () => {
    const { deps } = setUp(new Map());

    const page = await listMissing(deps, '51.02', {});

    expect(page.villages).toHaveLength(133);
    expect(page.nextCursor).toBeNull();
  });

  it('skips fully covered districts without reading their villages', async () => {
    const covered = villagesOfTabanan.filter((village) => !village.code.startsWith('51.02.10.'));
    const { deps, coverage } = setUp(
      new Map(covered.map((village) => [village.code, counters({ covered: 1, verified: 1 })])),
    );

    const page = await listMissing(deps, '51.02', {});

    expect(page.villages.every((village) => village.districtCode === '51.02.10')).toBe(true);
    expect(coverage.calls.childCounters).toEqual(['51.02', '51.02.10']);
  });

  it('reads at once just the districts the counters say fill the page, not one window after another', async () => {
    const covered = villagesOfTabanan.filter((village) => village.code.startsWith('51.02.02.')).slice(0, 4);
    const { deps, coverage } = setUp(
      new Map(covered.map((village) => [village.code, counters({ covered: 1, verified: 1 })])),
    );
    const districts = tabanan.filter((region) => region.level === 'district');
    // The fewest districts, in code order, whose villages without a verified KIM make 50.
    const needed: string[] = [];
    for (let missing = 0; missing < 50; ) {
      const district = districts[needed.length];
      if (district === undefined) break;
      needed.push(district.code);
      missing +=
        district.villageCount - covered.filter((village) => village.parentCode === district.code).length;
    }

    const page = await listMissing(deps, '51.02', { limit: '50' });

    expect(page.villages).toHaveLength(50);
    expect(coverage.calls.childCounters).toEqual(['51.02', ...needed]);
  });

  it('lists a district, and a village as itself or nothing', async () => {
    const { deps } = setUp(
      new Map([
        ['51.02.05.2006', counters({ covered: 1, verified: 1 })],
        ['51.02.05.2007', counters({ pendingOnly: 1, submitted: 1 })],
      ]),
    );

    const district = await listMissing(deps, '51.02.05', {});
    const coveredVillage = await listMissing(deps, '51.02.05.2006', {});
    const pendingVillage = await listMissing(deps, '51.02.05.2007', {});

    expect(district.villages.map((village) => village.code)).toEqual(
      villagesOfTabanan
        .filter((village) => village.parentCode === '51.02.05' && village.code !== '51.02.05.2006')
        .map((village) => village.code),
    );
    expect(coveredVillage).toEqual({
      code: '51.02.05.2006',
      name: 'Dajan Peken',
      level: 'village',
      villages: [],
      nextCursor: null,
    });
    expect(pendingVillage.villages).toEqual([
      { code: '51.02.05.2007', name: 'Denbantas', districtCode: '51.02.05', pending: true },
    ]);
  });

  it(`reads at most ${MISSING_MAX_DISTRICTS_PER_PAGE} districts per page, then answers a short page with a cursor`, async () => {
    // A synthetic province of 2 regencies × 60 districts × 2 villages; one village of each district is covered.
    const regions: Array<RegionRecord> = [
      { code: '51', name: 'Big', level: 'province', parentCode: 'ID', villageCount: 240 },
    ];
    const villages = new Map<string, CoverageCounters>();
    for (const regency of ['51.01', '51.02']) {
      regions.push({ code: regency, name: regency, level: 'regency', parentCode: '51', villageCount: 120 });
      for (let d = 1; d <= 60; d++) {
        const district = `${regency}.${String(d).padStart(2, '0')}`;
        regions.push({
          code: district,
          name: district,
          level: 'district',
          parentCode: regency,
          villageCount: 2,
        });
        for (const village of [`${district}.2001`, `${district}.2002`]) {
          regions.push({
            code: village,
            name: village,
            level: 'village',
            parentCode: district,
            villageCount: 1,
          });
        }
        villages.set(`${district}.2001`, counters({ covered: 1, verified: 1 }));
      }
    }
    const repository = new InMemoryRegionRepository(regions);
    const deps = { regions: repository, coverage: new InMemoryCoverage(villages), scope: '51' };

    const first = await listMissing(deps, '51', { limit: '1000' });
    const readsOfFirstPage = repository.calls.listChildren;
    const second = await listMissing(deps, '51', { limit: '1000', cursor: first.nextCursor ?? '' });

    expect(first.villages).toHaveLength(MISSING_MAX_DISTRICTS_PER_PAGE);
    expect(first.villages.at(-1)?.code).toBe('51.02.40.2002');
    // The province, its two regencies, then one read per district.
    expect(readsOfFirstPage).toBe(3 + MISSING_MAX_DISTRICTS_PER_PAGE);
    expect(second.villages.map((village) => village.code)).toEqual(
      Array.from({ length: 20 }, (_, index) => `51.02.${String(index + 41).padStart(2, '0')}.2002`),
    );
    expect(second.nextCursor).toBeNull();
  });

  it.each([
    ['0', 'limit'],
    ['1001', 'limit'],
    ['abc', 'limit'],
    ['1.5', 'limit'],
    ['-1', 'limit'],
    ['', 'limit'],
  ])('answers 400 for limit %j', async (limit, field) => {
    const { deps, regions } = setUp(new Map());

    const error = await failure(listMissing(deps, '51.02', { limit }));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((entry) => entry.field)).toEqual([field]);
    expect(regions.calls.get).toBe(0);
  });

  it('answers 400 for unknown query parameters', async () => {
    const { deps } = setUp(new Map());

    const error = await failure(listMissing(deps, '51.02', { page: '2' }));

    expect((error as ValidationError).errors).toEqual([
      { field: 'page', message: 'Isian ini tidak dikenal.', messageEn: 'Unknown field.' },
    ]);
  });

  it('refuses cursors that were not handed out for this region', async () => {
    const { deps } = setUp(new Map());
    const first = await listMissing(deps, '51.02', { limit: '5' });
    const otherRegion = await listMissing(deps, '51.02.05', { limit: '1' });
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const bad = [
      'not base64 at all!',
      'e30',
      encode(null),
      encode([1]),
      encode({ r: '51.02', a: '51.03.01.2001' }),
      encode({ r: '51.02', a: '51.02' }),
      encode({ r: '51.02', a: '51.02.05.20' }),
      encode({ r: '51.02', a: 7 }),
      otherRegion.nextCursor ?? '',
      'x'.repeat(513),
    ];

    for (const cursor of bad) {
      const error = await failure(listMissing(deps, '51.02', { cursor }));
      expect(error, cursor).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors[0]?.field).toBe('cursor');
    }
    expect(await failure(listMissing(deps, '51.02.05', { cursor: first.nextCursor ?? '' }))).toBeInstanceOf(
      ValidationError,
    );
    expect(
      await failure(listMissing(deps, '51.02.05.2006', { cursor: first.nextCursor ?? '' })),
    ).toBeInstanceOf(ValidationError);
  });

  it('answers 404 outside the scope and 400 for a malformed code, without reading', async () => {
    const { deps, regions } = setUp(new Map());

    expect(await failure(listMissing(deps, 'ID', {}))).toBeInstanceOf(NotFoundError);
    expect(await failure(listMissing(deps, '51.03', {}))).toBeInstanceOf(NotFoundError);
    expect(await failure(listMissing(deps, '51.2', {}))).toBeInstanceOf(ValidationError);
    expect(regions.calls.get).toBe(0);
  });

  it('walks a nation of several provinces in code order across every level', async () => {
    const regions: RegionRecord[] = [
      { code: 'ID', name: 'Indonesia', level: 'country', parentCode: undefined, villageCount: 6 },
    ];
    const add = (code: string, level: RegionRecord['level'], villageCount: number) =>
      regions.push({ code, name: `N${code}`, level, parentCode: parentOf(code), villageCount });
    for (const province of ['11', '51']) {
      add(province, 'province', 3);
      add(`${province}.01`, 'regency', 3);
      add(`${province}.01.01`, 'district', 2);
      add(`${province}.01.02`, 'district', 1);
      add(`${province}.01.01.2001`, 'village', 1);
      add(`${province}.01.01.2002`, 'village', 1);
      add(`${province}.01.02.2001`, 'village', 1);
    }
    const deps = {
      regions: new InMemoryRegionRepository(regions),
      coverage: new InMemoryCoverage(new Map([['11.01.01.2002', counters({ covered: 1, verified: 1 })]])),
      scope: 'ID',
    };

    const pages = await allPages(deps, 'ID', 2);

    expect(pages.flatMap((page) => page.villages.map((village) => village.code))).toEqual([
      '11.01.01.2001',
      '11.01.02.2001',
      '51.01.01.2001',
      '51.01.01.2002',
      '51.01.02.2001',
    ]);
  });
});
