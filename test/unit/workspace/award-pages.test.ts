import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, Entry } from '../../../shared/awards/model.js';
import type { AwardStore, KimCandidate } from '../../../shared/awards/ports.js';
import { type Round, roundInputSchema } from '../../../shared/awards/round.js';
import type { AwardDeps } from '../../../shared/awards/round-access.js';
import { router } from '../../../shared/platform/http/router.js';
import { pageHandler } from '../../../shared/platform/web/page-handler.js';
import { awardRoutes } from '../../../shared/workspace/award-routes.js';
import { WorkspaceErrorPage } from '../../../shared/workspace/pages.js';
import {
  openSessionCookie,
  readWorkspaceSession,
  workspaceCsrfToken,
} from '../../../shared/workspace/session.js';
import { apiEvent, lambdaContext } from '../../fixtures/api-event.js';
import { awardRoundBody } from '../../fixtures/award-round.js';
import { fixedClock } from '../../fixtures/clock.js';
import { fixtureRegistration } from '../../fixtures/registration.js';

const SECRET = 'a-form-secret-of-at-least-thirty-two-characters';
const NOW = '2026-11-21T02:00:00.000Z';
const ID = '01JZ0000000000000000000001';
const HOST = 'abc123.execute-api.ap-southeast-3.amazonaws.com';
const OPEN = '01KA0000000000000000000001';
const AUTOMATIC = '01KA0000000000000000000002';
const ELSEWHERE = '01KA0000000000000000000003';
const CLOSED = '01KA0000000000000000000004';
const STATEMENT = 'KIM kami rutin menyebarkan informasi harga gabah dan jadwal posyandu.';

const roundOf = (id: string, regionCode: string, patch: Record<string, unknown> = {}): Round =>
  ({
    ...(roundInputSchema().parse(awardRoundBody({ entryMode: 'SELF_ENTRY', ...patch })) as Omit<
      Round,
      'id' | 'regionCode'
    >),
    id,
    name: `Babak ${id.slice(-1)}`,
    regionCode,
    status: 'OPEN',
    createdAt: '2026-10-01T00:00:00.000Z',
    createdBy: { role: 'admin', sub: 'a-1', username: 'admin' },
    version: 1,
  }) as Round;

const setup = (kim: Partial<KimCandidate> = {}) => {
  const rounds = [
    roundOf(OPEN, '51.02'),
    roundOf(AUTOMATIC, '51.02', { entryMode: 'AUTOMATIC' }),
    roundOf(ELSEWHERE, '51.03'),
    roundOf(CLOSED, '51.02', {
      entryWindow: { opensAt: '2026-10-01T00:00:00+08:00', closesAt: '2026-11-01T00:00:00+08:00' },
    }),
  ];
  const entries = new Map<string, Entry>();
  const audits: AuditEntry[] = [];
  const store = {
    listRounds: async () => ({ items: rounds, nextCursor: null }),
    getRound: async (id: string) => rounds.find((round) => round.id === id),
    getEntry: async (roundId: string, entryId: string) => entries.get(`${roundId}/${entryId}`),
    addEntry: async (entry: Entry, audit: AuditEntry) => {
      const key = `${entry.roundId}/${entry.id}`;
      if (entries.has(key)) return 'exists';
      entries.set(key, entry);
      audits.push(audit);
      return 'written';
    },
  } as unknown as AwardStore;
  const candidate: KimCandidate = {
    id: ID,
    name: 'KIM Maju Bersama',
    villageCode: '51.02.05.2001',
    villageName: 'Kediri',
    districtCode: '51.02.05',
    status: 'VERIFIED',
    formedOn: '2025-01-10',
    profileCompleteness: { filled: 8, total: 10 },
    ...kim,
  };
  const clock = fixedClock(NOW);
  let next = 0;
  const awards = {
    store,
    kims: { get: async (id: string) => (id === ID ? candidate : undefined) },
    regions: {},
    clock,
    newId: () => `01KB${String(++next).padStart(22, '0')}`,
    scope: '51',
  } as unknown as AwardDeps;
  const registration = fixtureRegistration(ID, { status: 'VERIFIED' });
  const handler = pageHandler(
    router(
      awardRoutes({
        formSecret: SECRET,
        clock,
        registrationReader: { get: async (id: string) => (id === ID ? registration : undefined) },
        awards,
      }),
    ),
    WorkspaceErrorPage,
  );
  return { handler, entries, audits };
};

const session = () => {
  const cookie = (openSessionCookie(SECRET, ID, { secure: true, now: new Date(NOW) }).split(';')[0] ??
    '') as string;
  const probe = { cookies: [cookie], headers: { host: HOST, 'x-forwarded-proto': 'https' } };
  const opened = readWorkspaceSession(SECRET, probe as unknown as APIGatewayProxyEventV2, new Date(NOW));
  if (!opened) throw new Error('no session');
  return { cookie, csrf: workspaceCsrfToken(SECRET, opened) };
};

type Handler = ReturnType<typeof setup>['handler'];

const get = (
  handler: Handler,
  path: string,
  options: { cookie?: string; query?: Record<string, string> } = {},
) => {
  const roundId = path.split('/')[3];
  const event = apiEvent({
    routeKey: roundId === undefined ? 'GET /kelola/penghargaan' : 'GET /kelola/penghargaan/{roundId}',
    path,
    headers: { accept: 'text/html' },
    ...(roundId === undefined ? {} : { pathParameters: { roundId } }),
    ...(options.cookie === undefined ? {} : { cookies: [options.cookie] }),
  });
  return handler(
    { ...event, ...(options.query ? { queryStringParameters: options.query } : {}) },
    lambdaContext(),
  );
};

