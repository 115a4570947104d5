import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbRegionStore } from '../../../shared/regions/dynamodb/region-store.js';
import { writeRegions } from '../../../shared/regions/dynamodb/region-writer.js';
import { loadScopeRegions, type RegionRecord } from '../../../shared/regions/master-data.js';
import { countByType, createTestTable, localDynamoDbClient, scanAll } from '../../fixtures/dynamodb.js';

const client = localDynamoDbClient(inject('dynamoEndpoint'));
let tableName: string;
let tabanan: RegionRecord[];

beforeAll(async () => {
  tableName = await createTestTable(client, 'kim-regions');
  tabanan = await loadScopeRegions('51.02');
  await writeRegions(client, tableName, tabanan);
});

describe('region writer and region store against DynamoDB Local', () => {
  it('writes the 144 regions of Kabupaten Tabanan', async () => {
    const items = await scanAll(client, tableName);

    expect(countByType(items)).toEqual({ REGION: 144 });
    expect(items.find((item) => item.code === '51.02.05.2006')).toMatchObject({
      PK: 'REGION#51.02.05',
      SK: 'REGION#51.02.05.2006',
      parentCode: '51.02.05',
      level: 'village',
      villageCount: 1,
    });
  });

  it('reads the regency with its village count', async () => {
    const store = new DynamoDbRegionStore(client, tableName);

    const regency = await store.get('51.02');

    expect(regency).toEqual({
      code: '51.02',
      name: 'Kabupaten Tabanan',
      level: 'regency',
      villageCount: 133,
    });
  });

  it('lists the 10 districts sorted by code, their village counts adding up to 133', async () => {
    const store = new DynamoDbRegionStore(client, tableName);

    const districts = await store.listChildren('51.02');

    expect(districts).toHaveLength(10);
    expect(districts.map((district) => district.code)).toEqual(
      districts.map((district) => district.code).sort(),
    );
    expect(districts.every((district) => district.level === 'district')).toBe(true);
    expect(districts.reduce((sum, district) => sum + district.villageCount, 0)).toBe(133);
  });

  it('looks up a village and lists a district’s villages', async () => {
    const store = new DynamoDbRegionStore(client, tableName);

    const village = await store.get('51.02.05.2006');
    const villages = await store.listChildren('51.02.05');

    expect(village).toEqual({
      code: '51.02.05.2006',
      name: 'Dajan Peken',
      level: 'village',
      villageCount: 1,
    });
    expect(villages).toHaveLength(tabanan.filter((region) => region.parentCode === '51.02.05').length);
    expect(villages[0]?.code).toBe('51.02.05.2001');
  });

  it('finds nothing for codes that are not in the table', async () => {
    const store = new DynamoDbRegionStore(client, tableName);

    expect(await store.get('51.02.99')).toBeUndefined();
    expect(await store.get('51.03')).toBeUndefined();
    expect(await store.listChildren('51.02.05.2006')).toEqual([]);
  });

  it('re-seeding leaves the same items', async () => {
    const before = await scanAll(client, tableName);

    const { written } = await writeRegions(client, tableName, tabanan, { concurrency: 4 });

    const after = await scanAll(client, tableName);
    expect(written).toBe(144);
    expect(after).toHaveLength(before.length);
    const byKey = (items: typeof before) => new Map(items.map((item) => [`${item.PK}|${item.SK}`, item]));
    expect(byKey(after)).toEqual(byKey(before));
  });

  it('keeps the country under the root partition', async () => {
    const countryTable = await createTestTable(client, 'kim-country');
    const regions: RegionRecord[] = [
      { code: 'ID', name: 'Indonesia', level: 'country', parentCode: undefined, villageCount: 133 },
      { code: '51', name: 'Bali', level: 'province', parentCode: 'ID', villageCount: 133 },
    ];
    await writeRegions(client, countryTable, regions);
    const store = new DynamoDbRegionStore(client, countryTable);

    expect(await store.get('ID')).toEqual({
      code: 'ID',
      name: 'Indonesia',
      level: 'country',
      villageCount: 133,
    });
    expect(await store.listChildren('ID')).toEqual([
      { code: '51', name: 'Bali', level: 'province', villageCount: 133 },
    ]);
  });
});
