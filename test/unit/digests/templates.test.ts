import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildDigest, type Digest } from '../../../shared/digests/build-digest.js';
import {
  escapeHtml,
  formatChange,
  formatNumber,
  formatPercent,
  LIST_LIMITS,
  renderDigest,
} from '../../../shared/digests/templates.js';
import {
  BACKLOG_KIM,
  DIGEST_AT,
  digestRegions,
  FixtureDigestSource,
  LAST_RUN,
  NEW_KIM,
  SAMPLE_TEMPLATE_OPTIONS,
} from '../../fixtures/digest.js';
import { renderSampleDigest, SAMPLE_DIGEST_PATH } from '../../support/write-sample-digest.js';

const fixtureDigest = () =>
  buildDigest(
    { regions: digestRegions(), source: new FixtureDigestSource() },
    { regionCode: '51.02', runId: DIGEST_AT, at: new Date(DIGEST_AT), lastRun: LAST_RUN },
  );

describe('the digest email', () => {
  it('escapes every value: a KIM named with a <script> arrives as text', async () => {
    const { html, text } = renderDigest(await fixtureDigest(), SAMPLE_TEMPLATE_OPTIONS);
    expect(html).toContain('&lt;script&gt;alert(&quot;kim&quot;)&lt;/script&gt; Delod');
    expect(html).toContain('KIM Kediri Maju &amp; Sejahtera');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<svg|javascript:|\son\w+=/i);
    // Plain text is not markup: the name is shown as it was given.
    expect(text).toContain('<script>alert("kim")</script> Delod');
  });

  it('escapes names from every source: region, district and village names too', () => {
    expect(escapeHtml(`<b a='1'>&"`)).toBe('&lt;b a=&#39;1&#39;&gt;&amp;&quot;');
  });

  it('says in Indonesian, with a short English line, the coverage, the numbers and the change', async () => {
    const { subject, html, text } = renderDigest(await fixtureDigest(), SAMPLE_TEMPLATE_OPTIONS);
    expect(subject).toBe('Ringkasan cakupan KIM Kabupaten Tabanan: 40% desa tercakup (30 November 2026)');
    for (const part of [html, text]) {
      expect(part).toContain('40%');
      expect(part).toMatch(/Weekly coverage digest/);
      expect(part).toContain('+1');
      expect(part).toContain('+20 pp');
    }
    expect(html).toContain('2 / 5');
    expect(text).toContain('2 dari 5 desa/kelurahan');
    expect(text).toContain('KIM: 3 terverifikasi, 3 menunggu verifikasi, 1 ditolak, 0 dinonaktifkan');
  });

  it('has a per-district table with bars drawn as table cells (no SVG, no images)', async () => {
    const { html, text } = renderDigest(await fixtureDigest(), SAMPLE_TEMPLATE_OPTIONS);
    expect(html).toContain('Per kecamatan');
    expect(html).toMatch(/<td width="33\.3%" style="width:33\.3%;background-color:#1b7f3b;/);
    expect(html).toMatch(/<td width="50%" style="width:50%;background-color:#1b7f3b;/);
    expect(html).not.toMatch(/<img/i);
    expect(text).toContain('- Tabanan (51.02.05): 1/3 = 33,3%');
    expect(text).toContain('- Kediri (51.02.06): 1/2 = 50%');
  });

  it('lists the villages without a verified KIM, the new registrations and the backlog with review links', async () => {
    const { html, text } = renderDigest(await fixtureDigest(), SAMPLE_TEMPLATE_OPTIONS);
    expect(html).toContain('Desa/kelurahan tanpa KIM terverifikasi (3)');
    expect(html).toContain('Desa &quot;Baru&quot;, Timur');
    expect(text).toContain('- 51.02.05.2002 Delod Peken, Kec. Tabanan: ada KIM menunggu verifikasi');
    expect(text).toContain('- 51.02.06.2002 Pejaten, Kec. Kediri: belum ada KIM');
    expect(html).toContain(`href="https://kim.example.go.id/konsol/pendaftaran/${NEW_KIM.id}"`);
    expect(text).toContain(`(19 hari): https://kim.example.go.id/konsol/pendaftaran/${BACKLOG_KIM.id}`);
    expect(text).toMatch(/PENDAFTARAN BARU SEJAK 23 November 2026.* \(1\)/);
    expect(text).toContain('MENUNGGU VERIFIKASI LEBIH DARI 7 HARI (1)');
  });

  it('shows at most the list limits and says how many more there are', async () => {
    const digest = await fixtureDigest();
    const many: Digest = {
      ...digest,
      villages: Array.from({ length: LIST_LIMITS.missing + 7 }, (_, index) => ({
        code: `51.02.05.${String(3000 + index)}`,
        name: `Desa ${index}`,
        districtCode: '51.02.05',
        districtName: 'Tabanan',
        status: 'none' as const,
        kimCount: 0,
      })),
    };
    const { html, text } = renderDigest(many, SAMPLE_TEMPLATE_OPTIONS);
    expect(html).toContain('dan 7 lainnya — daftar lengkap ada di lampiran CSV.');
    expect(text).toContain('dan 7 lainnya — lihat lampiran CSV.');
    expect(text.match(/^- 51\.02\.05\.3/gm)).toHaveLength(LIST_LIMITS.missing);
  });

  it('says so on a first digest, without a change table', async () => {
    const digest = { ...(await fixtureDigest()), change: null };
    const { html, text } = renderDigest(digest, SAMPLE_TEMPLATE_OPTIONS);
    expect(html).toContain('Ini ringkasan pertama untuk wilayah ini');
    expect(text).toContain('Ini ringkasan pertama untuk wilayah ini.');
  });

  it('formats numbers the Indonesian way', () => {
    expect(formatNumber(83762)).toBe('83.762');
    expect(formatPercent(33.3)).toBe('33,3%');
    expect(formatChange(-2)).toBe('−2');
    expect(formatChange(0)).toBe('±0');
    expect(formatChange(0.5, ' pp')).toBe('+0,5 pp');
  });

  it('keeps docs/sample-digest.html true to the template (npm run docs:sample-digest rewrites it)', async () => {
    expect(await readFile(SAMPLE_DIGEST_PATH, 'utf8')).toBe(await renderSampleDigest());
  });
});
