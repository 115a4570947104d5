import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { httpHandler } from '../../../shared/platform/http/handler.js';
import { submitRegistration } from '../../../shared/registrations/submit-registration.js';
import { seededTable, tableDeps } from '../../fixtures/admin-deps.js';
import { adminClaims, adminEvent, ppidClaims } from '../../fixtures/admin-event.js';
import { bodyOf, lambdaContext } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { localDynamoDbClient } from '../../fixtures/dynamodb.js';
import { personalDataOfFixture, registrationBodyWith } from '../../fixtures/registration-body.js';

vi.stubEnv('TABLE_NAME', 'set-per-test');
vi.stubEnv('SCOPE_CODE', '51.02');
const { reviewRegistration } = await import('../../../functions/registrations/review-registration.js');
const { listAdminRegistrations } = await import('../../../functions/registrations/admin-registrations.js');

const client = localDynamoDbClient(inject('dynamoEndpoint'));
let deps: ReturnType<typeof tableDeps>;
let review: ReturnType<typeof httpHandler>;
let read: ReturnType<typeof httpHandler>;
let output: CapturedOutput;
let skCounter = 0;

beforeAll(async () => {
  output = captureOutput();
  deps = tableDeps(client, await seededTable(client, 'kim-review'));
  review = httpHandler(reviewRegistration(deps));
  read = httpHandler(listAdminRegistrations(deps));
});
afterAll(() => {
  output.restore();
});

type Action = 'verify' | 'reject' | 'deactivate';
const REASON = 'Nomor SK tidak sesuai dengan arsip desa.';

/** A new SUBMITTED registration in Dajan Peken (51.02.05.2006) or the village given. */
const newRegistration = async (villageCode = '51.02.05.2006') => {
  skCounter++;
  const { registration } = await submitRegistration(deps, {
    body: registrationBodyWith({
      villageCode,
      sk: { number: `${skCounter}/REVIEW/2025`, date: '2025-06-02' },
    }),
  });
  return registration.id;
};

const act = async (
  id: string,
  action: Action,
  options: { body?: unknown; claims?: Record<string, string> } = {},
) => {
  const body = options.body ?? (action === 'verify' ? undefined : { reason: REASON });
  const result = await review(
    adminEvent(
      {
        method: 'POST',
        path: `/admin/registrations/${id}/${action}`,
        routeKey: `POST /admin/registrations/{id}/${action}`,
        pathParameters: { id },
        ...(body === undefined ? {} : { body }),
      },
      options.claims ?? adminClaims(),
    ),
    lambdaContext('review-registration'),
  );
  return { status: result.statusCode, body: bodyOf(result) };
};

const stateOf = async (id: string) => {
  const details = await read(
    adminEvent({
      method: 'GET',
      path: `/admin/registrations/${id}`,
      routeKey: 'GET /admin/registrations/{id}',
      pathParameters: { id },
    }),
    lambdaContext(),
  );
  const history = await read(
    adminEvent({
      method: 'GET',
      path: `/admin/registrations/${id}/history`,
      routeKey: 'GET /admin/registrations/{id}/history',
      pathParameters: { id },
    }),
    lambdaContext(),
  );
  return {
    registration: bodyOf(details),
    history: JSON.parse(history.body ?? '[]') as Array<Record<string, unknown>>,
  };
};

/** A registration brought to `status` through the API. */
const registrationIn = async (status: 'SUBMITTED' | 'VERIFIED' | 'REJECTED' | 'DEACTIVATED') => {
  const id = await newRegistration();
  if (status === 'VERIFIED' || status === 'DEACTIVATED') expect((await act(id, 'verify')).status).toBe(200);
  if (status === 'DEACTIVATED') expect((await act(id, 'deactivate')).status).toBe(200);
  if (status === 'REJECTED') expect((await act(id, 'reject')).status).toBe(200);
  return id;
};

