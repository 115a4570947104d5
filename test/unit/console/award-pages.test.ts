import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { AwardStore } from '../../../shared/awards/ports.js';
import { type Round, roundInputSchema } from '../../../shared/awards/round.js';
import type { AwardDeps } from '../../../shared/awards/round-access.js';
import {
  type AwardPageDeps,
  awardRoutes,
  conflictsBodyOf,
  flattenForm,
  labelOf,
  roundBodyOf,
  scoresBodyOf,
} from '../../../shared/console/award-pages.js';
import type { AccessTokenVerifier, IdentityProvider } from '../../../shared/console/ports.js';
import {
  currentSession,
  finishSignIn,
  sessionCsrfToken,
  startSignIn,
} from '../../../shared/console/sign-in.js';
import { ForbiddenError } from '../../../shared/platform/errors.js';
import { describeIssues } from '../../../shared/platform/validation/messages.js';
import { CsrfRejectedError } from '../../../shared/platform/web/csrf.js';
import { awardRoundBody } from '../../fixtures/award-round.js';

describe('the round form as the API body', () => {
  const row = (id: string, name: string, weight: string) => ({ id, name, weight });
  const blank = row('', '', '');

  it('leaves blank rubric rows and tie-break slots out, turns whole numbers into numbers, and checkboxes into booleans', () => {
    const { body } = roundBodyOf({
      name: ' Penghargaan KIM 2026 ',
      regionCode: '',
      activityPeriod: { start: '2026-01-01', end: '2026-11-30' },
      entryWindow: { opensAt: '2026-11-01T00:00:00+08:00', closesAt: '2026-12-01T00:00:00+08:00' },
      judgingWindow: { opensAt: '2026-12-01T00:00:00+08:00', closesAt: '2026-12-15T00:00:00+08:00' },
      eligibility: { verified: 'ya', minActivityReports: '', minMonthsSinceFormation: '6' },
      entryMode: 'AUTOMATIC',
      missingScoreRule: 'ALL_SCORES_REQUIRED',
      tieBreak: ['', 'EARLIER_ENTRY', ''],
      criteria: [row('administrasi', 'Administrasi', '60'), blank, row('kegiatan', 'Kegiatan', '40'), blank],
    });
    expect(body).toEqual({
      name: 'Penghargaan KIM 2026',
      activityPeriod: { start: '2026-01-01', end: '2026-11-30' },
      entryWindow: { opensAt: '2026-11-01T00:00:00+08:00', closesAt: '2026-12-01T00:00:00+08:00' },
      judgingWindow: { opensAt: '2026-12-01T00:00:00+08:00', closesAt: '2026-12-15T00:00:00+08:00' },
      eligibility: { verified: true, termNotExpired: false, minMonthsSinceFormation: 6 },
      entryMode: 'AUTOMATIC',
      missingScoreRule: 'ALL_SCORES_REQUIRED',
      tieBreak: ['EARLIER_ENTRY'],
      criteria: [
        { id: 'administrasi', name: 'Administrasi', weight: 60 },
        { id: 'kegiatan', name: 'Kegiatan', weight: 40 },
      ],
    });
    expect(roundInputSchema().safeParse(body).success).toBe(true);
  });

  it('puts the schema’s errors on the form rows they came from, and keeps a non-number as typed for the schema to refuse', () => {
    const { body, place } = roundBodyOf({
      ...awardRoundBody(),
      eligibility: {},
      tieBreak: ['', '', 'EARLIER_ENTRY'],
      criteria: [
        blank,
        blank,
        row('Administrasi', 'Administrasi', '60'),
        row('kegiatan', 'Kegiatan', 'empat puluh'),
      ],
    } as never);
    const result = roundInputSchema().safeParse(body, { reportInput: true });
    expect(result.success).toBe(false);
    const fields = place(describeIssues(result.error?.issues ?? [])).map((error) => error.field);
    expect(fields).toContain('criteria[2].id');
    expect(fields).toContain('criteria[3].weight');
    expect(fields).not.toContain('criteria[0].id');
  });
});

