import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../../shared/digests/build-digest.js';
import { CSV_COLUMNS, csvField, digestCsv, digestCsvFilename } from '../../../shared/digests/csv.js';
import { renderDigest } from '../../../shared/digests/templates.js';
import { DIGEST_AT, digestRegions, FixtureDigestSource, LAST_RUN } from '../../fixtures/digest.js';

/** A small RFC 4180 reader, to check the writer's output parses back to the same fields. */
const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index++;
    } else field += character;
  }
  return rows;
};

describe('the digest CSV', () => {
  it('quotes only what RFC 4180 needs, doubling quotes', () => {
    expect(csvField('Dajan Peken')).toBe('Dajan Peken');
    expect(csvField('Desa "Baru", Timur')).toBe('"Desa ""Baru"", Timur"');
    expect(csvField('dua\r\nbaris')).toBe('"dua\r\nbaris"');
    expect(csvField(12)).toBe('12');
  });

  it('has a BOM, a header and one CRLF-terminated row per village of the region', async () => {
    const digest = await buildDigest(
      { regions: digestRegions(), source: new FixtureDigestSource() },
      { regionCode: '51.02', runId: DIGEST_AT, at: new Date(DIGEST_AT), lastRun: LAST_RUN },
    );
    const csv = digestCsv(digest);

    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '').includes('\n')).toBe(false);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows.slice(1)).toEqual([
      ['51.02.05.2001', 'Dajan Peken', '51.02.05', 'Tabanan', 'covered', '1'],
      ['51.02.05.2002', 'Delod Peken', '51.02.05', 'Tabanan', 'pending', '1'],
      ['51.02.05.2003', 'Desa "Baru", Timur', '51.02.05', 'Tabanan', 'none', '0'],
      ['51.02.06.2001', 'Kediri', '51.02.06', 'Kediri', 'covered', '4'],
      ['51.02.06.2002', 'Pejaten', '51.02.06', 'Kediri', 'none', '0'],
    ]);
    expect(digestCsvFilename(digest, 'Asia/Makassar')).toBe('cakupan-kim-51.02-2026-11-30.csv');
  });

  it('dates its file name in the time zone of the subject, not in UTC', async () => {
    // 20:30 UTC on 29 November is 04:30 WITA on 30 November.
    const at = '2026-11-29T20:30:00.000Z';
    const digest = await buildDigest(
      { regions: digestRegions(), source: new FixtureDigestSource() },
      { regionCode: '51.02', runId: at, at: new Date(at), lastRun: LAST_RUN },
    );

    const { subject } = renderDigest(digest, {
      baseUrl: 'https://kim.example.id',
      timeZone: 'Asia/Makassar',
    });

    expect(subject).toContain('(30 November 2026)');
    expect(digestCsvFilename(digest, 'Asia/Makassar')).toBe('cakupan-kim-51.02-2026-11-30.csv');
    expect(digestCsvFilename(digest, 'UTC')).toBe('cakupan-kim-51.02-2026-11-29.csv');
  });
});
