import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import type { ActivityReport } from '../../../shared/activity-reports/report.js';
import { NotFoundError } from '../../../shared/platform/errors.js';
import { InMemoryPhotoFiles, InMemoryReportRecords } from '../../fixtures/activity-reports.js';
import { apiEvent, lambdaContext } from '../../fixtures/api-event.js';
import { tabananSample } from '../../fixtures/in-memory-ports.js';
import { plainPng } from '../../fixtures/photos.js';
import { fixtureRegistration } from '../../fixtures/registration.js';
import { personalDataOfFixture } from '../../fixtures/registration-body.js';

vi.stubEnv('TABLE_NAME', 'kim-registry-test');
vi.stubEnv('SCOPE_CODE', '51.02');
vi.stubEnv('DOCUMENT_BUCKET', 'kim-registry-documents-test');
const { kimPages } = await import('../../../functions/public-pages/kim-pages.js');
const { reportPhotos } = await import('../../../functions/activity-reports/report-photos.js');

const ID = '01JZ0000000000000000000001';
const REPORT = '01JZ0000000000000000000R01';
const PHOTO = '01JZ0000000000000000000P01';
const XSS = '<script>alert(1)</script>';

const report = (reportId: string, patch: Partial<ActivityReport> = {}): ActivityReport => ({
  registrationId: ID,
  reportId,
  date: '2026-11-20',
  type: 'PELATIHAN_LITERASI',
  title: 'Pelatihan literasi digital',
  description: 'Baris satu.\nBaris dua.',
  participants: 1200,
  links: ['https://desa.example.id/berita', 'javascript:alert(1)'],
  createdAt: '2026-11-21T02:00:00.000Z',
  photos: [],
  ...patch,
});

const setup = (status: 'VERIFIED' | 'SUBMITTED' = 'VERIFIED') => {
  const registration = fixtureRegistration(ID, { status });
  const records = new InMemoryReportRecords();
  const files = new InMemoryPhotoFiles();
  const registrations = {
    get: async (id: string) => (id === registration.id ? registration : undefined),
    list: async () => ({ items: [], nextCursor: null }),
  };
  return {
    records,
    files,
    kim: { regions: tabananSample(), scope: '51.02', registrations, reports: { records } },
    photos: { registrations, reports: { records, files } },
  };
};

const call =
  (route: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>) =>
  (routeKey: string, pathParameters: Record<string, string>) =>
    route(apiEvent({ routeKey, path: routeKey.slice(4), pathParameters }), lambdaContext());

describe('activity reports on the public profile', () => {
  it('lists the reports newest first, escaped, with photos through the photo route and only http(s) links', async () => {
    const { records, kim } = setup();
    await records.create(report(REPORT, { title: XSS }), undefined);
    await records.create(
      report('01JZ0000000000000000000R02', {
        title: 'Rapat pengurus',
        type: 'MUSYAWARAH_RAPAT',
        photos: [{ photoId: PHOTO, contentType: 'image/png', size: 10, sha256: 'x' }],
      }),
      undefined,
    );

    const result = await call(kimPages(kim))('GET /kim/{id}', { id: ID });
    const body = result.body ?? '';

    expect(result.statusCode).toBe(200);
    expect(body).toContain('<h2 id="laporan">Laporan kegiatan</h2>');
    expect(body).toContain('2 laporan.');
    expect(body.indexOf('Rapat pengurus')).toBeLessThan(body.indexOf('&lt;script&gt;'));
    expect(body).not.toContain(XSS);
    expect(body).toContain(
      `<img src="/kim/${ID}/laporan/01JZ0000000000000000000R02/foto/${PHOTO}" alt="Foto 1 kegiatan «Rapat pengurus»"`,
    );
    expect(body).toContain('Musyawarah/rapat');
    expect(body).toContain('<p>Baris satu.</p><p>Baris dua.</p>');
    expect(body).toContain('<a href="https://desa.example.id/berita" rel="nofollow noopener ugc">');
    expect(body).not.toContain('href="javascript:');
    for (const personal of personalDataOfFixture) expect(body).not.toContain(personal);
  });

  it('says so when there are no reports', async () => {
    const { kim } = setup();

    const body = (await call(kimPages(kim))('GET /kim/{id}', { id: ID })).body ?? '';

    expect(body).toContain('Belum ada laporan kegiatan.');
  });
});

describe('GET /kim/{id}/laporan/{reportId}/foto/{photoId}', () => {
  const path = 'GET /kim/{id}/laporan/{reportId}/foto/{photoId}';

  it('serves a stored photo of a verified KIM, cacheable for five minutes', async () => {
    const { records, files, photos } = setup();
    await records.create(
      report(REPORT, { photos: [{ photoId: PHOTO, contentType: 'image/png', size: 10, sha256: 'x' }] }),
      undefined,
    );
    await files.write(`reports/${ID}/${REPORT}/${PHOTO}.png`, plainPng());

    const result = await call(reportPhotos(photos))(path, { id: ID, reportId: REPORT, photoId: PHOTO });

    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({
      'content-type': 'image/png',
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
    });
    expect(result.isBase64Encoded).toBe(true);
    expect(Buffer.from(result.body ?? '', 'base64')).toEqual(plainPng());
  });

  it('refuses with a 404 error a KIM not verified, an unknown photo or a malformed id', async () => {
    const unverified = setup('SUBMITTED');
    await unverified.records.create(
      report(REPORT, { photos: [{ photoId: PHOTO, contentType: 'image/png', size: 10, sha256: 'x' }] }),
      undefined,
    );
    await unverified.files.write(`reports/${ID}/${REPORT}/${PHOTO}.png`, plainPng());
    const verified = setup();

    const answers = await Promise.allSettled([
      call(reportPhotos(unverified.photos))(path, { id: ID, reportId: REPORT, photoId: PHOTO }),
      call(reportPhotos(verified.photos))(path, { id: ID, reportId: REPORT, photoId: PHOTO }),
      call(reportPhotos(verified.photos))(path, { id: ID, reportId: '../x', photoId: PHOTO }),
    ]);

    // The page handler turns a NotFoundError into the 404 page (test/unit/public-pages).
    for (const answer of answers) {
      expect(answer.status === 'rejected' && answer.reason).toBeInstanceOf(NotFoundError);
    }
  });
});