describe('POST /admin/registrations/{id}/verify|reject|deactivate on DynamoDB Local', () => {
  it('verifies a SUBMITTED registration, recording who did it', async () => {
    const id = await newRegistration();

    const { status, body } = await act(id, 'verify');

    expect(status).toBe(200);
    expect(body).toMatchObject({
      id,
      status: 'VERIFIED',
      version: 2,
      reviewedBy: { sub: adminClaims().sub, username: 'kominfo-admin', role: 'admin' },
    });
    const { registration, history } = await stateOf(id);
    expect(registration).toMatchObject({ status: 'VERIFIED', version: 2, reviewedAt: body.reviewedAt });
    expect(history.map((entry) => [entry.action, entry.fromStatus, entry.toStatus])).toEqual([
      ['SUBMIT', null, 'SUBMITTED'],
      ['VERIFY', 'SUBMITTED', 'VERIFIED'],
    ]);
  });

  it('rejects a SUBMITTED registration with its reason, trimmed, in the registration and the audit trail', async () => {
    const id = await newRegistration();
    const officer = ppidClaims('51.02.05');

    const { status, body } = await act(id, 'reject', { body: { reason: `  ${REASON}  ` }, claims: officer });

    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'REJECTED', rejectionReason: REASON, version: 2 });
    const { history } = await stateOf(id);
    expect(history[1]).toEqual({
      at: body.updatedAt,
      actor: { sub: officer.sub, username: 'ppid-51.02.05', role: 'ppid' },
      action: 'REJECT',
      fromStatus: 'SUBMITTED',
      toStatus: 'REJECTED',
      reason: REASON,
    });
  });

  it('deactivates a VERIFIED registration with its reason', async () => {
    const id = await registrationIn('VERIFIED');

    const { status, body } = await act(id, 'deactivate', {
      body: { reason: 'KIM sudah tidak aktif sejak 2025.' },
    });

    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'DEACTIVATED',
      deactivationReason: 'KIM sudah tidak aktif sejak 2025.',
      version: 3,
    });
    expect((await stateOf(id)).history.map((entry) => entry.action)).toEqual([
      'SUBMIT',
      'VERIFY',
      'DEACTIVATE',
    ]);
  });

  it.each([
    ['SUBMITTED', 'deactivate'],
    ['VERIFIED', 'verify'],
    ['VERIFIED', 'reject'],
    ['REJECTED', 'verify'],
    ['REJECTED', 'reject'],
    ['REJECTED', 'deactivate'],
    ['DEACTIVATED', 'verify'],
    ['DEACTIVATED', 'reject'],
    ['DEACTIVATED', 'deactivate'],
  ] as const)(
    'refuses a %s registration the action %s with 409 naming its status, changing nothing',
    async (from, action) => {
      const id = await registrationIn(from);
      const before = await stateOf(id);

      const { status, body } = await act(id, action);

      expect(status).toBe(409);
      expect(body).toEqual({
        message: `Tindakan ${action.toUpperCase()} tidak diizinkan untuk pendaftaran berstatus ${from}.`,
        messageEn: `${action.toUpperCase()} is not allowed for a registration whose status is ${from}.`,
        currentStatus: from,
      });
      expect(await stateOf(id)).toEqual(before);
    },
  );

  it.each([
    ['reject', undefined, 'reason'],
    ['reject', {}, 'reason'],
    ['reject', { reason: 'Terlalu pendek' }, null],
    ['reject', { reason: 'Singkat.' }, 'reason'],
    ['reject', { reason: `${'x'.repeat(1001)}` }, 'reason'],
    ['reject', { reason: 'Alasan dengan\nbaris baru di dalamnya.' }, 'reason'],
    ['reject', { reason: REASON, note: 'extra' }, 'note'],
    ['deactivate', { reason: 42 }, 'reason'],
    ['verify', { reason: REASON }, 'reason'],
  ] as const)('validates the %s body %j (bad field: %s)', async (action, body, field) => {
    const id = await registrationIn(action === 'deactivate' ? 'VERIFIED' : 'SUBMITTED');
    const result = await review(
      adminEvent({
        method: 'POST',
        path: `/admin/registrations/${id}/${action}`,
        routeKey: `POST /admin/registrations/{id}/${action}`,
        pathParameters: { id },
        body: body === undefined ? '' : body,
        headers: { 'content-type': 'application/json' },
      }),
      lambdaContext(),
    );

    if (field === null) {
      expect(result.statusCode).toBe(200);
    } else {
      expect(result.statusCode).toBe(400);
      const errors = bodyOf(result).errors as Array<{ field: string; message: string; messageEn: string }>;
      expect(errors.map((error) => error.field)).toEqual([
        field === 'reason' && body === undefined ? '(body)' : field,
      ]);
    }
  });

  it.each([
    ['twelve zero-width spaces', '\u200b'.repeat(12)],
    ['Hangul fillers and Braille blanks', '\u3164\u2800'.repeat(6)],
    ['a few letters padded with invisibles and spaces', 'SK\u200b \u2060 \ufeff  ada\u00ad\u00ad\u00ad'],
    ['a right-to-left override', 'Nomor SK \u202etidak sah menurut arsip'],
  ])(
    'refuses a rejection reason of %s: no blank or reordered reason reaches the audit trail or the email',
    async (_case, reason) => {
      const id = await newRegistration();
      const before = await stateOf(id);

      const { status, body } = await act(id, 'reject', { body: { reason } });

      expect(status).toBe(400);
      expect((body.errors as Array<{ field: string }>).map((error) => error.field)).toEqual(['reason']);
      expect(await stateOf(id)).toEqual(before);
    },
  );

  it('stores a rejection reason without the invisible characters inside it', async () => {
    const id = await newRegistration();

    const { status } = await act(id, 'reject', {
      body: { reason: '\ufeffNomor SK\u200b tidak\u2060 terbaca.\u200e' },
    });

    expect(status).toBe(200);
    const { registration, history } = await stateOf(id);
    expect(registration.rejectionReason).toBe('Nomor SK tidak terbaca.');
    expect(history.at(-1)).toMatchObject({ action: 'REJECT', reason: 'Nomor SK tidak terbaca.' });
  });

  it('verifies with an empty JSON object as body, and refuses a body that is not JSON', async () => {
    const id = await newRegistration();
    const plain = await review(
      adminEvent({
        method: 'POST',
        path: `/admin/registrations/${id}/verify`,
        routeKey: 'POST /admin/registrations/{id}/verify',
        pathParameters: { id },
        body: 'yes please',
        headers: { 'content-type': 'text/plain' },
      }),
      lambdaContext(),
    );

    const empty = await act(id, 'verify', { body: {} });

    expect(plain.statusCode).toBe(415);
    expect(empty.status).toBe(200);
  });

  it('refuses a PPID officer of another region with 403 and changes nothing', async () => {
    const id = await newRegistration('51.02.01.2001');
    const before = await stateOf(id);

    const { status } = await act(id, 'verify', { claims: ppidClaims('51.02.05') });

    expect(status).toBe(403);
    expect(await stateOf(id)).toEqual(before);
  });

  it('answers 404 for an unknown id', async () => {
    expect((await act('01K0ZZZZZZZZZZZZZZZZZZZZZZ', 'verify')).status).toBe(404);
  });
});