const post = (
  handler: Handler,
  roundId: string,
  form: Record<string, string>,
  options: { cookie: string; origin?: string; query?: string },
) =>
  handler(
    apiEvent({
      method: 'POST',
      routeKey: 'POST /kelola/penghargaan/{roundId}',
      path: `/kelola/penghargaan/${roundId}`,
      headers: {
        origin: options.origin ?? `https://${HOST}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(form).toString(),
      cookies: [options.cookie],
      pathParameters: { roundId },
    }),
    lambdaContext(),
  );

const bodyOf = (response: Awaited<ReturnType<Handler>>) => String(response.body);

describe('the workspace award pages', () => {
  it('send anyone without a session to /kelola, and refuse a post from another site or without the token', async () => {
    const { handler, entries } = setup();
    const signedOut = await get(handler, '/kelola/penghargaan');
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers?.location).toBe('/kelola');
    const { cookie, csrf } = session();
    const foreign = await post(
      handler,
      OPEN,
      { _csrf: csrf, statement: STATEMENT },
      {
        cookie,
        origin: 'https://evil.example',
      },
    );
    expect(foreign.statusCode).toBe(403);
    const tokenless = await post(handler, OPEN, { statement: STATEMENT }, { cookie });
    expect(tokenless.statusCode).toBe(403);
    expect(entries.size).toBe(0);
  });

  it('list only the open self-entry rounds of the KIM’s region, not entered yet, never stored by a cache', async () => {
    const { handler } = setup();
    const { cookie } = session();
    const page = await get(handler, '/kelola/penghargaan', { cookie });
    expect(page.statusCode).toBe(200);
    expect(page.headers?.['cache-control']).toBe('no-store');
    const html = bodyOf(page);
    expect(html).toContain(`data-round="${OPEN}"`);
    for (const other of [AUTOMATIC, ELSEWHERE, CLOSED]) expect(html).not.toContain(`data-round="${other}"`);
    expect(html).toContain('Belum terdaftar');
    expect(html).toContain(`href="/kelola/penghargaan/${OPEN}"`);
    expect(html).toContain('aria-current');
    // Rounds it may not enter are not found.
    for (const other of [AUTOMATIC, ELSEWHERE, CLOSED, 'not-an-id']) {
      expect((await get(handler, `/kelola/penghargaan/${other}`, { cookie })).statusCode).toBe(404);
    }
  });

  it('enter with a statement through enterSelf, then show the entry; the same post again changes nothing', async () => {
    const { handler, entries, audits } = setup();
    const { cookie, csrf } = session();
    const entered = await post(handler, OPEN, { _csrf: csrf, statement: STATEMENT }, { cookie });
    expect(entered.statusCode).toBe(303);
    expect(entered.headers?.location).toBe(`/kelola/penghargaan?terdaftar=${OPEN}`);
    expect(entries.get(`${OPEN}/${ID}`)).toMatchObject({
      source: 'SELF',
      statement: STATEMENT,
      eligible: true,
    });
    expect(audits).toHaveLength(1);
    const list = bodyOf(await get(handler, '/kelola/penghargaan', { cookie, query: { terdaftar: OPEN } }));
    expect(list).toContain('data-testid="award-entered"');
    expect(list).toContain('Terdaftar (pendaftaran mandiri)');
    const round = bodyOf(await get(handler, `/kelola/penghargaan/${OPEN}`, { cookie }));
    expect(round).not.toContain('data-testid="entry-form"');
    expect(round).toContain(STATEMENT);
    const again = await post(handler, OPEN, { _csrf: csrf, statement: STATEMENT }, { cookie });
    expect(again.statusCode).toBe(303);
    expect(entries.size).toBe(1);
    expect(audits).toHaveLength(1);
    const other = await post(handler, OPEN, { _csrf: csrf, statement: `${STATEMENT} Lagi.` }, { cookie });
    expect(other.statusCode).toBe(409);
    expect(bodyOf(other)).toContain('pernyataan tidak dapat diubah');
  });

  it('show a bad statement’s error beside the field with the statement kept, and write nothing', async () => {
    const { handler, entries } = setup();
    const { cookie, csrf } = session();
    for (const statement of ['Terlalu pendek.', 'x'.repeat(1001), '']) {
      const refused = await post(handler, OPEN, { _csrf: csrf, statement }, { cookie });
      expect(refused.statusCode).toBe(400);
      const html = bodyOf(refused);
      expect(html).toContain('id="f-statement-error"');
      expect(html).toContain('aria-invalid="true"');
      expect(html).toContain('href="#f-statement"');
      if (statement !== '') expect(html).toContain(`>${statement}</textarea>`);
    }
    expect(entries.size).toBe(0);
  });

  it('show the reasons an ineligible KIM may not enter (Indonesian, or English on the English page), and write nothing', async () => {
    const { handler, entries } = setup({ status: 'SUBMITTED', formedOn: '2026-10-01' });
    const { cookie, csrf } = session();
    const refused = await post(handler, OPEN, { _csrf: csrf, statement: STATEMENT }, { cookie });
    expect(refused.statusCode).toBe(422);
    const html = bodyOf(refused);
    expect(html).toContain('data-testid="ineligible"');
    expect((html.match(/<li>/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(html).toContain(`>${STATEMENT}</textarea>`);
    expect(entries.size).toBe(0);
  });
});
