import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { TIME_OFFSET_HEADER } from '../../infra/local/lambda/time-offset.js';
import { awardRoundBody } from '../fixtures/award-round.js';
import { emailsTo, mailbox, type StoredEmail } from '../fixtures/mailbox.js';
import { personalDataOfFixture, registrationBody } from '../fixtures/registration-body.js';
import { claimsFor, signFor } from '../support/admin-tokens.js';
import { localSqsClient, queueDepth } from '../support/queues.js';
import { SHARED_STACK_REGENCIES, sharedLocalStack } from '../support/shared-local-stack.js';

/*
 * Issue 14's round, end to end on the shared local stack: three jurors and six KIM of which one
 * is ineligible, a conflict of interest, a tie broken by the heaviest criterion, a missing score,
 * the publication, the winners' emails (each exactly once, even when the publication is delivered
 * again) and the public results page without personal data. The round is for the last district
 * of this file's regency (see SHARED_STACK_REGENCIES.awardsRound).
 */

const stack = sharedLocalStack();
const REGENCY = SHARED_STACK_REGENCIES.awardsRound;
const RUN = randomUUID().slice(0, 8);
const contactOf = (index: number) => `juara-${RUN}-${index}@example.id`;
const OFFICERS = {
  district: `ppid-kecamatan-${RUN}@example.id`,
  winnerVillage: `ppid-desa-juara-${RUN}@example.id`,
  otherVillage: `ppid-desa-lain-${RUN}@example.id`,
};
const JURORS = ['a', 'b', 'c'].map((name) => ({
  sub: `e2e-round-juror-${name}-${RUN}`,
  username: `juri-${name}-${RUN}`,
}));

interface Answer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely; each expectation asserts the shape it needs
  readonly body: Record<string, any>;
  readonly text: string;
}

const HOUR = 3_600_000;

/**
 * A request to the stack; with `aheadMs`, the stack runs it that far ahead in time (the local
 * gateway's TIME_OFFSET_HEADER), so the round's windows open and close without waiting for them.
 */
const call = async (
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  aheadMs?: number,
): Promise<Answer> => {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(aheadMs === undefined ? {} : { [TIME_OFFSET_HEADER]: String(aheadMs) }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text === '' ? {} : JSON.parse(text);
  } catch {
    // An HTML page.
  }
  return { status: response.status, body: parsed, text };
};

const awardEmails = (emails: readonly StoredEmail[], address: string) =>
  emailsTo(emails, address).filter((email) => email.subject.includes('penghargaan'));

let admin: string;
let district: string;
const jurorTokens: string[] = [];
/** Six KIM, one per village: the first five verified, the sixth left SUBMITTED (ineligible). */
const kims: Array<{ id: string; name: string; villageCode: string }> = [];

beforeAll(async () => {
  admin = await signFor(stack, claimsFor(stack, 'admin'));
  const regency = await call('GET', `/regions/${REGENCY}`);
  const districts = regency.body.children as Array<{ code: string }>;
  district = String(districts[districts.length - 1]?.code);
  for (const juror of JURORS) {
    jurorTokens.push(await signFor(stack, claimsFor(stack, 'ppid', district, juror)));
  }
  const villages = (await call('GET', `/regions/${district}`)).body.children as Array<{ code: string }>;
  expect(villages.length).toBeGreaterThanOrEqual(6);
  for (const [index, village] of villages.slice(0, 6).entries()) {
    const body = registrationBody();
    const name = `KIM Juara ${RUN} ${index + 1}`;
    const created = await call('POST', '/registrations', undefined, {
      ...body,
      name,
      villageCode: village.code,
      sk: { ...body.sk, number: `141/${RUN}${index}/PGH/2025` },
      contact: { ...body.contact, email: contactOf(index) },
    });
    expect(created.status, created.text).toBe(201);
    kims.push({ id: String(created.body.id), name, villageCode: village.code });
  }
  for (const kim of kims.slice(0, 5)) {
    expect((await call('POST', `/admin/registrations/${kim.id}/verify`, admin)).status).toBe(200);
  }
  for (const [email, regionCode] of [
    [OFFICERS.district, district],
    [OFFICERS.winnerVillage, kims[0]?.villageCode],
    [OFFICERS.otherVillage, kims[3]?.villageCode],
  ] as const) {
    const created = await call('POST', '/admin/officers', admin, {
      name: 'Petugas PPID',
      email,
      regionCode,
    });
    expect(created.status, created.text).toBe(201);
  }
});

