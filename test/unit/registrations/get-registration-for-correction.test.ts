import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../../shared/platform/errors.js';
import { getRegistrationForCorrection } from '../../../shared/registrations/get-registration-for-correction.js';
import type { Registration } from '../../../shared/registrations/registration.js';
import { FIXTURE_EDIT_TOKEN, fixtureRegistration } from '../../fixtures/registration.js';

const ID = '01JZ0000000000000000000007';

const setup = (stored: Registration | undefined) => {
  const reads: Array<{ id: string; consistent: boolean | undefined }> = [];
  const deps = {
    registrations: {
      get: async (id: string, options?: { consistent?: boolean }) => {
        reads.push({ id, consistent: options?.consistent });
        return stored?.id === id ? stored : undefined;
      },
    },
  };
  return { deps, reads };
};

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('getRegistrationForCorrection', () => {
  it('answers the whole registration, personal data included, to the holder of its edit token', async () => {
    const stored = fixtureRegistration(ID, { status: 'REJECTED', rejectionReason: 'Nomor SK salah.' });
    const { deps, reads } = setup(stored);
    await expect(getRegistrationForCorrection(deps, { id: ID, editToken: FIXTURE_EDIT_TOKEN })).resolves.toBe(
      stored,
    );
    expect(reads).toEqual([{ id: ID, consistent: true }]);
  });

  it.each([
    ['no token', undefined],
    ['an empty token', ''],
    ['another token', `${FIXTURE_EDIT_TOKEN}x`],
  ])('refuses %s with 403', async (_kind, editToken) => {
    const { deps } = setup(fixtureRegistration(ID));
    expect(await failure(getRegistrationForCorrection(deps, { id: ID, editToken }))).toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('answers 404 for an unknown id before judging the token, and reads nothing for a malformed one', async () => {
    const { deps, reads } = setup(undefined);
    expect(
      await failure(getRegistrationForCorrection(deps, { id: ID, editToken: FIXTURE_EDIT_TOKEN })),
    ).toBeInstanceOf(NotFoundError);
    expect(
      await failure(getRegistrationForCorrection(deps, { id: '../admin', editToken: undefined })),
    ).toBeInstanceOf(NotFoundError);
    expect(reads).toHaveLength(1);
  });
});
