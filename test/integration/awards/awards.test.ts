import { monotonicFactory } from 'ulid';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { DynamoDbAwardStore } from '../../../shared/awards/dynamodb/award-store.js';
import { rankEntries } from '../../../shared/awards/ranking.js';
import { toRankingView } from '../../../shared/awards/ranking-view.js';
import { registryKims } from '../../../shared/awards/registry-kims.js';
import type { Round } from '../../../shared/awards/round.js';
import { httpHandler } from '../../../shared/platform/http/handler.js';
import { DynamoDbRegionStore } from '../../../shared/regions/dynamodb/region-store.js';
import { seededTable, tableRegistrations } from '../../fixtures/admin-deps.js';
import { ADMIN_SUB, ppidClaims, ppidSub } from '../../fixtures/admin-event.js';
import { awardRoundBody, awardRouteCaller, type Loose } from '../../fixtures/award-round.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { localDynamoDbClient } from '../../fixtures/dynamodb.js';
import { fixtureRegistration } from '../../fixtures/registration.js';

vi.stubEnv('TABLE_NAME', 'set-per-test');
vi.stubEnv('SCOPE_CODE', '51.02');
const { manageAwards } = await import('../../../functions/awards/awards.js');
const { judgeAwards } = await import('../../../functions/awards/judging.js');

const client = localDynamoDbClient(inject('dynamoEndpoint'));
let tableName: string;
let handler: ReturnType<typeof httpHandler>;
let judging: ReturnType<typeof httpHandler>;
let output: CapturedOutput;
let now = new Date('2026-11-10T00:00:00Z');

const JUROR_A = ppidClaims('51.02.05');
const JUROR_B = ppidClaims('51.02.01');
const OUTSIDER = ppidClaims('51.02.02');

/** The KIM of the round: [village, village name, district, status, SK date]. */
const KIM = [
  ['51.02.05.2006', 'Dajan Peken', '51.02.05', 'VERIFIED', '2025-01-10'],
  ['51.02.01.2001', 'Bajera', '51.02.01', 'VERIFIED', '2025-02-10'],
  ['51.02.01.2002', 'Wanagiri', '51.02.01', 'VERIFIED', '2025-03-10'],
  ['51.02.01.2003', 'Pupuan Sawah', '51.02.01', 'VERIFIED', '2025-10-01'],
  ['51.02.01.2004', 'Berembeng', '51.02.01', 'REJECTED', '2025-01-10'],
] as const;
const ids: string[] = [];

beforeAll(async () => {
  output = captureOutput();
  tableName = await seededTable(client, 'kim-awards');
  const registrations = tableRegistrations(client, tableName);
  const newId = monotonicFactory();
  for (const [villageCode, villageName, districtCode, status, date] of KIM) {
    const base = fixtureRegistration(newId());
    const outcome = await registrations.create({
      ...base,
      name: `KIM ${villageName}`,
      villageCode,
      villageName,
      districtCode,
      status,
      sk: { ...base.sk, date },
    });
    if (outcome.kind !== 'created') throw new Error(`seed failed: ${outcome.kind}`);
    ids.push(outcome.id);
  }
  const core = {
    store: new DynamoDbAwardStore(client, tableName),
    clock: { now: () => now },
    newId: monotonicFactory(),
    scope: '51.02',
  };
  handler = httpHandler(
    manageAwards({
      ...core,
      kims: registryKims(registrations),
      registrations,
      regions: new DynamoDbRegionStore(client, tableName),
    }),
  );
  judging = httpHandler(judgeAwards(core));
});
afterAll(() => {
  output.restore();
});

const call = awardRouteCaller((routeKey) =>
  judgeAwards({} as never).routeKeys.includes(routeKey) ? judging : handler,
);

const ROUND = '/admin/awards/rounds/{roundId}';
let roundId: string;

const scoresOf = (entryId: string, claims: Record<string, unknown>, values: number[], note?: string) =>
  call(
    'PUT',
    `${ROUND}/entries/{entryId}/scores`,
    { roundId, entryId },
    {
      claims,
      body: {
        scores: ['administrasi', 'kegiatan', 'produk-informasi', 'media-sosial', 'kemitraan'].map(
          (criterionId, index) => ({
            criterionId,
            score: values[index] ?? 0,
            ...(note === undefined ? {} : { note }),
          }),
        ),
      },
    },
  );

const audit = async () => (await call('GET', `${ROUND}/audit`, { roundId })).body.items as Loose[];

