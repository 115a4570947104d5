import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../shared/platform/errors.js';
import { getRegistrationStatus } from '../../../shared/registrations/get-registration-status.js';
import { submitRegistration } from '../../../shared/registrations/submit-registration.js';
import { FIXTURE_NOW, fixedClock } from '../../fixtures/clock.js';
import {
  InMemoryRegistrationRepository,
  sequentialIds,
  tabananSample,
} from '../../fixtures/in-memory-ports.js';
import { registrationBody } from '../../fixtures/registration-body.js';

describe('getRegistrationStatus', () => {
  it('returns the public view, without officers or contact', async () => {
    const registrations = new InMemoryRegistrationRepository();
    const deps = {
      registrations,
      regions: tabananSample(),
      clock: fixedClock(FIXTURE_NOW),
      newId: sequentialIds(),
      scope: '51.02',
    };
    const { registration } = await submitRegistration(deps, { body: registrationBody() });
    const { editToken: _editToken, ...publicView } = registration;

    const view = await getRegistrationStatus({ registrations }, registration.id);

    expect(view).toEqual(publicView);
    expect(Object.keys(view).sort()).toEqual(
      [
        'districtCode',
        'id',
        'name',
        'status',
        'submittedAt',
        'updatedAt',
        'villageCode',
        'villageName',
      ].sort(),
    );
  });

  it.each([
    ['unknown', '01JZ0000000000000000000009'],
    ['lower-case', '01jz0000000000000000000001'],
    ['too short', '01JZ'],
    ['with I, L, O or U', '01JZ000000000000000000000I'],
    ['a path', '../REG#01JZ0000000000000000000001'],
  ])('answers not found for a %s id, reading only well-formed ones', async (_kind, id) => {
    const registrations = new InMemoryRegistrationRepository();

    await expect(getRegistrationStatus({ registrations }, id)).rejects.toThrow(NotFoundError);
    expect(registrations.calls.get).toBe(id === '01JZ0000000000000000000009' ? 1 : 0);
  });
});