describe('an award round of issue 14 through the local stack', () => {
  it('ranks, publishes, emails the winners once and shows the results without personal data', async () => {
    // Entries until judging opens in an hour; judging for an hour. The jurors work 90 minutes
    // ahead (in the judging window), the publication comes three hours ahead (after it closed).
    const start = Date.now();
    const judgingOpens = start + HOUR;
    const judgingCloses = judgingOpens + HOUR;
    const inJudging = 1.5 * HOUR;
    const afterJudging = 3 * HOUR;
    const round = await call(
      'POST',
      '/admin/awards/rounds',
      admin,
      awardRoundBody({
        name: `Penghargaan KIM Terbaik ${RUN}`,
        regionCode: district,
        entryWindow: {
          opensAt: new Date(start - 3_600_000).toISOString(),
          closesAt: new Date(judgingOpens).toISOString(),
        },
        judgingWindow: {
          opensAt: new Date(judgingOpens).toISOString(),
          closesAt: new Date(judgingCloses).toISOString(),
        },
        eligibility: { verified: true, termNotExpired: false },
        missingScoreRule: 'MEAN_OF_SCORED',
        tieBreak: ['HEAVIEST_CRITERION', 'EARLIER_ENTRY'],
        criteria: [
          { id: 'kegiatan', name: 'Kegiatan dan dokumentasinya', weight: 60 },
          { id: 'produk-informasi', name: 'Produk informasi: artikel dan video', weight: 40 },
        ],
      }),
    );
    expect(round.status, round.text).toBe(201);
    const roundId = String(round.body.id);
    const path = `/admin/awards/rounds/${roundId}`;

    for (const juror of JURORS) {
      const assigned = await call('PUT', `${path}/jurors/${juror.sub}`, admin, { username: juror.username });
      expect(assigned.status).toBe(201);
    }
    const entered = await call('POST', `${path}/entries/automatic`, admin);
    expect(entered.status, entered.text).toBe(200);
    expect(entered.body).toMatchObject({ entered: 6, eligible: 5 });
    expect(entered.body.ineligible).toEqual([
      { id: kims[5]?.id, reasons: [expect.objectContaining({ code: 'NOT_VERIFIED' })] },
    ]);
    // Nothing of the round is public before its publication.
    expect((await call('GET', `/penghargaan/${roundId}`)).status).toBe(404);

    // Juror C has a conflict of interest with the fifth KIM's village.
    const [jurorA = '', jurorB = '', jurorC = ''] = jurorTokens;
    // Before judging opens, no score is taken.
    const early = await call('PUT', `${path}/entries/${kims[0]?.id}/scores`, jurorA, {
      scores: [
        { criterionId: 'kegiatan', score: 90 },
        { criterionId: 'produk-informasi', score: 80 },
      ],
    });
    expect(early.status, early.text).toBe(409);
    const conflict = await call(
      'POST',
      `${path}/conflicts`,
      jurorC,
      { villageCodes: [kims[4]?.villageCode] },
      inJudging,
    );
    expect(conflict.status, conflict.text).toBe(200);
    const score = (token: string, kim: number, kegiatan: number, produk: number) =>
      call(
        'PUT',
        `${path}/entries/${kims[kim]?.id}/scores`,
        token,
        {
          scores: [
            { criterionId: 'kegiatan', score: kegiatan },
            { criterionId: 'produk-informasi', score: produk },
          ],
        },
        inJudging,
      );
    const sheets: Array<[string, number, number, number]> = [
      // KIM 1 and 2 tie at 86 (60 × 90 + 40 × 80 = 60 × 80 + 40 × 95); KIM 1 is ahead on kegiatan.
      ...[jurorA, jurorB, jurorC].map((token): [string, number, number, number] => [token, 0, 90, 80]),
      ...[jurorA, jurorB, jurorC].map((token): [string, number, number, number] => [token, 1, 80, 95]),
      ...[jurorA, jurorB, jurorC].map((token): [string, number, number, number] => [token, 2, 70, 70]),
      // Juror B never scores KIM 4: a missing score, ranked on the mean of the two who did.
      [jurorA, 3, 60, 60],
      [jurorC, 3, 60, 60],
      // Juror C may not score KIM 5 (conflict): jurors A and B are all it expects.
      [jurorA, 4, 50, 50],
      [jurorB, 4, 50, 50],
    ];
    const answers = await Promise.all(sheets.map(([token, kim, a, b]) => score(token, kim, a, b)));
    expect(answers.map((answer) => answer.status)).toEqual(sheets.map(() => 200));
    expect((await score(jurorA, 0, 90, 80)).body).toMatchObject({ changed: false });
    expect((await score(jurorC, 4, 50, 50)).status).toBe(403);

    // Not while judging is open; once it has closed, yes.
    const tooEarly = await call('POST', `${path}/publish`, admin, undefined, inJudging);
    expect(tooEarly.status, tooEarly.text).toBe(409);
    expect(judgingCloses).toBeLessThan(start + afterJudging);
    const published = await call('POST', `${path}/publish`, admin, undefined, afterJudging);
    expect(published.status, published.text).toBe(200);
    const ranking = published.body.ranking.entries as Array<{
      entryId: string;
      rank: number | null;
      standing: string;
      total?: { value: string };
      tie?: { withEntryId: string; brokenBy: string | null };
      missing: unknown[];
    }>;
    expect(ranking.map((entry) => [entry.entryId, entry.rank, entry.standing, entry.total?.value])).toEqual([
      [kims[0]?.id, 1, 'COMPLETE', '86.00'],
      [kims[1]?.id, 2, 'COMPLETE', '86.00'],
      [kims[2]?.id, 3, 'COMPLETE', '70.00'],
      [kims[3]?.id, 4, 'INCOMPLETE', '60.00'],
      [kims[4]?.id, 5, 'COMPLETE', '50.00'],
    ]);
    expect(ranking[1]?.tie).toEqual({ withEntryId: kims[0]?.id, brokenBy: 'HEAVIEST_CRITERION' });
    expect(ranking[3]?.missing).toHaveLength(2);
    expect(ranking[3]?.missing).toEqual(
      expect.arrayContaining([
        { jurorId: JURORS[1]?.sub, criterionId: 'kegiatan' },
        { jurorId: JURORS[1]?.sub, criterionId: 'produk-informasi' },
      ]),
    );

    // The winners (ranks 1–3) and their officers, each emailed once; nobody else.
    const expected = [contactOf(0), contactOf(1), contactOf(2), OFFICERS.district, OFFICERS.winnerVillage];
    await expect
      .poll(
        async () => {
          const all = await mailbox(stack.mailboxUrl);
          return expected.map((address) => awardEmails(all, address).length);
        },
        { timeout: 30_000, interval: 250 },
      )
      .toEqual(expected.map(() => 1));
    // The publication delivered again (a new event of the same round): nothing more is sent.
    const sqs = localSqsClient(stack.sqsEndpoint);
    const notify = { url: String(stack.queues.notify?.url), dlqUrl: String(stack.queues.notify?.dlqUrl) };
    const deadLettersBefore = await queueDepth(sqs, notify.dlqUrl);
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: notify.url,
        MessageBody: JSON.stringify({
          type: 'AWARD_PUBLISHED',
          eventId: `redelivered-${RUN}`,
          roundId,
          at: new Date().toISOString(),
        }),
      }),
    );
    // Handled once the notification queue is empty again (its consumer deletes a message only
    // after handling it) and the message did not go to the dead-letter queue instead.
    await vi.waitFor(
      async () => expect(await queueDepth(sqs, notify.url)).toEqual({ visible: 0, inFlight: 0 }),
      {
        timeout: 30_000,
        interval: 100,
      },
    );
    expect(await queueDepth(sqs, notify.dlqUrl)).toEqual(deadLettersBefore);
    sqs.destroy();
    const all = await mailbox(stack.mailboxUrl);
    expect(expected.map((address) => awardEmails(all, address).length)).toEqual(expected.map(() => 1));
    for (const address of [contactOf(3), contactOf(4), contactOf(5), OFFICERS.otherVillage]) {
      expect(awardEmails(all, address)).toEqual([]);
    }
    const [districtEmail] = awardEmails(all, OFFICERS.district);
    for (const kim of kims.slice(0, 3)) expect(districtEmail?.body.text).toContain(kim.name);
    expect(districtEmail?.body.text).not.toContain(kims[3]?.name);
    const [winnerEmail] = awardEmails(all, contactOf(0));
    expect(winnerEmail?.subject).toContain('Selamat');
    expect(winnerEmail?.body.text).toContain(`/penghargaan/${roundId}`);

    // The public results page: ranking, criteria and weights, the rules, links to the winners.
    const page = await call('GET', `/penghargaan/${roundId}`);
    expect(page.status).toBe(200);
    for (const kim of kims.slice(0, 5)) expect(page.text).toContain(kim.name);
    expect(page.text).not.toContain(kims[5]?.name);
    for (const kim of kims.slice(0, 3)) expect(page.text).toContain(`href="/kim/${kim.id}"`);
    expect(page.text).toContain('Kegiatan dan dokumentasinya (60)');
    expect(page.text).toContain('nilai lebih tinggi pada kriteria dengan bobot terbesar');
    expect(page.text).toContain('rata-rata dihitung dari juri yang menilai');
    expect(page.text).toContain('Nilai tidak lengkap: 2 nilai juri tidak ada');
    for (const personal of [
      ...personalDataOfFixture,
      ...kims.map((_, index) => contactOf(index)),
      ...Object.values(OFFICERS),
      ...JURORS.flatMap((juror) => [juror.sub, juror.username]),
    ]) {
      expect(page.text).not.toContain(personal);
    }
    const index = await call('GET', '/penghargaan');
    expect(index.status).toBe(200);
    expect(index.text).toContain(`href="/penghargaan/${roundId}"`);
    expect((await call('GET', '/penghargaan/01NOSUCHROUND0000000000000')).status).toBe(404);
  });
});
