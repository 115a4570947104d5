import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { ActivityReport } from '../../../shared/activity-reports/report.js';
import { router } from '../../../shared/platform/http/router.js';
import { pageHandler } from '../../../shared/platform/web/page-handler.js';
import { WorkspaceErrorPage } from '../../../shared/workspace/pages.js';
import { reportRoutes, type WorkspaceReportDeps } from '../../../shared/workspace/report-routes.js';
import {
  openSessionCookie,
  readWorkspaceSession,
  workspaceCsrfToken,
} from '../../../shared/workspace/session.js';
import { InMemoryPhotoFiles, InMemoryReportRecords } from '../../fixtures/activity-reports.js';
import { apiEvent, lambdaContext } from '../../fixtures/api-event.js';
import { fixedClock } from '../../fixtures/clock.js';
import { jpegWithExif, pngWithExif } from '../../fixtures/photos.js';
import { fixtureRegistration } from '../../fixtures/registration.js';

const SECRET = 'a-form-secret-of-at-least-thirty-two-characters';
const NOW = '2026-11-21T02:00:00.000Z';
const ID = '01JZ0000000000000000000001';
const OTHER = '01JZ0000000000000000000002';
const HOST = 'abc123.execute-api.ap-southeast-3.amazonaws.com';
const XSS = '<script>alert(1)</script>';

const setup = () => {
  const records = new InMemoryReportRecords();
  const files = new InMemoryPhotoFiles();
  const clock = fixedClock(NOW);
  let next = 0;
  // ULIDs in creation order, as the real ones sort.
  const newId = () => `01KA${String(++next).padStart(22, '0')}`;
  const registrations = new Map([
    [ID, fixtureRegistration(ID, { status: 'VERIFIED' })],
    [OTHER, fixtureRegistration(OTHER)],
  ]);
  const deps: WorkspaceReportDeps = {
    formSecret: SECRET,
    clock,
    registrationReader: { get: async (id: string) => registrations.get(id) },
    uploadOrigin: 'https://bucket.example',
    reports: { records, files, clock, newId },
  };
  const handler = pageHandler(router(reportRoutes(deps)), WorkspaceErrorPage);
  return { records, files, handler };
};

/** A signed-in request of `registrationId`'s session, with its CSRF token for a post. */
const session = (registrationId = ID) => {
  const cookie = (openSessionCookie(SECRET, registrationId, { secure: true, now: new Date(NOW) }).split(
    ';',
  )[0] ?? '') as string;
  const probe = { cookies: [cookie], headers: { host: HOST, 'x-forwarded-proto': 'https' } };
  const opened = readWorkspaceSession(SECRET, probe as unknown as APIGatewayProxyEventV2, new Date(NOW));
  if (!opened) throw new Error('no session');
  return { cookie, csrf: workspaceCsrfToken(SECRET, opened) };
};

type Handler = ReturnType<typeof setup>['handler'];

const get = (
  handler: Handler,
  routeKey: string,
  options: { params?: Record<string, string>; query?: Record<string, string>; cookie?: string } = {},
) => {
  const event = apiEvent({
    routeKey,
    path: routeKey.slice(4),
    headers: { accept: 'text/html' },
    ...(options.params ? { pathParameters: options.params } : {}),
    ...(options.cookie === undefined ? {} : { cookies: [options.cookie] }),
  });
  return handler(
    { ...event, ...(options.query ? { queryStringParameters: options.query } : {}) },
    lambdaContext(),
  );
};

const post = (
  handler: Handler,
  routeKey: string,
  form: Record<string, string>,
  options: {
    params?: Record<string, string>;
    cookie: string;
    origin?: string;
    json?: boolean;
    csrf?: string;
  },
) =>
  handler(
    apiEvent({
      method: 'POST',
      routeKey,
      path: routeKey.slice(5),
      headers: {
        origin: options.origin ?? `https://${HOST}`,
        'content-type': options.json ? 'application/json' : 'application/x-www-form-urlencoded',
        ...(options.json && options.csrf ? { 'x-csrf-token': options.csrf } : {}),
      },
      body: options.json ? JSON.stringify(form) : new URLSearchParams(form).toString(),
      cookies: [options.cookie],
      ...(options.params ? { pathParameters: options.params } : {}),
    }),
    lambdaContext(),
  );

