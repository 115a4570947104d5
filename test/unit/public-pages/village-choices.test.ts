import { describe, expect, it } from 'vitest';
import {
  pickerArea,
  type VillageChoicesCache,
  villageChoices,
} from '../../../shared/public-pages/village-choices.js';
import type { Region } from '../../../shared/regions/region.js';
import { InMemoryRegionRepository, tabananSample } from '../../fixtures/in-memory-ports.js';

const regions = () =>
  new InMemoryRegionRepository([
    { code: '51', name: 'Bali', level: 'province', villageCount: 4, parentCode: 'ID' },
    { code: '51.02', name: 'Kabupaten Tabanan', level: 'regency', villageCount: 3, parentCode: '51' },
    { code: '51.03', name: 'Kabupaten Badung', level: 'regency', villageCount: 1, parentCode: '51' },
    { code: '51.02.01', name: 'Selemadeg', level: 'district', villageCount: 1, parentCode: '51.02' },
    { code: '51.02.05', name: 'Tabanan', level: 'district', villageCount: 2, parentCode: '51.02' },
    { code: '51.02.01.2001', name: 'Antap', level: 'village', villageCount: 1, parentCode: '51.02.01' },
    { code: '51.02.05.2006', name: 'Dajan Peken', level: 'village', villageCount: 1, parentCode: '51.02.05' },
    { code: '51.02.05.2007', name: 'Denbantas', level: 'village', villageCount: 1, parentCode: '51.02.05' },
  ]);

const names = (list: readonly Region[]) => list.map((region) => region.name);

describe('pickerArea', () => {
  it.each([
    ['the scope when nothing is asked', '51.02', undefined, '51.02'],
    ['the regency of a village', '51.02', '51.02.05.2006', '51.02'],
    ['the regency of a district', '51', '51.02.05', '51.02'],
    ['a regency asked inside a province scope', '51', '51.03', '51.03'],
    ['no higher than a district scope', '51.02.05', '51.02.05.2006', '51.02.05'],
    ['the scope for a code outside it', '51.02', '52.01', '51.02'],
    ['the scope for a code above it', '51.02', '51', '51.02'],
    ['the scope for something else', '51.02', '../x', '51.02'],
  ])('is %s', (_kind, scope, asked, expected) => {
    expect(pickerArea(scope, asked)).toBe(expected);
  });
});

describe('villageChoices', () => {
  it('offers a regency as one list grouped by district, in code order', async () => {
    const choices = await villageChoices({ regions: regions(), scope: '51.02', cache: new Map() }, '51.02');
    expect(choices?.kind).toBe('villages');
    if (choices?.kind !== 'villages') return;
    expect(choices.groups.map((group) => [group.district.name, names(group.villages)])).toEqual([
      ['Selemadeg', ['Antap']],
      ['Tabanan', ['Dajan Peken', 'Denbantas']],
    ]);
  });

  it('narrows a province first, through its regencies', async () => {
    const choices = await villageChoices({ regions: regions(), scope: '51', cache: new Map() }, '51');
    expect(choices).toMatchObject({ kind: 'narrow', area: { code: '51' } });
    if (choices?.kind === 'narrow')
      expect(names(choices.options)).toEqual(['Kabupaten Tabanan', 'Kabupaten Badung']);
  });

  it('offers a district scope as one group', async () => {
    const choices = await villageChoices(
      { regions: tabananSample(), scope: '51.02.05', cache: new Map() },
      '51.02.05',
    );
    expect(choices).toMatchObject({ kind: 'villages', groups: [{ district: { code: '51.02.05' } }] });
  });

  it('reads each area once per container, and does not keep an unknown one', async () => {
    const repository = regions();
    const cache: VillageChoicesCache = new Map();
    const deps = { regions: repository, scope: '51', cache };
    await Promise.all([villageChoices(deps, '51.02'), villageChoices(deps, '51.02')]);
    await villageChoices(deps, '51.02');
    expect(repository.calls).toEqual({ get: 1, listChildren: 3 });
    expect(await villageChoices(deps, '51.09')).toBeUndefined();
    expect(cache.has('51.09')).toBe(false);
  });

  it('does not keep a failed read', async () => {
    let failures = 1;
    const flaky = regions();
    const repository = {
      get: (code: string) => flaky.get(code),
      listChildren: async (code: string) => {
        if (failures-- > 0) throw new Error('throttled');
        return flaky.listChildren(code);
      },
    };
    const deps = { regions: repository, scope: '51.02', cache: new Map() };
    await expect(villageChoices(deps, '51.02')).rejects.toThrow('throttled');
    await expect(villageChoices(deps, '51.02')).resolves.toMatchObject({ kind: 'villages' });
  });
});