describe('award rounds over DynamoDB Local', () => {
  it('creates a round for the regency (admin only), refusing bad fields (400) and unsupported rules (422)', async () => {
    expect(
      (await call('POST', '/admin/awards/rounds', {}, { body: awardRoundBody(), claims: JUROR_A })).status,
    ).toBe(403);
    const bad = await call(
      'POST',
      '/admin/awards/rounds',
      {},
      { body: awardRoundBody({ regionCode: '52.01' }) },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('regionCode');
    const unsupported = await call(
      'POST',
      '/admin/awards/rounds',
      {},
      {
        body: awardRoundBody({
          eligibility: { verified: true, termNotExpired: true, minActivityReports: 3 },
          tieBreak: ['MORE_ACTIVITY_REPORTS'],
        }),
      },
    );
    expect(unsupported).toMatchObject({
      status: 422,
      body: { unsupported: 'eligibility.termNotExpired, eligibility.minActivityReports, tieBreak[0]' },
    });
    expect(unsupported.body.message).toMatch(/belum didukung/);
    expect(unsupported.body.messageEn).toMatch(/not yet supported/);

    const created = await call('POST', '/admin/awards/rounds', {}, { body: awardRoundBody() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ regionCode: '51.02', status: 'OPEN' });
    roundId = created.body.id;

    const listed = await call('GET', '/admin/awards/rounds');
    expect(listed.body.items.map((round: Round) => round.id)).toEqual([roundId]);
  });

  it('assigns jurors once: assigning again changes nothing and adds no audit entry', async () => {
    for (const claims of [JUROR_A, JUROR_B]) {
      const sub = String(claims.sub);
      const assigned = await call(
        'PUT',
        `${ROUND}/jurors/{sub}`,
        { roundId, sub },
        { body: { username: claims.username } },
      );
      expect(assigned.status).toBe(201);
    }
    const again = await call(
      'PUT',
      `${ROUND}/jurors/{sub}`,
      { roundId, sub: String(JUROR_A.sub) },
      { body: { username: 'x' } },
    );
    expect(again).toMatchObject({ status: 200, body: { username: JUROR_A.username } });
    expect((await audit()).filter((entry) => entry.action === 'ASSIGN_JUROR')).toHaveLength(2);

    const mine = await call('GET', '/admin/awards/rounds', {}, { claims: JUROR_A });
    expect(mine.body.items.map((round: Round) => round.id)).toEqual([roundId]);
    expect((await call('GET', ROUND, { roundId }, { claims: OUTSIDER })).status).toBe(403);
    expect((await call('GET', '/admin/awards/rounds', {}, { claims: OUTSIDER })).body.items).toEqual([]);
  });

  it('enters the region’s KIM automatically, listing the ineligible ones with their reasons, once', async () => {
    const report = await call('POST', `${ROUND}/entries/automatic`, { roundId });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ entered: 5, alreadyEntered: 0, eligible: 3 });
    expect(
      report.body.ineligible.map((item: { id: string; reasons: Array<{ code: string }> }) => [
        item.id,
        item.reasons.map((reason) => reason.code),
      ]),
    ).toEqual(
      expect.arrayContaining([
        [ids[3], ['FORMED_TOO_RECENTLY']],
        [ids[4], ['NOT_VERIFIED']],
      ]),
    );
    const again = await call('POST', `${ROUND}/entries/automatic`, { roundId });
    expect(again.body).toMatchObject({ entered: 0, alreadyEntered: 5, eligible: 3 });
    expect((await audit()).filter((entry) => entry.action === 'ADD_ENTRY')).toHaveLength(5);

    const refused = await call('POST', `${ROUND}/entries`, { roundId }, { body: { registrationId: ids[3] } });
    expect(refused).toMatchObject({
      status: 422,
      body: { registrationId: ids[3], reasons: 'FORMED_TOO_RECENTLY' },
    });
    expect(refused.body.message).toMatch(/dibentuk 2025-10-01/);
    const twice = await call('POST', `${ROUND}/entries`, { roundId }, { body: { registrationId: ids[0] } });
    expect(twice).toMatchObject({ status: 200, body: { id: ids[0], source: 'AUTOMATIC' } });
    const elsewhere = await call(
      'POST',
      `${ROUND}/entries`,
      { roundId },
      { body: { registrationId: 'nope' } },
    );
    expect(elsewhere).toMatchObject({ status: 400, body: { errors: [{ field: 'registrationId' }] } });
    const entries = (await call('GET', `${ROUND}/entries`, { roundId })).body.items;
    expect(entries).toHaveLength(5);
    expect(JSON.stringify(entries)).not.toMatch(/@|\+62|08\d{8}/);
  });

  it('refuses scores before judging opens, and a conflict of interest', async () => {
    expect((await scoresOf(ids[0] ?? '', JUROR_A, [80, 80, 80, 80, 80])).body).toMatchObject({
      window: 'judgingWindow',
    });
    now = new Date('2026-12-02T00:00:00Z');
    const declared = await call(
      'POST',
      `${ROUND}/conflicts`,
      { roundId },
      { claims: JUROR_A, body: { villageCodes: ['51.02.05.2006'] } },
    );
    expect(declared).toMatchObject({ status: 200, body: { conflictVillages: ['51.02.05.2006'] } });
    const conflicted = await scoresOf(ids[0] ?? '', JUROR_A, [80, 80, 80, 80, 80]);
    expect(conflicted.status).toBe(403);
    expect(conflicted.body.messageEn).toMatch(/conflict of interest/);
    const outside = await call(
      'POST',
      `${ROUND}/conflicts`,
      { roundId },
      { claims: JUROR_A, body: { villageCodes: ['52.01.01.2001'] } },
    );
    expect(outside.status).toBe(400);
  });

  it('stores a score once however often it is sent, keeps revisions, and hides it from the other juror', async () => {
    const first = await scoresOf(ids[1] ?? '', JUROR_A, [70, 80, 90, 60, 50], 'Dokumentasi rapi');
    expect(first).toMatchObject({ status: 200, body: { changed: true } });
    const same = await Promise.all(
      [1, 2, 3].map(() => scoresOf(ids[1] ?? '', JUROR_A, [70, 80, 90, 60, 50], 'Dokumentasi rapi')),
    );
    expect(same.map((answer) => answer.body.changed)).toEqual([false, false, false]);
    const revised = await scoresOf(ids[1] ?? '', JUROR_A, [75, 80, 90, 60, 50], 'Dokumentasi rapi');
    expect(revised.body.changed).toBe(true);

    // Two jurors at once, the same sheet sent twice concurrently: one SCORE entry each.
    await Promise.all([
      scoresOf(ids[1] ?? '', JUROR_B, [60, 60, 60, 60, 60]),
      scoresOf(ids[1] ?? '', JUROR_B, [60, 60, 60, 60, 60]),
    ]);
    const trail = await audit();
    const scoreEntries = trail.filter((entry) => entry.action === 'SCORE' || entry.action === 'REVISE_SCORE');
    expect(scoreEntries.map((entry) => [entry.action, entry.jurorSub, entry.actor.sub])).toEqual([
      ['SCORE', JUROR_A.sub, JUROR_A.sub],
      ['REVISE_SCORE', JUROR_A.sub, JUROR_A.sub],
      ['SCORE', JUROR_B.sub, JUROR_B.sub],
    ]);
    expect(scoreEntries[1]?.details).toEqual({
      changes: [{ criterionId: 'administrasi', from: 70, to: 75, note: 'Dokumentasi rapi' }],
    });

    const seenByB = (await call('GET', `${ROUND}/entries`, { roundId }, { claims: JUROR_B })).body.items;
    const entryOne = seenByB.find((entry: { id: string }) => entry.id === ids[1]);
    expect(new Set(entryOne.scores.map((score: { jurorSub: string }) => score.jurorSub))).toEqual(
      new Set([JUROR_B.sub]),
    );
    const seenByAdmin = (await call('GET', `${ROUND}/entries`, { roundId })).body.items;
    expect(seenByAdmin.find((entry: { id: string }) => entry.id === ids[1]).scores).toHaveLength(10);

    const ineligible = await scoresOf(ids[3] ?? '', JUROR_B, [60, 60, 60, 60, 60]);
    expect(ineligible.status).toBe(409);
    const unknown = await call(
      'PUT',
      `${ROUND}/entries/{entryId}/scores`,
      { roundId, entryId: ids[2] ?? '' },
      { claims: JUROR_B, body: { scores: [{ criterionId: 'hadiah', score: 10 }] } },
    );
    expect(unknown).toMatchObject({ status: 400, body: { errors: [{ field: 'scores[0].criterionId' }] } });
  });

  it('refuses a conflict declared after scoring an entry of that village', async () => {
    const late = await call(
      'POST',
      `${ROUND}/conflicts`,
      { roundId },
      { claims: JUROR_B, body: { villageCodes: ['51.02.01.2001'] } },
    );
    expect(late).toMatchObject({ status: 409, body: { entryId: ids[1] } });
  });

  it('refuses a score whose juror declared a conflict between the read and the write', async () => {
    const store = new DynamoDbAwardStore(client, tableName);
    const juror = await store.getJuror(roundId, String(JUROR_A.sub));
    if (juror === undefined) throw new Error('no juror');
    expect(juror.version).toBe(2);
    const stale = { ...juror, conflictVillages: [], version: 1 };
    const outcome = await store.saveScoreSheet(
      undefined,
      {
        roundId,
        entryId: ids[0] ?? '',
        jurorSub: juror.sub,
        jurorUsername: juror.username,
        scores: { administrasi: { score: 99 } },
        updatedAt: now.toISOString(),
        version: 1,
      },
      stale,
      {
        id: '01JZZZZZZZZZZZZZZZZZZZZZZZ',
        at: now.toISOString(),
        actor: { role: 'ppid', sub: juror.sub, username: juror.username },
        action: 'SCORE',
        details: {},
      },
      now.toISOString(),
    );
    expect(outcome).toBe('conflict');
    expect(await store.getScoreSheet(roundId, ids[0] ?? '', juror.sub)).toBeUndefined();
  });

  it('publishes only after judging closes, then freezes the round, with the publication in the audit trail', async () => {
    await scoresOf(ids[0] ?? '', JUROR_B, [90, 90, 90, 90, 90]);
    await scoresOf(ids[2] ?? '', JUROR_A, [50, 50, 50, 50, 50]);
    // ids[2] lacks JUROR_B's scores: unranked under ALL_SCORES_REQUIRED.
    expect((await call('POST', `${ROUND}/publish`, { roundId })).body).toMatchObject({
      window: 'judgingWindow',
    });

    now = new Date('2026-12-16T00:00:00Z');
    expect((await scoresOf(ids[2] ?? '', JUROR_B, [50, 50, 50, 50, 50])).body).toMatchObject({
      window: 'judgingWindow',
    });
    const preview = await call('GET', `${ROUND}/ranking`, { roundId });
    const published = await call('POST', `${ROUND}/publish`, { roundId });
    expect(published.status).toBe(200);
    expect(published.body.ranking).toEqual(preview.body.ranking);
    const byEntry = new Map(
      published.body.ranking.entries.map((entry: { entryId: string }) => [entry.entryId, entry]),
    );
    expect(byEntry.get(ids[0])).toMatchObject({ rank: 1, standing: 'COMPLETE', total: { value: '90.00' } });
    expect(byEntry.get(ids[1])).toMatchObject({ rank: 2, standing: 'COMPLETE' });
    expect(byEntry.get(ids[2])).toMatchObject({
      rank: null,
      standing: 'UNRANKED',
      missing: expect.arrayContaining([{ jurorId: JUROR_B.sub, criterionId: 'kegiatan' }]),
    });
    expect(byEntry.has(ids[3])).toBe(false);

    // Everything is frozen: even inside the judging window, even for an admin.
    now = new Date('2026-12-10T00:00:00Z');
    expect((await scoresOf(ids[1] ?? '', JUROR_B, [10, 10, 10, 10, 10])).body).toMatchObject({
      roundStatus: 'PUBLISHED',
    });
    expect((await call('POST', `${ROUND}/publish`, { roundId })).status).toBe(409);
    expect(
      (
        await call(
          'PUT',
          `${ROUND}/jurors/{sub}`,
          { roundId, sub: ppidSub('51.02.03') },
          { body: { username: 'baru' } },
        )
      ).status,
    ).toBe(409);
    expect(
      (
        await call(
          'POST',
          `${ROUND}/conflicts`,
          { roundId },
          { claims: JUROR_B, body: { villageCodes: ['51.02.01.2002'] } },
        )
      ).status,
    ).toBe(409);

    const publication = (await audit()).filter((entry) => entry.action === 'PUBLISH');
    expect(publication).toEqual([
      expect.objectContaining({
        actor: { sub: ADMIN_SUB, username: 'kominfo-admin', role: 'admin' },
        at: '2026-12-16T00:00:00.000Z',
        details: expect.objectContaining({ rankedEntries: 2, unrankedEntries: 1, winners: [ids[0]] }),
      }),
    ]);
  });

  it('keeps a published result that recomputes from the stored scores', async () => {
    const store = new DynamoDbAwardStore(client, tableName);
    const round = await store.getRound(roundId, { consistent: true });
    if (round === undefined) throw new Error('no round');
    const [entries, jurors, sheets, stored] = await Promise.all([
      store.listEntries(roundId),
      store.listJurors(roundId),
      store.listScoreSheets(roundId),
      store.getResult(roundId),
    ]);
    const recomputed = toRankingView(
      rankEntries(
        round,
        entries
          .filter((entry) => entry.eligible)
          .map((entry) => ({
            id: entry.id,
            enteredAt: entry.enteredAt,
            jurors: jurors
              .filter((juror) => !juror.conflictVillages.includes(entry.villageCode))
              .map((juror) => juror.sub),
          })),
        sheets.flatMap((sheet) =>
          Object.entries(sheet.scores).map(([criterionId, score]) => ({
            entryId: sheet.entryId,
            jurorId: sheet.jurorSub,
            criterionId,
            score: score.score,
          })),
        ),
      ),
    );
    expect(stored).toEqual(recomputed);
    expect((await call('GET', `${ROUND}/ranking`, { roundId })).body).toEqual({
      published: true,
      ranking: stored,
    });
  });
});
