import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { router } from '../../../shared/platform/http/router.js';
import { pageHandler } from '../../../shared/platform/web/page-handler.js';
import { formFromRegistration } from '../../../shared/public-pages/registration-form.js';
import type { HistoryEntry } from '../../../shared/registrations/history.js';
import type { RegistrationProfileRepository, ResubmitOutcome } from '../../../shared/registrations/ports.js';
import { normalizeSkNumber, type Registration } from '../../../shared/registrations/registration.js';
import { WorkspaceErrorPage } from '../../../shared/workspace/pages.js';
import { profileRoutes, type WorkspaceProfileDeps } from '../../../shared/workspace/profile-pages.js';
import { openSessionCookie } from '../../../shared/workspace/session.js';
import { apiEvent, lambdaContext } from '../../fixtures/api-event.js';
import { fixedClock } from '../../fixtures/clock.js';
import { sequentialIds, tabananSample } from '../../fixtures/in-memory-ports.js';
import { fixtureRegistration } from '../../fixtures/registration.js';

const SECRET = 'unit-test-form-secret-0123456789abcdef0123456789';
const NOW = '2025-07-03T01:00:00.000Z';
const ID = '01JZ0000000000000000000007';
const OTHER = '01JZ0000000000000000000009';
const HOST = 'abc123.execute-api.ap-southeast-3.amazonaws.com';
const ORIGIN = `https://${HOST}`;

/** Registrations in memory, replaced as the DynamoDB store does: on status and version, the claim moved or refused. */
class Registrations implements RegistrationProfileRepository {
  readonly stored = new Map<string, Registration>();
  readonly history: HistoryEntry[] = [];
  writes = 0;

  constructor(...registrations: Registration[]) {
    for (const registration of registrations) this.stored.set(registration.id, registration);
  }

  async get(id: string): Promise<Registration | undefined> {
    return this.stored.get(id);
  }

  async replace(previous: Registration, next: Registration, history: HistoryEntry): Promise<ResubmitOutcome> {
    const now = this.stored.get(previous.id);
    if (now?.version !== previous.version || now.status !== previous.status) return { kind: 'conflict' };
    const holder = [...this.stored.values()].find(
      (other) =>
        other.id !== next.id &&
        other.villageCode === next.villageCode &&
        other.skNumberNormalized === next.skNumberNormalized,
    );
    if (holder) return { kind: 'duplicate', existingId: holder.id };
    this.writes++;
    this.stored.set(next.id, next);
    this.history.push(history);
    return { kind: 'resubmitted' };
  }
}

const verified = (patch: Partial<Registration> = {}) =>
  fixtureRegistration(ID, {
    status: 'VERIFIED',
    version: 2,
    reviewedAt: '2025-07-02T01:00:00.000Z',
    ...patch,
  });

const setup = (...registrations: Registration[]) => {
  const store = new Registrations(...(registrations.length > 0 ? registrations : [verified()]));
  const clock = fixedClock(NOW);
  const deps: WorkspaceProfileDeps = {
    formSecret: SECRET,
    clock,
    registrationReader: store,
    profile: {
      registrations: store,
      regions: tabananSample(),
      clock,
      newId: sequentialIds('01K2'),
      scope: '51.02',
    },
    villageChoices: new Map(),
  };
  const handler = pageHandler(router(profileRoutes(deps)), WorkspaceErrorPage);
  const handle = (event: APIGatewayProxyEventV2) =>
    handler(event, lambdaContext('workspace-pages')) as Promise<APIGatewayProxyStructuredResultV2>;
  return { store, handle };
};

/** One browser's session cookie per registration (a new cookie would be a new session, with other tokens). */
const sessions = new Map<string, string>();
const session = (id = ID): string => {
  const known = sessions.get(id);
  if (known) return known;
  const cookie = openSessionCookie(SECRET, id, { secure: true, now: new Date(NOW) }).split(';')[0] ?? '';
  sessions.set(id, cookie);
  return cookie;
};