describe('two officers acting on the same registration at once', () => {
  it.each([
    ['both verify', 'verify', 'verify'],
    ['one verifies, one rejects', 'verify', 'reject'],
    ['one rejects, one verifies', 'reject', 'verify'],
  ] as const)(
    '%s: exactly one wins, the other gets 409 naming the winner’s status; one audit entry, one version step',
    async (_case, first, second) => {
      const ids = await Promise.all(Array.from({ length: 4 }, () => newRegistration()));

      for (const id of ids) {
        const answers = await Promise.all([
          act(id, first, { claims: adminClaims() }),
          act(id, second, { claims: ppidClaims('51.02.05') }),
        ]);

        const winners = answers.filter((answer) => answer.status === 200);
        const losers = answers.filter((answer) => answer.status === 409);
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(1);
        const winnerStatus = winners[0]?.body.status;
        expect(losers[0]?.body.currentStatus).toBe(winnerStatus);
        const { registration, history } = await stateOf(id);
        expect(registration).toMatchObject({ status: winnerStatus, version: 2 });
        expect(history).toHaveLength(2);
        expect(history[1]?.toStatus).toBe(winnerStatus);
      }
    },
  );

  it('lets exactly one of 10 concurrent verifications through', async () => {
    const id = await newRegistration();

    const answers = await Promise.all(Array.from({ length: 10 }, () => act(id, 'verify')));

    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(9);
    expect(answers.every((answer) => answer.status !== 409 || answer.body.currentStatus === 'VERIFIED')).toBe(
      true,
    );
    const { registration, history } = await stateOf(id);
    expect(registration.version).toBe(2);
    expect(history.map((entry) => entry.action)).toEqual(['SUBMIT', 'VERIFY']);
  });
});

describe('logs of the review workflow', () => {
  it('name no person of the fixture and no rejection reason', () => {
    const lines = output.lines();

    expect(lines.some((line) => line.includes('Registration reviewed'))).toBe(true);
    for (const value of [...personalDataOfFixture, REASON]) {
      expect(lines.filter((line) => line.includes(value))).toEqual([]);
    }
  });
});
