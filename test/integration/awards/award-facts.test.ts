import { readSheet } from 'read-excel-file/node';
import { monotonicFactory } from 'ulid';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { DynamoDbReportReader } from '../../../shared/activity-reports/dynamodb/report-reader.js';
import { DynamoDbReportRecords } from '../../../shared/activity-reports/dynamodb/report-records.js';
import type { ActivityReport, ReportType } from '../../../shared/activity-reports/report.js';
import { DynamoDbAwardStore } from '../../../shared/awards/dynamodb/award-store.js';
import { registryKims } from '../../../shared/awards/registry-kims.js';
import { registryActivityReports } from '../../../shared/awards/registry-reports.js';
import { registryTerms } from '../../../shared/awards/registry-terms.js';
import { DynamoDbDocumentRecords } from '../../../shared/documents/dynamodb/document-records.js';
import { DynamoDbTermIndex } from '../../../shared/documents/dynamodb/term-index.js';
import type { SkDocument } from '../../../shared/documents/sk-document.js';
import { httpHandler } from '../../../shared/platform/http/handler.js';
import { DynamoDbRegionStore } from '../../../shared/regions/dynamodb/region-store.js';
import { seededTable, tableRegistrations } from '../../fixtures/admin-deps.js';
import { adminClaims, adminEvent, ppidClaims } from '../../fixtures/admin-event.js';
import { apiEvent, bodyOf, lambdaContext } from '../../fixtures/api-event.js';
import { awardRoundBody, awardRouteCaller, type Loose } from '../../fixtures/award-round.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { localDynamoDbClient } from '../../fixtures/dynamodb.js';
import { FIXTURE_EDIT_TOKEN, fixtureRegistration } from '../../fixtures/registration.js';

vi.stubEnv('TABLE_NAME', 'set-per-test');
vi.stubEnv('SCOPE_CODE', '51.02');
const { manageAwards } = await import('../../../functions/awards/awards.js');
const { judgeAwards } = await import('../../../functions/awards/judging.js');
const { awardScoreSheet } = await import('../../../functions/awards/score-sheet.js');

const client = localDynamoDbClient(inject('dynamoEndpoint'));
let now = new Date('2026-11-10T00:00:00Z');
let handler: ReturnType<typeof httpHandler>;
let judging: ReturnType<typeof httpHandler>;
let sheetHandler: ReturnType<typeof httpHandler>;
const newId = monotonicFactory();
const JUROR = ppidClaims('51.02.05');

/** The KIM: [village, name, district, SK term or none, reports as [date, type, links]]. */
type Seed = readonly [
  string,
  string,
  string,
  SkDocument['term'] | null,
  ReadonlyArray<[string, ReportType, string[]]>,
];
const KIM: readonly Seed[] = [
  [
    '51.02.05.2006',
    'Dajan Peken',
    '51.02.05',
    { start: '2025-01-10', end: '2029-01-09' },
    [
      ['2026-01-01', 'KEMITRAAN_PPID', ['https://kim.example/a']],
      ['2026-06-15', 'PRODUKSI_KONTEN', ['https://kim.example/a', 'https://kim.example/b']],
      ['2026-11-30', 'PENYEBARAN_INFORMASI', []],
      // Outside the activity period (1 January – 30 November 2026): not counted.
      ['2025-12-31', 'KEMITRAAN_PPID', ['https://kim.example/c']],
    ],
  ],
  [
    '51.02.01.2001',
    'Bajera',
    '51.02.01',
    { start: '2025-02-01', end: '2028-01-31' },
    [
      ['2026-03-01', 'PENYEBARAN_INFORMASI', []],
      ['2026-04-01', 'MUSYAWARAH_RAPAT', []],
    ],
  ],
  [
    '51.02.01.2002',
    'Wanagiri',
    '51.02.01',
    { start: '2022-07-01', end: '2025-06-30' },
    [
      ['2026-03-01', 'PENYEBARAN_INFORMASI', []],
      ['2026-04-01', 'PENYEBARAN_INFORMASI', []],
    ],
  ],
  ['51.02.01.2003', 'Pupuan Sawah', '51.02.01', null, [['2026-05-01', 'LAINNYA', []]]],
];
const ids: string[] = [];
let output: CapturedOutput;