const validForm = (csrf: string, patch: Record<string, string> = {}) => ({
  _csrf: csrf,
  idempotencyKey: 'form-key-1',
  date: '2026-11-20',
  type: 'PELATIHAN_LITERASI',
  title: 'Pelatihan literasi digital',
  description: 'Baris satu.\r\nBaris dua.',
  participants: '35',
  links: 'https://desa.example.id/berita\r\n\r\nhttps://video.example.id/v/1\r\n',
  ...patch,
});

const report = (reportId: string, patch: Partial<ActivityReport> = {}): ActivityReport => ({
  registrationId: ID,
  reportId,
  date: '2026-11-20',
  type: 'MUSYAWARAH_RAPAT',
  title: `Rapat ${reportId.slice(-2)}`,
  description: 'Rapat pengurus.',
  participants: 12,
  links: [],
  createdAt: NOW,
  photos: [],
  ...patch,
});

describe('the workspace report pages', () => {
  it('send anyone without a session to /kelola, and refuse a post from another site', async () => {
    const { handler, records } = setup();
    const signedOut = await get(handler, 'GET /kelola/laporan');
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers?.location).toBe('/kelola');
    const { cookie, csrf } = session();
    const crossSite = await post(handler, 'POST /kelola/laporan/baru', validForm(csrf), {
      cookie,
      origin: 'https://evil.example',
    });
    expect(crossSite.statusCode).toBe(403);
    const noToken = await post(handler, 'POST /kelola/laporan/baru', validForm('wrong'), { cookie });
    expect(noToken.statusCode).toBe(403);
    expect(records.reports.size).toBe(0);
  });

  it('list the KIM’s reports newest first, with their count, paging and no-store', async () => {
    const { handler, records } = setup();
    for (const n of [1, 2, 3]) await records.create(report(`01KA00000000000000000000R${n}`), undefined);
    await records.create(
      report('01KA00000000000000000000X1', { registrationId: OTHER, title: 'Lain' }),
      undefined,
    );
    const { cookie } = session();
    const page = await get(handler, 'GET /kelola/laporan', { cookie });
    expect(page.statusCode).toBe(200);
    expect(page.headers?.['cache-control']).toBe('no-store');
    const body = page.body ?? '';
    expect(body).toContain('<strong data-testid="report-count">3</strong>');
    expect(body.indexOf('Rapat R3')).toBeLessThan(body.indexOf('Rapat R1'));
    expect(body).not.toContain('Lain');
    expect(body).toContain('aria-current="page"');
    expect(body).toContain('href="/kelola/laporan/baru"');
  });

  it('page through the reports with the listing’s cursor', async () => {
    const { handler, records } = setup();
    await records.create(report('01KA00000000000000000000R1'), undefined);
    const asked: (string | undefined)[] = [];
    const list = records.list.bind(records);
    records.list = async (
      registrationId: string,
      page: { readonly limit: number; readonly cursor?: string },
    ) => {
      asked.push(page.cursor);
      return { ...(await list(registrationId, page)), ...(page.cursor ? {} : { nextCursor: 'next+page/1' }) };
    };
    const { cookie } = session();
    const first = (await get(handler, 'GET /kelola/laporan', { cookie })).body ?? '';
    expect(first).toContain('href="/kelola/laporan?cursor=next%2Bpage%2F1"');
    expect(first).not.toContain('Kembali ke laporan terbaru');
    const second = (await get(handler, 'GET /kelola/laporan', { cookie, query: { cursor: 'next+page/1' } }))
      .body;
    expect(second).toContain('Kembali ke laporan terbaru');
    expect(second).not.toContain('data-testid="next-page"');
    expect(asked).toEqual([undefined, 'next+page/1']);
  });

  it('create a report from the form, once however often it is submitted', async () => {
    const { handler, records } = setup();
    const { cookie, csrf } = session();
    const first = await post(handler, 'POST /kelola/laporan/baru', validForm(csrf), { cookie });
    expect(first.statusCode).toBe(303);
    const location = String(first.headers?.location);
    expect(location).toMatch(/^\/kelola\/laporan\/01KA\w+\?baru=1$/);
    const again = await post(handler, 'POST /kelola/laporan/baru', validForm(csrf), { cookie });
    expect(again.headers?.location).toBe(location);
    expect(records.reports.size).toBe(1);
    const [kept] = [...records.reports.values()];
    expect(kept).toMatchObject({
      registrationId: ID,
      description: 'Baris satu.\nBaris dua.',
      participants: 35,
      links: ['https://desa.example.id/berita', 'https://video.example.id/v/1'],
    });

    const shown = await get(handler, 'GET /kelola/laporan/{reportId}', {
      cookie,
      params: { reportId: kept?.reportId ?? '' },
      query: { baru: '1' },
    });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('data-testid="report-notice"');
    expect(shown.body).toContain('Pelatihan/literasi');
    expect(shown.headers?.['content-security-policy']).toContain('https://bucket.example');

    // The same key with other content (edited after going back): nothing kept, a fresh key.
    const edited = await post(
      handler,
      'POST /kelola/laporan/baru',
      validForm(csrf, { title: 'Judul lain' }),
      {
        cookie,
      },
    );
    expect(edited.statusCode).toBe(422);
    expect(edited.body).toContain('sudah pernah dikirim');
    expect(edited.body).not.toContain('value="form-key-1"');
    expect(records.reports.size).toBe(1);
  });

  it('refuse bad fields with each error beside its field, keep the values, and write nothing', async () => {
    const { handler, records } = setup();
    const { cookie, csrf } = session();
    const refused = await post(
      handler,
      'POST /kelola/laporan/baru',
      validForm(csrf, {
        date: '2026-11-30',
        type: 'PESTA',
        title: XSS,
        participants: '',
        links: 'https://ok.example.id\r\njavascript:alert(1)',
      }),
      { cookie },
    );
    expect(refused.statusCode).toBe(400);
    const body = refused.body ?? '';
    expect(body).toContain('id="error-summary"');
    for (const field of ['date', 'type', 'participants', 'links']) {
      expect(body, field).toContain(`id="f-${field}-error"`);
      expect(body, field).toMatch(new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`));
    }
    expect(body).toContain('Tanggal kegiatan tidak boleh di masa depan.');
    expect(body).toContain('Isi jumlah peserta.');
    expect(body).toContain('Tautan ke-2:');
    // Kept as typed, escaped.
    expect(body).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(body).not.toContain(XSS);
    expect(body).toContain('value="form-key-1"');
    expect(records.reports.size).toBe(0);

    const english = await post(
      handler,
      'POST /kelola/laporan/baru',
      validForm(csrf, { participants: 'banyak' }),
      {
        cookie: `${cookie}`,
      },
    );
    expect(english.statusCode).toBe(400);
    expect(english.body).toContain('id="f-participants-error"');
  });

  it('announce a photo by the session, confirm it stripped of EXIF, and refuse a wrong file beside the input', async () => {
    const { handler, records, files } = setup();
    await records.create(report('01KA00000000000000000000R1'), undefined);
    const { cookie, csrf } = session();
    const params = { reportId: '01KA00000000000000000000R1' };
    const photo = jpegWithExif();

    const noToken = await post(
      handler,
      'POST /kelola/laporan/{reportId}/foto/unggahan',
      { contentType: 'image/jpeg', size: String(photo.length) },
      { cookie, params, json: true },
    );
    expect(noToken.statusCode).toBe(403);

    const announce = (body: Record<string, unknown>) =>
      post(handler, 'POST /kelola/laporan/{reportId}/foto/unggahan', body as Record<string, string>, {
        cookie,
        params,
        json: true,
        csrf,
      });
    const tooBig = await announce({ contentType: 'image/jpeg', size: 3 * 1024 * 1024 });
    expect(tooBig.statusCode).toBe(400);
    const ticket = JSON.parse(
      (await announce({ contentType: 'image/jpeg', size: photo.length })).body ?? '{}',
    );
    expect(ticket.uploadUrl).toContain(`pending/${ID}/`);
    files.objects.set(`pending/${ID}/${ticket.photoId}`, photo);
    const confirmed = await post(
      handler,
      'POST /kelola/laporan/{reportId}/foto',
      { _csrf: csrf, photoId: ticket.photoId, script: '1' },
      { cookie, params },
    );
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers?.location).toBe('/kelola/laporan/01KA00000000000000000000R1?foto=baru');
    const kept = records.reports.get(`${ID}#01KA00000000000000000000R1`);
    expect(kept?.photos).toHaveLength(1);
    const stored = files.objects.get(`reports/${ID}/01KA00000000000000000000R1/${ticket.photoId}.jpg`);
    expect(stored && Buffer.from(stored).includes(Buffer.from('Exif'))).toBe(false);

    // A PNG announced as a JPEG: refused by its bytes, the reason beside the file input.
    const fake = pngWithExif();
    const second = JSON.parse(
      (await announce({ contentType: 'image/jpeg', size: fake.length })).body ?? '{}',
    );
    files.objects.set(`pending/${ID}/${second.photoId}`, fake);
    const refused = await post(
      handler,
      'POST /kelola/laporan/{reportId}/foto',
      { _csrf: csrf, photoId: second.photoId, script: '1' },
      { cookie, params },
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toMatch(/data-testid="file-error">.*PNG/s);
    expect(refused.body).toMatch(/id="f-file"[^>]*aria-invalid="true"/);
    expect(records.reports.get(`${ID}#01KA00000000000000000000R1`)?.photos).toHaveLength(1);

    // Without the script, and with a refused announcement: said beside the input.
    const noScript = await post(
      handler,
      'POST /kelola/laporan/{reportId}/foto',
      { _csrf: csrf },
      { cookie, params },
    );
    expect(noScript.statusCode).toBe(400);
    expect(noScript.body).toContain('membutuhkan JavaScript');
    const wrongType = await post(
      handler,
      'POST /kelola/laporan/{reportId}/foto',
      { _csrf: csrf, script: '1', contentType: 'image/gif', size: '100' },
      { cookie, params },
    );
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.body).toContain('data-testid="file-error"');
  });

  it('never open another KIM’s report, and delete one only after its confirmation step', async () => {
    const { handler, records, files } = setup();
    const photo = {
      photoId: '01KA00000000000000000000P1',
      contentType: 'image/png' as const,
      size: 4,
      sha256: 'x',
    };
    await records.create(report('01KA00000000000000000000R1', { photos: [photo] }), undefined);
    const key = `reports/${ID}/01KA00000000000000000000R1/01KA00000000000000000000P1.png`;
    files.objects.set(key, new Uint8Array([1, 2, 3, 4]));
    const params = { reportId: '01KA00000000000000000000R1' };

    const other = session(OTHER);
    expect(
      (await get(handler, 'GET /kelola/laporan/{reportId}', { cookie: other.cookie, params })).statusCode,
    ).toBe(404);
    const otherDelete = await post(
      handler,
      'POST /kelola/laporan/{reportId}/hapus',
      { _csrf: other.csrf },
      { cookie: other.cookie, params },
    );
    expect(otherDelete.statusCode).toBe(404);
    expect(records.reports.size).toBe(1);

    const { cookie, csrf } = session();
    const confirm = await get(handler, 'GET /kelola/laporan/{reportId}/hapus', { cookie, params });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('data-testid="confirm-delete"');
    expect(records.reports.size).toBe(1);
    const deleted = await post(
      handler,
      'POST /kelola/laporan/{reportId}/hapus',
      { _csrf: csrf },
      { cookie, params },
    );
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers?.location).toBe('/kelola/laporan?dihapus=1');
    expect(records.reports.size).toBe(0);
    expect(files.objects.has(key)).toBe(false);
    const again = await post(
      handler,
      'POST /kelola/laporan/{reportId}/hapus',
      { _csrf: csrf },
      { cookie, params },
    );
    expect(again.statusCode).toBe(404);
  });
});