describe('the scoring and conflict forms as API bodies', () => {
  it('sends the criteria given a score or a note, a score of 101 as 101 (the schema refuses it), on its row', () => {
    const { body, place } = scoresBodyOf({
      scores: [
        { criterionId: 'administrasi', score: '', note: '' },
        { criterionId: 'kegiatan', score: '101', note: ' Aktif ' },
        { criterionId: 'produk', score: 'x', note: '' },
      ],
    });
    expect(body).toEqual({
      scores: [
        { criterionId: 'kegiatan', score: 101, note: 'Aktif' },
        { criterionId: 'produk', score: 'x' },
      ],
    });
    expect(
      place([
        { field: 'scores[0].score', message: 'm', messageEn: 'm' },
        { field: 'scores[1].score', message: 'm', messageEn: 'm' },
        { field: 'scores', message: 'm', messageEn: 'm' },
      ]).map((error) => error.field),
    ).toEqual(['scores[1].score', 'scores[2].score', 'scores']);
  });

  it('splits village codes on spaces and commas', () => {
    expect(conflictsBodyOf({ villageCodes: ' 51.02.05.2006, 51.02.01.2001\n51.02.01.2002 ' })).toEqual({
      villageCodes: ['51.02.05.2006', '51.02.01.2001', '51.02.01.2002'],
    });
    expect(conflictsBodyOf({})).toEqual({ villageCodes: [] });
  });

  it('shows posted values again by field path, and names rows in the error summary', () => {
    expect(flattenForm({ a: 'x', criteria: [{ id: 'k' }, { id: '' }] })).toEqual({
      a: 'x',
      'criteria[0].id': 'k',
      'criteria[1].id': '',
    });
    expect(labelOf('criteria[1].weight', 'id')).toBe('Kriteria 2 – Bobot');
    expect(labelOf('scores[0].score', 'en')).toBe('Criterion 1 – Score');
    expect(labelOf('tieBreak[2]', 'id')).toBe('Aturan ke-3');
    expect(labelOf('judgingWindow.closesAt', 'en')).toBe('Closes');
  });
});

// ---------------------------------------------------------------------------------------------
// The handlers: the session and the CSRF token come first, and the use cases' access rules hold.

const SECRET = 's'.repeat(64);

const identity: IdentityProvider = {
  browserOrigin: 'https://login.example',
  authorizeUrl: ({ state, codeChallenge }) =>
    `https://login.example/oauth2/authorize?state=${state}&c=${codeChallenge}`,
  exchangeCode: async ({ code }) =>
    code === 'good' ? { accessToken: 'access-1', refreshToken: 'refresh-1' } : undefined,
  refresh: async () => ({ accessToken: 'access-2' }),
  revoke: async () => {},
  logoutUrl: (to) => `https://login.example/logout?logout_uri=${encodeURIComponent(to)}`,
};

const tokens: AccessTokenVerifier = {
  verify: async () => ({
    kind: 'valid',
    claims: { sub: 'u-1', username: 'ppid.kediri', 'cognito:groups': ['ppid'], region_code: '51.02.05' },
    expiresAt: 0,
  }),
};

const ROUND_ID = ulid();
const round = {
  ...(roundInputSchema().parse(awardRoundBody()) as Omit<Round, 'id' | 'regionCode'>),
  id: ROUND_ID,
  regionCode: '51.02',
  status: 'OPEN',
  createdAt: '2026-11-01T00:00:00.000Z',
  createdBy: { role: 'admin', sub: 'a-1', username: 'admin' },
  version: 1,
} as Round;

/** A store that answers the round and no juror, and records every other call (there must be none). */
const recordingStore = () => {
  const calls: string[] = [];
  const store = new Proxy({} as AwardStore, {
    get: (_, name: string) => {
      if (name === 'then') return undefined;
      return async () => {
        calls.push(name);
        if (name === 'getRound') return round;
        return undefined;
      };
    },
  });
  return { store, calls };
};

const deps = (store: AwardStore): AwardPageDeps => ({
  identity,
  tokens,
  formSecret: SECRET,
  scope: '51.02',
  baseUrl: 'https://kim.example.id',
  awards: {
    store,
    clock: { now: () => new Date('2026-12-05T00:00:00Z') },
    newId: ulid,
    scope: '51.02',
  } as unknown as AwardDeps,
});

