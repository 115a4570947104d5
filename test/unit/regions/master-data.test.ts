import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScopeRegions, parseCsvLine } from '../../../shared/regions/master-data.js';

describe('parseCsvLine', () => {
  it.each([
    ['51.02.05.2006,51.02.05,Dajan Peken', ['51.02.05.2006', '51.02.05', 'Dajan Peken']],
    ['12.07.28.1007,12.07.28,"Lubuk Pakam I,II"', ['12.07.28.1007', '12.07.28', 'Lubuk Pakam I,II']],
    ['35.13.15.2017,35.13.15,"Soka""an"', ['35.13.15.2017', '35.13.15', 'Soka"an']],
    ['a,,c', ['a', '', 'c']],
    ['a,b,', ['a', 'b', '']],
    ['""', ['']],
    ['"x,""y"",z",w', ['x,"y",z', 'w']],
  ])('splits %j', (line, fields) => {
    expect(parseCsvLine(line)).toEqual(fields);
  });
});

describe('loadScopeRegions', () => {
  it('loads Kabupaten Tabanan: 10 districts and 133 villages whose counts add up', async () => {
    const regions = await loadScopeRegions('51.02');

    const regency = regions.find((region) => region.code === '51.02');
    const districts = regions.filter((region) => region.level === 'district');
    const villages = regions.filter((region) => region.level === 'village');
    expect(regions).toHaveLength(144);
    expect(regency).toMatchObject({
      name: 'Kabupaten Tabanan',
      level: 'regency',
      parentCode: '51',
      villageCount: 133,
    });
    expect(districts).toHaveLength(10);
    expect(villages).toHaveLength(133);
    expect(districts.reduce((sum, district) => sum + district.villageCount, 0)).toBe(133);
    expect(
      villages.every((village) => village.villageCount === 1 && village.code.split('.')[3]?.startsWith('2')),
    ).toBe(true);
    expect(regions.find((region) => region.code === '51.02.05.2006')).toEqual({
      code: '51.02.05.2006',
      name: 'Dajan Peken',
      level: 'village',
      parentCode: '51.02.05',
      villageCount: 1,
    });
    expect(regions.map((region) => region.code)).toEqual(regions.map((region) => region.code).sort());
  });

  it('loads the whole country: 38 provinces, 514 regencies, 7,285 districts, 83,762 villages', async () => {
    const regions = await loadScopeRegions('ID');

    const count = (level: string) => regions.filter((region) => region.level === level).length;
    expect(count('province')).toBe(38);
    expect(count('regency')).toBe(514);
    expect(count('district')).toBe(7285);
    expect(count('village')).toBe(83762);
    expect(regions.find((region) => region.code === 'ID')).toMatchObject({
      level: 'country',
      parentCode: undefined,
      villageCount: 83762,
    });
    const provinces = regions.filter((region) => region.level === 'province');
    expect(provinces.reduce((sum, province) => sum + province.villageCount, 0)).toBe(83762);
    expect(regions.find((region) => region.code === '35.13.15.2017')?.name).toBe('Soka"an');
    expect(regions.find((region) => region.code === '12.07.28.1007')?.name).toBe('Lubuk Pakam I,II');
  });

  it.each(['51.99', '99', '51.02.05.9999'])(
    'refuses the scope %s that is not in the master data',
    async (scope) => {
      await expect(loadScopeRegions(scope)).rejects.toThrow(RangeError);
    },
  );

  it('reads CRLF files from another data folder', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kim-master-data-'));
    const files: Record<string, string[]> = {
      'provinces.csv': ['code,name', '51,Bali'],
      'regencies.csv': ['code,province_code,name', '51.02,51,Kabupaten Tabanan'],
      'districts.csv': ['code,regency_code,name', '51.02.05,51.02,Tabanan', '51.02.06,51.02,Kediri'],
      'villages.csv': [
        'code,district_code,name',
        '51.02.05.2006,51.02.05,Dajan Peken',
        '51.02.05.2007,51.02.05,"Den, bantas"',
        '52.01.01.2001,52.01.01,Elsewhere',
      ],
    };
    for (const [file, lines] of Object.entries(files))
      await writeFile(join(dataDir, file), `${lines.join('\r\n')}\r\n`);

    const regions = await loadScopeRegions('51', dataDir);

    expect(regions.map(({ code, villageCount }) => [code, villageCount])).toEqual([
      ['51', 2],
      ['51.02', 2],
      ['51.02.05', 2],
      ['51.02.05.2006', 1],
      ['51.02.05.2007', 1],
      ['51.02.06', 0],
    ]);
    expect(regions.find((region) => region.code === '51.02.05.2007')?.name).toBe('Den, bantas');
  });
});