beforeAll(async () => {
  output = captureOutput();
  const tableName = await seededTable(client, 'kim-award-facts');
  const registrations = tableRegistrations(client, tableName);
  const reports = new DynamoDbReportRecords(client, tableName, 1000);
  const documents = new DynamoDbDocumentRecords(client, tableName);
  for (const [villageCode, villageName, districtCode, term, activities] of KIM) {
    const base = fixtureRegistration(newId());
    const outcome = await registrations.create({
      ...base,
      name: `KIM ${villageName}`,
      villageCode,
      villageName,
      districtCode,
      status: 'VERIFIED',
      sk: { ...base.sk, date: '2025-01-10' },
    });
    if (outcome.kind !== 'created') throw new Error(`seed failed: ${outcome.kind}`);
    const id = outcome.id;
    ids.push(id);
    for (const [date, type, links] of activities) {
      const report: ActivityReport = {
        registrationId: id,
        reportId: newId(),
        createdAt: '2026-12-01T00:00:00.000Z',
        photos: [],
        date,
        type,
        title: 'Kegiatan KIM',
        description: 'Uraian kegiatan.',
        participants: 12,
        links,
      };
      expect((await reports.create(report, undefined)).kind).toBe('created');
    }
    if (term !== null) {
      const upload = {
        registrationId: id,
        uploadId: newId(),
        status: 'PENDING' as const,
        contentType: 'application/pdf' as const,
        size: 100,
        term,
        sk: { number: base.sk.number, date: term.start },
        createdAt: '2026-01-01T00:00:00.000Z',
      };
      await documents.putUpload(upload);
      const document: SkDocument = {
        registrationId: id,
        versionId: upload.uploadId,
        contentType: 'application/pdf',
        size: 100,
        sha256: 'a'.repeat(64),
        term,
        sk: upload.sk,
        uploadedAt: '2026-01-01T00:00:00.000Z',
      };
      await documents.accept(upload, document, { villageCode, districtCode, regencyCode: '51.02' });
    }
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
      activityReports: registryActivityReports(new DynamoDbReportReader(client, tableName)),
      terms: registryTerms(new DynamoDbTermIndex(client, tableName)),
    }),
  );
  judging = httpHandler(judgeAwards(core));
  sheetHandler = httpHandler(awardScoreSheet(core));
});

afterAll(() => {
  output.restore();
});

const call = awardRouteCaller((routeKey) =>
  judgeAwards({} as never).routeKeys.includes(routeKey) ? judging : handler,
);

const SELF = '/registrations/{id}/award-entries/{roundId}';
const enterSelf = async (id: string, roundId: string, body: unknown, token = FIXTURE_EDIT_TOKEN) => {
  const result = await handler(
    apiEvent({
      method: 'PUT',
      path: `/registrations/${id}/award-entries/${roundId}`,
      routeKey: `PUT ${SELF}`,
      pathParameters: { id, roundId },
      headers: { 'content-type': 'application/json', 'x-edit-token': token },
      body,
    }),
    lambdaContext('manage-awards'),
  );
  return { status: result.statusCode, body: (result.body ? bodyOf(result) : {}) as Loose };
};

const ROUND = '/admin/awards/rounds/{roundId}';
const RULES = {
  eligibility: { verified: true, termNotExpired: true, minActivityReports: 2 },
  tieBreak: ['MORE_ACTIVITY_REPORTS', 'EARLIER_ENTRY'],
  criteria: [
    { id: 'administrasi', name: 'Administrasi: SK dan pengurus', weight: 20, indicator: 'SK_VALID' },
    { id: 'kegiatan', name: 'Kegiatan', weight: 30, indicator: 'ACTIVITY_REPORTS_IN_PERIOD' },
    { id: 'produk', name: 'Produk informasi', weight: 25, indicator: 'INFORMATION_PRODUCT_LINKS' },
    { id: 'profil', name: 'Profil dan media', weight: 15, indicator: 'PROFILE_COMPLETENESS' },
    { id: 'kemitraan', name: 'Kemitraan dengan PPID', weight: 10, indicator: 'PPID_PARTNERSHIP_REPORTS' },
  ],
};
let automaticRound: string;

