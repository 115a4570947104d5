import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { DocumentFiles, DocumentRecords } from '../../../shared/documents/ports.js';
import { csrfToken } from '../../../shared/platform/web/csrf.js';
import {
  openSessionCookie,
  readWorkspaceSession,
  workspaceCsrfToken,
} from '../../../shared/workspace/session.js';
import { type WorkspacePageDeps, workspaceRoutes } from '../../../shared/workspace/workspace-pages.js';
import { apiEvent } from '../../fixtures/api-event.js';
import { fixedClock } from '../../fixtures/clock.js';
import { FIXTURE_EDIT_TOKEN, fixtureRegistration } from '../../fixtures/registration.js';

const SECRET = 'a-form-secret-of-at-least-thirty-two-characters';
const NOW = '2026-03-02T02:00:00.000Z';
const ID = '01K0AAAAAAAAAAAAAAAAAAAAAA';
const HOST = 'abc123.execute-api.ap-southeast-3.amazonaws.com';

/** Ports that record every write: the pages under test must make none. */
const setup = () => {
  const writes: string[] = [];
  const record = (name: string) => async (): Promise<never> => {
    writes.push(name);
    throw new Error(`${name} must not be called`);
  };
  const records: DocumentRecords = {
    putUpload: record('putUpload'),
    getUpload: record('getUpload'),
    accept: record('accept'),
    refuse: record('refuse'),
    getVersion: record('getVersion'),
    listVersions: async () => [],
  };
  const files: DocumentFiles = {
    uploadUrl: record('uploadUrl'),
    read: record('read'),
    copy: record('copy'),
    remove: record('remove'),
    downloadUrl: record('downloadUrl'),
  };
  const registration = fixtureRegistration(ID);
  const registrations = { get: async (id: string) => (id === ID ? registration : undefined) };
  const deps: WorkspacePageDeps = {
    formSecret: SECRET,
    clock: fixedClock(NOW),
    baseUrl: 'https://kim.example.go.id',
    registrations: { findByContactEmail: record('findByContactEmail') },
    links: { put: record('put'), get: record('get'), consume: record('consume') },
    limiter: { hit: record('hit') },
    mailer: { send: record('send') },
    registrationReader: registrations,
    documents: { registrations, records, files, clock: fixedClock(NOW), newId: () => ID },
    uploadOrigin: 'https://bucket.s3.ap-southeast-3.amazonaws.com',
    receiptCookieName: (https) => (https ? '__Secure-receipt' : 'receipt'),
  };
  return { deps, writes, routes: workspaceRoutes(deps) };
};

const session = () => {
  const cookie = (
    openSessionCookie(SECRET, ID, { secure: true, now: new Date(NOW) }).split(';')[0] ?? ''
  ).trim();
  const opened = readWorkspaceSession(
    SECRET,
    { cookies: [cookie], headers: { 'x-forwarded-proto': 'https' } },
    new Date(NOW),
  );
  if (!opened) throw new Error('no session');
  return { cookie, token: workspaceCsrfToken(SECRET, opened) };
};

const post = (path: string, form: Record<string, string>, cookies: string[]) =>
  apiEvent({
    method: 'POST',
    path,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: `https://${HOST}` },
    body: new URLSearchParams(form).toString(),
    cookies,
  });

const html = (response: APIGatewayProxyStructuredResultV2) => String(response.body);

describe('the workspace pages', () => {
  it('says beside the file that uploading needs JavaScript when the SK form comes without its script, and writes nothing', async () => {
    const { routes, writes } = setup();
    const { cookie, token } = session();
    const handler = routes['POST /kelola/sk'];
    if (!handler) throw new Error('no route');

    const response = await handler(
      post('/kelola/sk', { _csrf: token, 'term.start': '2025-06-02', 'sk.number': '141/1/X/2025' }, [cookie]),
    );

    expect(response.statusCode).toBe(400);
    expect(html(response)).toContain('Mengunggah berkas membutuhkan JavaScript');
    expect(html(response)).toContain('value="141/1/X/2025"');
    expect(response.headers?.['cache-control']).toBe('no-store');
    expect(response.headers?.['content-security-policy']).toContain(
      "connect-src 'self' https://bucket.s3.ap-southeast-3.amazonaws.com",
    );
    expect(writes).toEqual([]);
  });

  it('shows each announced field error beside its field, and writes nothing', async () => {
    const { routes, writes } = setup();
    const { cookie, token } = session();
    const response = await routes['POST /kelola/sk']?.(
      post(
        '/kelola/sk',
        {
          _csrf: token,
          script: '1',
          contentType: 'text/plain',
          size: '10',
          'term.start': '2028-01-01',
          'term.end': '2025-01-01',
          'sk.number': '',
          'sk.date': 'kemarin',
        },
        [cookie],
      ),
    );
    expect(response?.statusCode).toBe(400);
    for (const field of ['f-file-error', 'f-term-end-error', 'f-sk-number-error', 'f-sk-date-error']) {
      expect(html(response ?? {}), field).toContain(`id="${field}"`);
    }
    expect(writes).toEqual([]);
  });

  it('refuses a post without the session token (403) and one without a session goes to sign in', async () => {
    const { routes, writes } = setup();
    const { cookie } = session();
    const forged = routes['POST /kelola/sk']?.(
      post('/kelola/sk', { _csrf: csrfToken(SECRET, 'x'), script: '1' }, [cookie]),
    );
    await expect(forged).rejects.toMatchObject({ name: 'CsrfRejectedError' });
    const signedOut = await routes['GET /kelola/sk']?.(apiEvent({ path: '/kelola/sk' }));
    expect(signedOut?.statusCode).toBe(303);
    expect(signedOut?.headers?.location).toBe('/kelola');
    expect(writes).toEqual([]);
  });

  it('opens the workspace from the receipt only with the receipt cookie of that registration', async () => {
    const { routes } = setup();
    const open = routes['GET /daftar/{id}/kelola'];
    const request = (cookies: string[]) =>
      open?.({ ...apiEvent({ path: `/daftar/${ID}/kelola`, cookies }), pathParameters: { id: ID } });
    await expect(request([])).rejects.toMatchObject({ name: 'ForbiddenError' });
    await expect(request(['__Secure-receipt=not-the-token'])).rejects.toMatchObject({
      name: 'ForbiddenError',
    });
    const opened = await request([`__Secure-receipt=${FIXTURE_EDIT_TOKEN}`]);
    expect(opened?.statusCode).toBe(303);
    expect(opened?.headers?.location).toBe('/kelola/sk');
    expect(opened?.cookies?.[0]).toMatch(/^__Host-kelola=/);
  });
});
