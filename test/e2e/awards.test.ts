import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { TIME_OFFSET_HEADER } from '../../infra/local/lambda/time-offset.js';
import { awardRoundBody } from '../fixtures/award-round.js';
import { registrationBody } from '../fixtures/registration-body.js';
import { claimsFor, signFor } from '../support/admin-tokens.js';
import { SHARED_STACK_REGENCIES, sharedLocalStack } from '../support/shared-local-stack.js';

const stack = sharedLocalStack();
const REGENCY = SHARED_STACK_REGENCIES.awards;
const JUROR_SUB = `e2e-juror-${randomUUID()}`;

interface Answer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely; each expectation asserts the shape it needs
  readonly body: Record<string, any>;
}

/** A request to the stack; with `aheadMs`, the stack runs it that far ahead in time. */
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
  return { status: response.status, body: text === '' ? {} : JSON.parse(text) };
};

const HOUR = 3_600_000;

let admin: string;
let juror: string;
let stranger: string;
let district: string;
const registrations: string[] = [];

beforeAll(async () => {
  admin = await signFor(stack, claimsFor(stack, 'admin'));
  const regency = await call('GET', `/regions/${REGENCY}`);
  district = String(regency.body.children[0]?.code);
  juror = await signFor(stack, claimsFor(stack, 'ppid', district, { sub: JUROR_SUB, username: 'juri-e2e' }));
  stranger = await signFor(stack, claimsFor(stack, 'ppid', district, { sub: `e2e-${randomUUID()}` }));
  const villages = (await call('GET', `/regions/${district}`)).body.children as Array<{ code: string }>;
  for (const [index, village] of villages.slice(0, 3).entries()) {
    const body = { ...registrationBody(), name: `KIM Penghargaan ${index + 1}`, villageCode: village.code };
    body.sk = { ...body.sk, number: `141/${randomUUID().slice(0, 8)}/KIM/2025` };
    const created = await call('POST', '/registrations', undefined, body);
    expect(created.status).toBe(201);
    registrations.push(String(created.body.id));
  }
  // Two verified, the third left SUBMITTED: not eligible.
  for (const id of registrations.slice(0, 2)) {
    expect((await call('POST', `/admin/registrations/${id}/verify`, admin)).status).toBe(200);
  }
});

describe('an award round through the local stack', () => {
  it('runs from creation to publication, with jurors scoring once and the round frozen after', async () => {
    // Entries until judging opens in an hour; judging for an hour. The juror scores 90 minutes
    // ahead and the admin publishes three hours ahead (the local gateway's TIME_OFFSET_HEADER).
    const start = Date.now();
    const judgingOpens = start + HOUR;
    const judgingCloses = start + 2 * HOUR;
    const inJudging = 1.5 * HOUR;
    const afterJudging = 3 * HOUR;
    const round = await call(
      'POST',
      '/admin/awards/rounds',
      admin,
      awardRoundBody({
        regionCode: REGENCY,
        entryWindow: {
          opensAt: new Date(start - 3_600_000).toISOString(),
          closesAt: new Date(judgingOpens).toISOString(),
        },
        judgingWindow: {
          opensAt: new Date(judgingOpens).toISOString(),
          closesAt: new Date(judgingCloses).toISOString(),
        },
        eligibility: { verified: true, termNotExpired: false },
        tieBreak: ['EARLIER_ENTRY'],
      }),
    );
    expect(round.status, JSON.stringify(round.body)).toBe(201);
    const path = `/admin/awards/rounds/${round.body.id}`;

    // The gateway's authorizer: no token 401; a token without the awards scope 403.
    expect((await call('GET', path)).status).toBe(401);
    const reviewOnly = await signFor(
      stack,
      claimsFor(stack, 'ppid', district, { scope: 'kim-registry/review' }),
    );
    expect((await call('GET', path, reviewOnly)).status).toBe(403);
    // A console user who is not a juror of the round: 403 from the function.
    expect((await call('GET', path, stranger)).status).toBe(403);

    expect((await call('PUT', `${path}/jurors/${JUROR_SUB}`, admin, { username: 'juri-e2e' })).status).toBe(
      201,
    );
    const entered = await call('POST', `${path}/entries/automatic`, admin);
    expect(entered.body).toMatchObject({ entered: 3, eligible: 2 });
    expect(entered.body.ineligible).toEqual([
      { id: registrations[2], reasons: [expect.objectContaining({ code: 'NOT_VERIFIED' })] },
    ]);

    const scores = (values: number[]) => ({
      scores: ['administrasi', 'kegiatan', 'produk-informasi', 'media-sosial', 'kemitraan'].map(
        (criterionId, i) => ({
          criterionId,
          score: values[i] ?? 0,
        }),
      ),
    });
    // Not before judging opens.
    const early = await call(
      'PUT',
      `${path}/entries/${registrations[0]}/scores`,
      juror,
      scores([80, 80, 80, 80, 80]),
    );
    expect(early.status).toBe(409);
    const first = await call(
      'PUT',
      `${path}/entries/${registrations[0]}/scores`,
      juror,
      scores([80, 80, 80, 80, 80]),
      inJudging,
    );
    expect(first.body).toMatchObject({ changed: true });
    const again = await call(
      'PUT',
      `${path}/entries/${registrations[0]}/scores`,
      juror,
      scores([80, 80, 80, 80, 80]),
      inJudging,
    );
    expect(again.body).toMatchObject({ changed: false });
    expect(
      (
        await call(
          'PUT',
          `${path}/entries/${registrations[1]}/scores`,
          juror,
          scores([90, 70, 60, 50, 40]),
          inJudging,
        )
      ).status,
    ).toBe(200);
    expect((await call('POST', `${path}/publish`, admin, undefined, inJudging)).status).toBe(409);

    expect(judgingCloses).toBeLessThan(start + afterJudging);
    const published = await call('POST', `${path}/publish`, admin, undefined, afterJudging);
    expect(published.status).toBe(200);
    expect(
      published.body.ranking.entries.map(
        (entry: { entryId: string; rank: number; total: { value: string } }) => [
          entry.entryId,
          entry.rank,
          entry.total.value,
        ],
      ),
    ).toEqual([
      [registrations[0], 1, '80.00'],
      [registrations[1], 2, '65.50'],
    ]);
    // Frozen: refused even within the judging window.
    const frozen = await call(
      'PUT',
      `${path}/entries/${registrations[1]}/scores`,
      juror,
      scores([1, 1, 1, 1, 1]),
      inJudging,
    );
    expect(frozen.status).toBe(409);
    expect(frozen.body.roundStatus).toBe('PUBLISHED');
    const trail = (await call('GET', `${path}/audit`, admin)).body.items as Array<{ action: string }>;
    expect(trail.map((entry) => entry.action)).toEqual([
      'CREATE_ROUND',
      'ASSIGN_JUROR',
      'ADD_ENTRY',
      'ADD_ENTRY',
      'ADD_ENTRY',
      'SCORE',
      'SCORE',
      'PUBLISH',
    ]);
  });
});