describe('award rounds on the registry’s activity reports and SK terms (DynamoDB Local)', () => {
  it('accepts the rules that need them, enters KIM on their facts and lists the ineligible with reasons', async () => {
    const created = await call('POST', '/admin/awards/rounds', {}, { body: awardRoundBody(RULES) });
    expect(created.status).toBe(201);
    automaticRound = created.body.id;

    const report = await call('POST', `${ROUND}/entries/automatic`, { roundId: automaticRound });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ entered: 4, eligible: 2 });
    const reasons = Object.fromEntries(
      report.body.ineligible.map((entry: Loose) => [
        entry.id,
        entry.reasons.map((reason: Loose) => reason.code),
      ]),
    );
    expect(reasons).toEqual({
      [ids[2] as string]: ['TERM_EXPIRED'],
      [ids[3] as string]: ['NO_SK_TERM', 'TOO_FEW_ACTIVITY_REPORTS'],
    });
    const expired = report.body.ineligible.find((entry: Loose) => entry.id === ids[2]);
    expect(expired.reasons[0].message).toContain('2025-06-30');
    const few = report.body.ineligible.find((entry: Loose) => entry.id === ids[3]);
    expect(few.reasons[1].messageEn).toContain('has 1 activity reports dated 2026-01-01 to 2026-11-30');
  });

  it('shows jurors each entry’s indicators, counted in the activity period', async () => {
    const sub = String(JUROR.sub);
    expect(
      (
        await call(
          'PUT',
          `${ROUND}/jurors/{sub}`,
          { roundId: automaticRound, sub },
          { body: { username: 'juri' } },
        )
      ).status,
    ).toBe(201);
    const entries = await call('GET', `${ROUND}/entries`, { roundId: automaticRound }, { claims: JUROR });
    expect(entries.status).toBe(200);
    const first = entries.body.items.find((entry: Loose) => entry.id === ids[0]);
    expect(first.activityReportsInPeriod).toBe(3);
    expect(
      Object.fromEntries(first.indicators.map((indicator: Loose) => [indicator.indicator, indicator.value])),
    ).toEqual({
      SK_VALID: 1,
      ACTIVITY_REPORTS_IN_PERIOD: 3,
      INFORMATION_PRODUCT_LINKS: 2,
      PROFILE_COMPLETENESS: expect.any(Number),
      PPID_PARTNERSHIP_REPORTS: 1,
    });
    const profile = first.indicators.find(
      (indicator: Loose) => indicator.indicator === 'PROFILE_COMPLETENESS',
    );
    expect(profile).toMatchObject({ criterionId: 'profil', outOf: 3 });
    expect(first.indicators[0].text).toBe('SK diunggah dan berlaku sampai 2029-01-09.');
    const expired = entries.body.items.find((entry: Loose) => entry.id === ids[2]);
    expect(expired.indicators[0]).toMatchObject({ indicator: 'SK_VALID', value: 0, outOf: 1 });
    const none = entries.body.items.find((entry: Loose) => entry.id === ids[3]);
    expect(none.indicators[0]).toMatchObject({ value: 0, textEn: 'No SK document uploaded.' });
    // No personal data in the views: names of officers, phones and emails are never copied.
    expect(JSON.stringify(entries.body)).not.toMatch(/@|\+62/);
  });

  it('breaks a tie by more activity reports in the period', async () => {
    now = new Date('2026-12-05T00:00:00Z');
    for (const id of ids.slice(0, 2)) {
      const scored = await call(
        'PUT',
        `${ROUND}/entries/{entryId}/scores`,
        { roundId: automaticRound, entryId: id },
        {
          claims: JUROR,
          body: { scores: RULES.criteria.map((criterion) => ({ criterionId: criterion.id, score: 70 })) },
        },
      );
      expect(scored.status).toBe(200);
    }
    const ranking = await call('GET', `${ROUND}/ranking`, { roundId: automaticRound });
    expect(ranking.body.ranking.entries.slice(0, 2)).toMatchObject([
      { entryId: ids[0], rank: 1 },
      { entryId: ids[1], rank: 2, tie: { withEntryId: ids[0], brokenBy: 'MORE_ACTIVITY_REPORTS' } },
    ]);
    now = new Date('2026-11-10T00:00:00Z');
  });

  it('exports the jury score sheet in XLSX: scores, notes, means, totals, ranks, tie-break, conflicts and missing marks', async () => {
    now = new Date('2026-12-05T00:00:00Z');
    const scoreSheet = async (claims = adminClaims()) => {
      const path = `/admin/awards/rounds/${automaticRound}/score-sheet`;
      const result = await sheetHandler(
        adminEvent(
          {
            method: 'GET',
            path,
            routeKey: `GET ${ROUND}/score-sheet`,
            pathParameters: { roundId: automaticRound },
          },
          claims,
        ),
        lambdaContext('award-score-sheet'),
      );
      return result;
    };
    expect((await scoreSheet(JUROR)).statusCode).toBe(403);
    const first = await scoreSheet();
    expect(first.statusCode).toBe(200);
    expect(first.headers?.['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = Buffer.from(String(first.body), 'base64');
    const rows = await readSheet(workbook, 'Lembar Nilai');
    expect(rows[0]?.slice(0, 8)).toEqual([
      'Peringkat',
      'ID Peserta',
      'Nama KIM',
      'Desa',
      'Kriteria',
      'Bobot',
      'Nilai juri',
      'Catatan juri',
    ]);
    const header = rows[0] as string[];
    const column = (name: string) => header.indexOf(name);
    // Two eligible entries, five criteria each, in ranking order.
    expect(rows).toHaveLength(11);
    expect(rows.slice(1).map((row) => row[1])).toEqual([...Array(5).fill(ids[0]), ...Array(5).fill(ids[1])]);
    const secondFirst = rows[6] as unknown[];
    expect(secondFirst[0]).toBe(2);
    expect(secondFirst[column('Nilai juri')]).toBe(70);
    expect(secondFirst[column('Rata-rata')]).toBe(70);
    expect(secondFirst[column('Rata-rata (pecahan tepat)')]).toBe('70/1');
    expect(secondFirst[column('Nilai Tertimbang')]).toBe(14);
    expect(secondFirst[column('Total Tertimbang')]).toBe(70);
    expect(secondFirst[column('Status')]).toBe('Lengkap');
    expect(secondFirst[column('Penentu Seri')]).toBe(
      'Seri dengan KIM Dajan Peken: di bawahnya karena laporan kegiatan lebih banyak dalam periode',
    );
    const ineligible = await readSheet(workbook, 'Tidak Memenuhi Syarat');
    expect(ineligible.slice(1).map((row) => row[0])).toEqual([ids[2], ids[3]]);
    expect(String(ineligible[1]?.[3])).toContain('Masa bakti SK KIM berakhir 2025-06-30');
    const rules = await readSheet(workbook, 'Keterangan');
    expect(rules.find((row) => row[0] === 'Urutan penentu seri')?.[1]).toBe(
      '1. laporan kegiatan lebih banyak dalam periode; 2. pendaftaran lebih awal',
    );

    // A second juror, in conflict with Bajera's village, scores Dajan Peken on one criterion only.
    const second = ppidClaims('51.02.01');
    const sub = String(second.sub);
    await call(
      'PUT',
      `${ROUND}/jurors/{sub}`,
      { roundId: automaticRound, sub },
      { body: { username: 'juri-2' } },
    );
    expect(
      (
        await call(
          'POST',
          `${ROUND}/conflicts`,
          { roundId: automaticRound },
          { claims: second, body: { villageCodes: ['51.02.01.2001'] } },
        )
      ).status,
    ).toBe(200);
    await call(
      'PUT',
      `${ROUND}/entries/{entryId}/scores`,
      { roundId: automaticRound, entryId: ids[0] as string },
      {
        claims: second,
        body: { scores: [{ criterionId: 'administrasi', score: 40, note: '=1+1 bukan rumus' }] },
      },
    );
    const later = await readSheet(Buffer.from(String((await scoreSheet()).body), 'base64'), 'Lembar Nilai');
    const laterHeader = later[0] as string[];
    const byEntry = (id: string) => later.filter((row) => row[1] === id);
    const dajan = byEntry(ids[0] as string);
    expect(dajan[0]?.[laterHeader.indexOf('Nilai juri-2')]).toBe(40);
    expect(dajan[0]?.[laterHeader.indexOf('Catatan juri-2')]).toBe('=1+1 bukan rumus');
    expect(dajan[0]?.[laterHeader.indexOf('Rata-rata')]).toBe(55);
    expect(dajan[1]?.[laterHeader.indexOf('Nilai juri-2')]).toBe('KOSONG');
    expect(dajan[1]?.[laterHeader.indexOf('Nilai Kosong')]).toBe('juri-2');
    expect(dajan[1]?.[laterHeader.indexOf('Status')]).toBe('Tidak diperingkat: nilai belum lengkap');
    expect(dajan[1]?.[0]).toBeNull();
    const bajera = byEntry(ids[1] as string);
    expect(bajera[0]?.[0]).toBe(1);
    expect(bajera[0]?.[laterHeader.indexOf('Nilai juri-2')]).toBe('KONFLIK');
    now = new Date('2026-11-10T00:00:00Z');
  });

  it('lets a KIM enter a self-entry round with a statement: eligible, once, within the window', async () => {
    now = new Date('2026-11-10T00:00:00Z');
    const created = await call(
      'POST',
      '/admin/awards/rounds',
      {},
      { body: awardRoundBody({ ...RULES, entryMode: 'SELF_ENTRY', name: 'Penghargaan KIM mandiri 2026' }) },
    );
    expect(created.status).toBe(201);
    const roundId = created.body.id as string;
    const statement = 'KIM kami rutin menyebarkan informasi harga gabah dan jadwal posyandu.';
    const [kimA, , kimC, kimD] = ids as [string, string, string, string];

    expect((await enterSelf(kimA, roundId, { statement }, 'wrong-token')).status).toBe(403);
    expect((await enterSelf(kimA, newId(), { statement })).status).toBe(404);
    const short = await enterSelf(kimA, roundId, { statement: 'Singkat.' });
    expect(short.status).toBe(400);
    expect(short.body.errors[0].field).toBe('statement');
    expect((await enterSelf(kimA, roundId, { statement, extra: 1 })).status).toBe(400);
    const notSelf = await enterSelf(kimA, automaticRound, { statement });
    expect(notSelf).toMatchObject({ status: 409, body: { entryMode: 'AUTOMATIC' } });

    const ineligible = await enterSelf(kimD, roundId, { statement });
    expect(ineligible).toMatchObject({
      status: 422,
      body: { reasons: 'NO_SK_TERM, TOO_FEW_ACTIVITY_REPORTS' },
    });
    expect(ineligible.body.message).toMatch(/tidak memenuhi syarat/);
    expect((await enterSelf(kimC, roundId, { statement })).body.reasons).toBe('TERM_EXPIRED');

    const entered = await enterSelf(kimA, roundId, { statement });
    expect(entered).toMatchObject({
      status: 201,
      body: { id: kimA, source: 'SELF', statement, eligible: true, activityReportsInPeriod: 3 },
    });
    const again = await enterSelf(kimA, roundId, { statement });
    expect(again).toMatchObject({ status: 200, body: { id: kimA, enteredAt: entered.body.enteredAt } });
    const changed = await enterSelf(kimA, roundId, { statement: `${statement} Ditambah.` });
    expect(changed).toMatchObject({ status: 409, body: { entryId: kimA } });

    const entries = await call('GET', `${ROUND}/entries`, { roundId });
    expect(entries.body.items.map((entry: Loose) => entry.id)).toEqual([kimA]);
    const trail = (await call('GET', `${ROUND}/audit`, { roundId })).body.items as Loose[];
    expect(trail.filter((line) => line.action === 'ADD_ENTRY')).toEqual([
      expect.objectContaining({ actor: { role: 'public' }, entryId: kimA, details: { source: 'SELF' } }),
    ]);

    now = new Date('2026-12-01T00:00:00+08:00');
    const late = await enterSelf(ids[1] as string, roundId, { statement });
    expect(late).toMatchObject({ status: 409, body: { window: 'entryWindow' } });
    now = new Date('2026-10-01T00:00:00Z');
    expect((await enterSelf(ids[1] as string, roundId, { statement })).body.window).toBe('entryWindow');
    now = new Date('2026-11-10T00:00:00Z');
  });
});