const request = (
  method: 'GET' | 'POST',
  options: { body?: string; cookies?: string[]; origin?: string; query?: Record<string, string> } = {},
): APIGatewayProxyEventV2 => {
  const event = apiEvent({
    method,
    routeKey: `${method} /kelola/profil`,
    path: '/kelola/profil',
    headers: {
      accept: 'text/html',
      ...(method === 'POST'
        ? { origin: options.origin ?? ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }
        : {}),
    },
    cookies: options.cookies ?? [session()],
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  return options.query ? { ...event, queryStringParameters: options.query } : event;
};

const html = (response: APIGatewayProxyStructuredResultV2) => String(response.body ?? '');
const hidden = (page: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1];
const inputValue = (page: string, id: string) =>
  new RegExp(`id="${id.replace(/[[\].]/g, '\\$&')}"[^>]*value="([^"]*)"`).exec(page)?.[1] ??
  new RegExp(`value="([^"]*)"[^>]*id="${id}"`).exec(page)?.[1];

/** What the browser posts back from the form of `registration`, with `changes` to its fields. */
const formPost = (
  page: string,
  registration: Registration,
  changes: Record<string, string | string[]> = {},
  extra: [string, string][] = [],
) => {
  const state = formFromRegistration(registration);
  const fields: Record<string, string | string[]> = {
    name: state.name,
    villageCode: state.villageCode,
    'sk.number': state.sk.number,
    'sk.date': state.sk.date,
    memberCount: state.memberCount,
    focusAreas: [...state.focusAreas],
    ...Object.fromEntries(
      state.officers.flatMap((row, index) =>
        Object.entries(row).map(([key, value]) => [`officers[${index}].${key}`, value]),
      ),
    ),
    ...Object.fromEntries(
      state.media.flatMap((row, index) =>
        Object.entries(row).map(([key, value]) => [`media[${index}].${key}`, value]),
      ),
    ),
    ...changes,
  };
  const pairs: [string, string][] = [
    ['_csrf', hidden(page, '_csrf') ?? ''],
    ...(hidden(page, 'version') === undefined
      ? []
      : [['version', hidden(page, 'version') ?? ''] as [string, string]]),
    ...Object.entries(fields).flatMap(([name, value]): [string, string][] =>
      Array.isArray(value) ? value.map((item): [string, string] => [name, item]) : [[name, value]],
    ),
    ...extra,
  ];
  return new URLSearchParams(pairs).toString();
};

/** Opens the page, then posts the form back with `changes`. */
const save = async (
  handle: ReturnType<typeof setup>['handle'],
  store: Registrations,
  changes: Record<string, string | string[]> = {},
  extra: [string, string][] = [],
) => {
  const page = html(await handle(request('GET')));
  const stored = store.stored.get(ID) as Registration;
  return handle(request('POST', { body: formPost(page, stored, changes, extra) }));
};

describe('GET /kelola/profil', () => {
  it('sends anyone without a session to /kelola', async () => {
    const { handle } = setup();
    const response = await handle(request('GET', { cookies: [] }));
    expect(response.statusCode).toBe(303);
    expect(response.headers?.location).toMatch(/\/kelola$/);
  });

  it('shows the stored profile as a form, with its version, the review warning and no contact', async () => {
    const { handle, store } = setup();
    const response = await handle(request('GET'));
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['cache-control']).toBe('no-store');
    const page = html(response);
    const stored = store.stored.get(ID) as Registration;
    expect(inputValue(page, 'f-name')).toBe(stored.name);
    expect(inputValue(page, 'f-sk-number')).toBe(stored.sk.number);
    expect(inputValue(page, 'f-memberCount')).toBe(String(stored.memberCount));
    expect(hidden(page, 'version')).toBe('2');
    expect(page).toContain('data-testid="review-warning"');
    expect(page).toContain('mengembalikannya ke status');
    expect(page).toContain('Terverifikasi');
    expect(page).toMatch(/<a[^>]*href="\/kelola\/profil"[^>]*aria-current="page"/);
    expect(page).not.toContain('f-contact-email');
    expect(page).not.toContain(stored.contact.email);
  });

  it('tells a rejected registration to use its correction link, and shows no form', async () => {
    const { handle } = setup(verified({ status: 'REJECTED' }));
    const page = html(await handle(request('GET')));
    expect(page).toContain('data-testid="profile-closed"');
    expect(page).not.toContain('name="version"');
  });
});

describe('POST /kelola/profil', () => {
  it('saves a new member count: 303 to the confirmation, still VERIFIED, audited', async () => {
    const { handle, store } = setup();
    const response = await save(handle, store, { memberCount: '40' });
    expect(response.statusCode).toBe(303);
    expect(response.headers?.location).toMatch(/\/kelola\/profil\?tersimpan=memberCount$/);
    const stored = store.stored.get(ID) as Registration;
    expect(stored).toMatchObject({ memberCount: 40, status: 'VERIFIED', version: 3 });
    expect(store.history.at(-1)).toMatchObject({ action: 'UPDATE_PROFILE', changedFields: ['memberCount'] });

    const after = html(await handle(request('GET', { query: { tersimpan: 'memberCount' } })));
    expect(after).toContain('data-testid="profile-saved"');
    expect(after).toContain('jumlah anggota');
    expect(after).toContain('Status KIM tidak berubah.');
    expect(hidden(after, 'version')).toBe('3');
  });

  it('saves a new name: back to review, said after the save', async () => {
    const { handle, store } = setup();
    const response = await save(handle, store, { name: 'KIM Dajan Peken Cerdas' });
    expect(response.headers?.location).toMatch(/\?tersimpan=name&tinjau=1$/);
    expect(store.stored.get(ID)).toMatchObject({ name: 'KIM Dajan Peken Cerdas', status: 'SUBMITTED' });
    expect(store.stored.get(ID)?.reviewedAt).toBeUndefined();

    const after = html(await handle(request('GET', { query: { tersimpan: 'name', tinjau: '1' } })));
    expect(after).toContain('kembali menunggu verifikasi');
    expect(after).toContain('Menunggu verifikasi');
  });

  it('says nothing changed when nothing did, and writes nothing', async () => {
    const { handle, store } = setup();
    const response = await save(handle, store);
    expect(response.headers?.location).toMatch(/\?tersimpan=-$/);
    expect(store.writes).toBe(0);
    expect(html(await handle(request('GET', { query: { tersimpan: '-' } })))).toContain(
      'Tidak ada yang berubah',
    );
  });

  it('does not claim a return to review the registration did not make', async () => {
    const { handle } = setup();
    const page = html(await handle(request('GET', { query: { tersimpan: 'name', tinjau: '1' } })));
    expect(page).not.toContain('kembali menunggu verifikasi');
  });

  it('shows bad fields beside their inputs (400), values kept, nothing written', async () => {
    const { handle, store } = setup();
    const response = await save(handle, store, { memberCount: 'banyak', name: '', focusAreas: [] });
    expect(response.statusCode).toBe(400);
    const page = html(response);
    expect(page).toContain('id="error-summary"');
    expect(page).toMatch(/<title>Kesalahan: Profil KIM/);
    for (const field of ['f-memberCount', 'f-name', 'f-focusAreas']) {
      expect(page, field).toContain(`id="${field}-error"`);
    }
    expect(inputValue(page, 'f-memberCount')).toBe('banyak');
    expect(hidden(page, 'version')).toBe('2');
    expect(store.writes).toBe(0);
    expect(store.stored.get(ID)?.name).toBe(verified().name);
  });

  it('refuses a contact sent along (400) and writes nothing', async () => {
    const { handle, store } = setup();
    const response = await save(handle, store, {}, [['contact.email', 'baru@example.id']]);
    expect(response.statusCode).toBe(400);
    expect(html(response)).toContain('Kontak tidak dapat diubah');
    expect(store.writes).toBe(0);
  });

  it('answers a profile changed meanwhile with 409 and the data stored now', async () => {
    const { handle, store } = setup();
    const page = html(await handle(request('GET')));
    const opened = store.stored.get(ID) as Registration;
    // Someone else saves first.
    store.stored.set(ID, { ...opened, memberCount: 55, version: 3 });
    const response = await handle(request('POST', { body: formPost(page, opened, { memberCount: '41' }) }));
    expect(response.statusCode).toBe(409);
    const answer = html(response);
    expect(answer).toContain('data-testid="profile-changed-meanwhile"');
    expect(inputValue(answer, 'f-memberCount')).toBe('55');
    expect(hidden(answer, 'version')).toBe('3');
    expect(store.stored.get(ID)?.memberCount).toBe(55);
  });

  it('answers an SK claim held by another KIM with 409 beside the SK number, nothing written', async () => {
    const other = fixtureRegistration(OTHER, { sk: { number: '141/99/DP/2025', date: '2025-06-02' } });
    const { handle, store } = setup(verified(), {
      ...other,
      skNumberNormalized: normalizeSkNumber('141/99/DP/2025'),
    });
    const response = await save(handle, store, { 'sk.number': '141/99/DP/2025' });
    expect(response.statusCode).toBe(409);
    const page = html(response);
    expect(page).toContain('id="f-sk-number-error"');
    expect(page).toContain('sudah terdaftar');
    expect(inputValue(page, 'f-sk-number')).toBe('141/99/DP/2025');
    expect(store.writes).toBe(0);
  });

  it('adds a board row without saving', async () => {
    const { handle, store } = setup();
    const before = (store.stored.get(ID) as Registration).officers.length;
    const response = await save(handle, store, { memberCount: '41' }, [['_action', 'addOfficer']]);
    expect(response.statusCode).toBe(200);
    expect(html(response)).toContain(`id="f-officers-${before}-name"`);
    expect(inputValue(html(response), 'f-memberCount')).toBe('41');
    expect(store.writes).toBe(0);
  });

  it('refuses a post without the session’s token, or from another site (403), writing nothing', async () => {
    const other = fixtureRegistration(OTHER, { sk: { number: '141/99/DP/2025', date: '2025-06-02' } });
    const { handle, store } = setup(verified(), other);
    const page = html(await handle(request('GET')));
    const stored = store.stored.get(ID) as Registration;
    const body = formPost(page, stored, { memberCount: '41' });
    const withoutToken = body.replace(/_csrf=[^&]*/, '_csrf=forged');
    expect((await handle(request('POST', { body: withoutToken }))).statusCode).toBe(403);
    expect((await handle(request('POST', { body, origin: 'https://evil.example' }))).statusCode).toBe(403);
    // This session's token under another KIM's session fits nothing.
    expect((await handle(request('POST', { body, cookies: [session(OTHER)] }))).statusCode).toBe(403);
    expect(store.writes).toBe(0);
  });

  it('answers 409 with the closed page for a registration that cannot be updated', async () => {
    const { handle, store } = setup(verified({ status: 'DEACTIVATED' }));
    const page = html(await handle(request('GET')));
    const response = await handle(
      request('POST', { body: formPost(page, verified(), {}, [['version', '2']]) }),
    );
    expect(response.statusCode).toBe(409);
    expect(html(response)).toContain('dinonaktifkan');
    expect(store.writes).toBe(0);
  });
});
