import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { isRegionCode } from '../../../shared/platform/region-codes.js';
import { DynamoDbRegionStore } from '../../../shared/regions/dynamodb/region-store.js';
import { writeRegions } from '../../../shared/regions/dynamodb/region-writer.js';
import { loadScopeRegions, type RegionRecord } from '../../../shared/regions/master-data.js';
import { type CoverageCounters, ZERO_COUNTERS } from '../../../shared/village-coverage/coverage.js';
import { getCoverage, listMissing } from '../../../shared/village-coverage/coverage-reader.js';
import { DynamoDbCoverageReader } from '../../../shared/village-coverage/dynamodb/coverage-reader.js';
import { apiEvent, bodyOf, lambdaContext } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { coverageItems, putItems } from '../../fixtures/coverage-items.js';
import { createTestTable, localDynamoDbClient, scanAll } from '../../fixtures/dynamodb.js';

// Bali's regions plus the country, so one table answers for scope 51.02 and for scope ID.
const endpoint = inject('dynamoEndpoint');
const client = localDynamoDbClient(endpoint);
const tableName = await createTestTable(client, 'kim-coverage-read');
const bali = await loadScopeRegions('51');
const country: RegionRecord = {
  code: 'ID',
  name: 'Indonesia',
  level: 'country',
  parentCode: undefined,
  villageCount: 716,
};
await writeRegions(client, tableName, [country, ...bali]);

const counters = (values: Partial<CoverageCounters>): CoverageCounters => ({ ...ZERO_COUNTERS, ...values });
const villageCounters = new Map([
  ['51.02.05.2006', counters({ covered: 1, verified: 2, rejected: 1 })],
  ['51.02.05.2007', counters({ pendingOnly: 1, submitted: 3 })],
  ['51.02.01.2001', counters({ covered: 1, verified: 1, submitted: 1, deactivated: 2 })],
  ['51.02.10.2001', counters({ rejected: 1 })],
  ['51.01.01.1006', counters({ covered: 1, verified: 5 })],
]);
await putItems(client, tableName, coverageItems(villageCounters));

vi.stubEnv('TABLE_NAME', tableName);
vi.stubEnv('SCOPE_CODE', '51.02');
vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', endpoint);
const { handler } = await import('../../../functions/village-coverage/get-coverage.js');

const nationalDeps = () => ({
  regions: new DynamoDbRegionStore(client, tableName),
  coverage: new DynamoDbCoverageReader(client, tableName),
  scope: 'ID',
});

let output: CapturedOutput;
beforeAll(() => {
  output = captureOutput();
});
afterAll(() => {
  output.restore();
});

const get = (code: string, suffix = '', query?: Record<string, string>) => {
  const event = apiEvent({
    routeKey: `GET /coverage/{code}${suffix}`,
    path: `/coverage/${code}${suffix}`,
    pathParameters: { code },
  });
  return handler(query ? { ...event, queryStringParameters: query } : event, lambdaContext('get-coverage'));
};

const zeroKim = { submitted: 0, verified: 0, rejected: 0, deactivated: 0 };