const event = (
  method: 'GET' | 'POST',
  routeKey: string,
  path: string,
  options: { cookies?: string[]; body?: string; origin?: string; params?: Record<string, string> } = {},
): APIGatewayProxyEventV2 =>
  ({
    routeKey: `${method} ${routeKey}`,
    rawPath: path,
    rawQueryString: '',
    cookies: options.cookies,
    pathParameters: options.params,
    body: options.body,
    isBase64Encoded: false,
    headers: {
      host: 'kim.example.id',
      'x-forwarded-proto': 'https',
      ...(options.body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      ...(options.origin ? { origin: options.origin } : {}),
    },
    requestContext: { http: { method } },
  }) as unknown as APIGatewayProxyEventV2;

const jar = (setCookies: readonly string[] | undefined) =>
  (setCookies ?? []).map((cookie) => cookie.split(';')[0] ?? '').filter((pair) => !pair.endsWith('='));

const signIn = async (d: AwardPageDeps) => {
  const start = startSignIn(d, event('GET', '/konsol/masuk', '/konsol/masuk'), '/konsol/penghargaan');
  const state = new URL(String(start.headers?.location)).searchParams.get('state') ?? '';
  const callback = event('GET', '/konsol/masuk/kembali', '/konsol/masuk/kembali', {
    cookies: jar(start.cookies),
  });
  const done = await finishSignIn(d, {
    ...callback,
    queryStringParameters: { code: 'good', state },
  } as APIGatewayProxyEventV2);
  return jar(done?.cookies);
};

describe('the award page handlers', () => {
  const ROUND = '/konsol/penghargaan/{roundId}';
  const params = { roundId: ROUND_ID, entryId: ulid() };

  it('send a caller without a session to sign in, and touch no award data', async () => {
    const { store, calls } = recordingStore();
    const routes = awardRoutes(deps(store));
    const answer = await routes[`GET ${ROUND}`]?.(
      event('GET', ROUND, `/konsol/penghargaan/${ROUND_ID}`, { params }),
    );
    expect(answer?.statusCode).toBe(303);
    expect(String(answer?.headers?.location)).toMatch(/^\/konsol\/masuk\?kembali=/);
    expect(calls).toEqual([]);
  });

  it('refuse a post from another site or without the session’s token (403) before any use case runs', async () => {
    const { store, calls } = recordingStore();
    const d = deps(store);
    const routes = awardRoutes(d);
    const cookies = await signIn(d);
    const path = `/konsol/penghargaan/${ROUND_ID}/peserta/${params.entryId}`;
    const key = `${ROUND}/peserta/{entryId}`;
    const body = 'scores[0].criterionId=administrasi&scores[0].score=80';
    await expect(
      routes[`POST ${key}`]?.(
        event('POST', key, path, { cookies, body, params, origin: 'https://evil.example' }),
      ),
    ).rejects.toBeInstanceOf(CsrfRejectedError);
    await expect(
      routes[`POST ${key}`]?.(
        event('POST', key, path, { cookies, body, params, origin: 'https://kim.example.id' }),
      ),
    ).rejects.toBeInstanceOf(CsrfRejectedError);
    expect(calls).toEqual([]);
  });

  it('hold the use cases’ access rules: a PPID officer who is no juror of the round may neither read nor score it', async () => {
    const { store, calls } = recordingStore();
    const d = deps(store);
    const routes = awardRoutes(d);
    const cookies = await signIn(d);
    await expect(
      routes[`GET ${ROUND}`]?.(event('GET', ROUND, `/konsol/penghargaan/${ROUND_ID}`, { cookies, params })),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      routes[`GET ${ROUND}/peringkat`]?.(
        event('GET', `${ROUND}/peringkat`, `/konsol/penghargaan/${ROUND_ID}/peringkat`, { cookies, params }),
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    // A genuine score post (this session's token) by a non-juror: refused by submitScores itself.
    const session = await currentSession(
      d,
      event('GET', ROUND, `/konsol/penghargaan/${ROUND_ID}`, { cookies }),
    );
    if (session === undefined) throw new Error('no session');
    const key = `${ROUND}/peserta/{entryId}`;
    const body = new URLSearchParams({
      _csrf: sessionCsrfToken(d, session),
      'scores[0].criterionId': 'administrasi',
      'scores[0].score': '80',
    }).toString();
    await expect(
      routes[`POST ${key}`]?.(
        event('POST', key, `/konsol/penghargaan/${ROUND_ID}/peserta/${params.entryId}`, {
          cookies,
          body,
          params,
          origin: 'https://kim.example.id',
        }),
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect([...new Set(calls)].sort()).toEqual(['getJuror', 'getRound']);
  });
});
