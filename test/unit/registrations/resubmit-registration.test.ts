import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, type ValidationError } from '../../../shared/platform/errors.js';
import {
  type DuplicateRegistrationError,
  InvalidTransitionError,
  RegistrationChangedError,
} from '../../../shared/registrations/errors.js';
import type { HistoryEntry } from '../../../shared/registrations/history.js';
import type {
  RegistrationResubmissionRepository,
  ResubmitOutcome,
} from '../../../shared/registrations/ports.js';
import type { Registration } from '../../../shared/registrations/registration.js';
import { resubmitRegistration } from '../../../shared/registrations/resubmit-registration.js';
import { fixedClock } from '../../fixtures/clock.js';
import { sequentialIds, tabananSample } from '../../fixtures/in-memory-ports.js';
import { FIXTURE_EDIT_TOKEN, fixtureRegistration } from '../../fixtures/registration.js';
import { registrationBody, registrationBodyWith } from '../../fixtures/registration-body.js';

const ID = '01JZ0000000000000000000005';
const NOW = '2025-07-03T01:00:00.000Z';

const setup = (
  stored: Registration | undefined,
  outcome: ResubmitOutcome = { kind: 'resubmitted' },
  after?: Registration,
) => {
  const writes: Array<{ previous: Registration; next: Registration; history: HistoryEntry }> = [];
  let reads = 0;
  const registrations: RegistrationResubmissionRepository = {
    get: async () => (reads++ === 0 ? stored : (after ?? stored)),
    resubmit: async (previous, next, history) => {
      writes.push({ previous, next, history });
      return outcome;
    },
  };
  const deps = {
    registrations,
    regions: tabananSample(),
    clock: fixedClock(NOW),
    newId: sequentialIds('01K1'),
    scope: '51.02',
  };
  return { deps, writes };
};

const rejected = () =>
  fixtureRegistration(ID, { status: 'REJECTED', version: 2, rejectionReason: 'Nomor SK salah.' });

const failure = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('resubmitRegistration', () => {
  it('stores the corrected registration as a new SUBMITTED version, keeping id, submission time and token hash', async () => {
    const previous = rejected();
    const { deps, writes } = setup(previous);

    const view = await resubmitRegistration(deps, {
      id: ID,
      editToken: FIXTURE_EDIT_TOKEN,
      body: registrationBodyWith({ villageCode: '51.02.05.2007', name: 'KIM Denbantas' }),
    });

    expect(view).toMatchObject({ id: ID, status: 'SUBMITTED', villageName: 'Denbantas', updatedAt: NOW });
    const [write] = writes;
    expect(write?.previous).toBe(previous);
    expect(write?.next).toMatchObject({
      id: ID,
      name: 'KIM Denbantas',
      villageCode: '51.02.05.2007',
      districtCode: '51.02.05',
      regencyCode: '51.02',
      provinceCode: '51',
      countryCode: 'ID',
      status: 'SUBMITTED',
      submittedAt: previous.submittedAt,
      updatedAt: NOW,
      version: 3,
      editTokenHash: previous.editTokenHash,
    });
    expect(write?.next).not.toHaveProperty('rejectionReason');
    expect(write?.history).toEqual({
      id: '01K10000000000000000000001',
      at: NOW,
      actor: { role: 'public' },
      action: 'RESUBMIT',
      fromStatus: 'REJECTED',
      toStatus: 'SUBMITTED',
      reason: null,
    });
  });

  it.each([
    ['an unknown id', undefined, ID, FIXTURE_EDIT_TOKEN, NotFoundError],
    ['a malformed id', rejected(), 'x', FIXTURE_EDIT_TOKEN, NotFoundError],
    ['a missing token', rejected(), ID, undefined, ForbiddenError],
    ['an empty token', rejected(), ID, '', ForbiddenError],
    ['a wrong token', rejected(), ID, `${FIXTURE_EDIT_TOKEN}x`, ForbiddenError],
    ['a SUBMITTED registration', fixtureRegistration(ID), ID, FIXTURE_EDIT_TOKEN, InvalidTransitionError],
  ])('refuses %s, writing nothing', async (_case, stored, id, editToken, errorClass) => {
    const { deps, writes } = setup(stored);

    const error = await failure(resubmitRegistration(deps, { id, editToken, body: registrationBody() }));

    expect(error).toBeInstanceOf(errorClass);
    expect(writes).toEqual([]);
  });

  it('checks the token before the body, and the body like POST', async () => {
    const { deps } = setup(rejected());

    const wrongToken = await failure(
      resubmitRegistration(deps, { id: ID, editToken: 'x', body: { name: 1 } }),
    );
    const badBody = await failure(
      resubmitRegistration(deps, {
        id: ID,
        editToken: FIXTURE_EDIT_TOKEN,
        body: registrationBodyWith({ memberCount: 2 }),
      }),
    );

    expect(wrongToken).toBeInstanceOf(ForbiddenError);
    expect((badBody as ValidationError).errors.map((error) => error.field)).toEqual(['memberCount']);
  });

  it('reports a duplicate with the id holding the SK number, and a lost race with the status now stored', async () => {
    const duplicate = setup(rejected(), { kind: 'duplicate', existingId: '01JZ0000000000000000000009' });
    const race = setup(
      rejected(),
      { kind: 'conflict' },
      fixtureRegistration(ID, { status: 'SUBMITTED', version: 3 }),
    );
    const request = { id: ID, editToken: FIXTURE_EDIT_TOKEN, body: registrationBody() };

    const duplicateError = await failure(resubmitRegistration(duplicate.deps, request));
    const raceError = await failure(resubmitRegistration(race.deps, request));

    expect((duplicateError as DuplicateRegistrationError).existingId).toBe('01JZ0000000000000000000009');
    expect(raceError).toBeInstanceOf(RegistrationChangedError);
    expect((raceError as RegistrationChangedError).currentStatus).toBe('SUBMITTED');
  });
});