describe('GET /coverage/{code} against DynamoDB Local', () => {
  it('stores the region counters as shards, several per regency', async () => {
    const items = await scanAll(client, tableName);
    const regencyShards = items.filter(
      (item) => item.PK === 'COV#51' && String(item.SK).startsWith('COV#51.02#'),
    );

    expect(regencyShards.length).toBeGreaterThan(1);
  });

  it('answers a regency: its counters summed over shards, each district’s, zeros for the rest', async () => {
    const result = await get('51.02');

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['cache-control']).toBe('public, max-age=5');
    const body = bodyOf(result) as { children: Array<Record<string, unknown>> };
    expect(body).toMatchObject({
      code: '51.02',
      name: 'Kabupaten Tabanan',
      level: 'regency',
      villages: { total: 133, covered: 2, pendingOnly: 1 },
      kim: { submitted: 4, verified: 3, rejected: 2, deactivated: 2 },
      coveragePercent: 1.5,
    });
    expect(body.children).toHaveLength(10);
    expect(body.children.find((child) => child.code === '51.02.05')).toEqual({
      code: '51.02.05',
      name: 'Tabanan',
      level: 'district',
      villages: { total: 12, covered: 1, pendingOnly: 1 },
      kim: { submitted: 3, verified: 2, rejected: 1, deactivated: 0 },
      coveragePercent: 8.3,
    });
    expect(body.children.find((child) => child.code === '51.02.01')).toMatchObject({
      villages: { covered: 1, pendingOnly: 0 },
      kim: { submitted: 1, verified: 1, rejected: 0, deactivated: 2 },
    });
    expect(body.children.find((child) => child.code === '51.02.10')).toMatchObject({
      villages: { covered: 0, pendingOnly: 0 },
      kim: { submitted: 0, verified: 0, rejected: 1, deactivated: 0 },
      coveragePercent: 0,
    });
    expect(body.children.find((child) => child.code === '51.02.03')).toMatchObject({
      villages: { covered: 0, pendingOnly: 0 },
      kim: zeroKim,
    });
  });

  it('answers a district with its villages, and a village with no children', async () => {
    const district = bodyOf(await get('51.02.05')) as { children: Array<Record<string, unknown>> };
    const village = bodyOf(await get('51.02.05.2006'));

    expect(district.children).toHaveLength(12);
    expect(district.children.find((child) => child.code === '51.02.05.2007')).toEqual({
      code: '51.02.05.2007',
      name: 'Denbantas',
      level: 'village',
      villages: { total: 1, covered: 0, pendingOnly: 1 },
      kim: { submitted: 3, verified: 0, rejected: 0, deactivated: 0 },
      coveragePercent: 0,
    });
    expect(village).toEqual({
      code: '51.02.05.2006',
      name: 'Dajan Peken',
      level: 'village',
      villages: { total: 1, covered: 1, pendingOnly: 0 },
      kim: { submitted: 0, verified: 2, rejected: 1, deactivated: 0 },
      coveragePercent: 100,
      children: [],
    });
  });

  it('answers the country with its provinces, in a national deployment', async () => {
    const view = await getCoverage(nationalDeps(), 'ID');

    expect(view).toEqual({
      code: 'ID',
      name: 'Indonesia',
      level: 'country',
      villages: { total: 716, covered: 3, pendingOnly: 1 },
      kim: { submitted: 4, verified: 8, rejected: 2, deactivated: 2 },
      coveragePercent: 0.4,
      children: [
        {
          code: '51',
          name: 'Bali',
          level: 'province',
          villages: { total: 716, covered: 3, pendingOnly: 1 },
          kim: { submitted: 4, verified: 8, rejected: 2, deactivated: 2 },
          coveragePercent: 0.4,
        },
      ],
    });
    const province = await getCoverage(nationalDeps(), '51');
    expect(province.children.find((child) => child.code === '51.01')).toMatchObject({
      villages: { covered: 1, pendingOnly: 0 },
      kim: { submitted: 0, verified: 5, rejected: 0, deactivated: 0 },
    });
    expect(province.children.find((child) => child.code === '51.03')?.kim).toEqual(zeroKim);
  });

  it.each(['51', 'ID', '51.01', '51.03.01', '52.01.01.2001'])(
    'answers 404 for %s, outside the scope 51.02, in both languages',
    async (code) => {
      const result = await get(code);

      expect(result.statusCode).toBe(404);
      expect(bodyOf(result)).toEqual({
        message: 'Wilayah dengan kode tersebut tidak ditemukan dalam wilayah layanan 51.02.',
        messageEn: "No region with that code exists within this deployment's area (51.02).",
      });
    },
  );

  it.each(['51.02.99', '51.02.05.9999'])('answers 404 for %s, well-formed but not a region', async (code) => {
    expect((await get(code)).statusCode).toBe(404);
    expect((await get(code, '/missing')).statusCode).toBe(404);
  });

  it('answers 400 naming the code for malformed codes, 404 for well-formed ones, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 30 }),
          fc.stringMatching(/^[0-9.]{1,16}$/),
          fc.constantFrom('51.02.', '../51.02', '51.02%2F05', '51.02.05.20061', 'id', ' 51.02', '51.02\n'),
        ),
        fc.boolean(),
        async (code, missing) => {
          const result = await get(code, missing ? '/missing' : '');
          const body = bodyOf(result);
          if (isRegionCode(code)) {
            expect([200, 404]).toContain(result.statusCode);
          } else {
            expect(result.statusCode).toBe(400);
            expect(body.errors).toEqual([
              {
                field: 'code',
                message: expect.stringContaining('Kode wilayah'),
                messageEn: expect.stringContaining('Region code'),
              },
            ]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('GET /coverage/{code}/missing against DynamoDB Local', () => {
  it('pages through the 131 villages of Tabanan without a verified KIM, in code order', async () => {
    const listed: Array<Record<string, unknown>> = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const result = await get('51.02', '/missing', { limit: '50', ...(cursor ? { cursor } : {}) });
      expect(result.statusCode).toBe(200);
      const body = bodyOf(result) as { villages: Array<Record<string, unknown>>; nextCursor: string | null };
      expect(body.villages.length).toBeLessThanOrEqual(50);
      listed.push(...body.villages);
      cursor = body.nextCursor ?? undefined;
      pages++;
    } while (cursor);

    const expected = bali
      .filter((region) => region.level === 'village' && region.code.startsWith('51.02.'))
      .map((region) => region.code)
      .filter((code) => code !== '51.02.05.2006' && code !== '51.02.01.2001');
    expect(listed.map((village) => village.code)).toEqual(expected);
    expect(pages).toBe(3);
    expect(listed.filter((village) => village.pending)).toEqual([
      { code: '51.02.05.2007', name: 'Denbantas', districtCode: '51.02.05', pending: true },
    ]);
    expect(listed.find((village) => village.code === '51.02.10.2001')).toEqual({
      code: '51.02.10.2001',
      name: 'Belimbing',
      districtCode: '51.02.10',
      pending: false,
    });
  });

  it('lists the nation by pages across provinces', async () => {
    const deps = nationalDeps();
    const first = await listMissing(deps, 'ID', { limit: '700' });
    const second = await listMissing(deps, 'ID', { limit: '700', cursor: first.nextCursor ?? '' });

    expect(first.villages).toHaveLength(700);
    expect(second.villages).toHaveLength(716 - 3 - 700);
    expect(second.nextCursor).toBeNull();
  });

  it('answers 400 for a bad limit, a foreign cursor and unknown parameters', async () => {
    const page = bodyOf(await get('51.02.05', '/missing', { limit: '2' }));

    const cases = [
      [{ limit: '0' }, 'limit'],
      [{ limit: '5000' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ cursor: 'garbage' }, 'cursor'],
      [{ cursor: String(page.nextCursor) }, 'cursor'],
      [{ sort: 'name' }, 'sort'],
    ] as const;
    for (const [query, field] of cases) {
      const result = await get('51.02', '/missing', query);
      expect(result.statusCode, JSON.stringify(query)).toBe(400);
      expect((bodyOf(result).errors as Array<{ field: string }>)[0]?.field).toBe(field);
    }
  });
});
