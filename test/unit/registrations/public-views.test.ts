import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../../shared/platform/errors.js';
import {
  InvalidCursorError,
  type RegistrationListQuery,
  type RegistrationPage,
} from '../../../shared/registrations/ports.js';
import {
  getPublicProfile,
  getPublicStatus,
  listVerifiedKim,
  type PublicViewDeps,
} from '../../../shared/registrations/public-views.js';
import type { Registration } from '../../../shared/registrations/registration.js';
import { fixtureRegistration } from '../../fixtures/registration.js';
import { personalDataOfFixture } from '../../fixtures/registration-body.js';

const ID = '01JZ0000000000000000000001';

const depsWith = (
  registration?: Registration,
  list?: (query: RegistrationListQuery) => Promise<RegistrationPage>,
) => {
  const queries: RegistrationListQuery[] = [];
  const deps: PublicViewDeps = {
    registrations: {
      get: async (id) => (registration?.id === id ? registration : undefined),
      list: async (query) => {
        queries.push(query);
        return list ? list(query) : { items: [], nextCursor: null };
      },
    },
  };
  return { deps, queries };
};

describe('getPublicStatus', () => {
  it('shows the rejection reason of a REJECTED registration and the deactivation reason of a DEACTIVATED one', async () => {
    const rejected = fixtureRegistration(ID, { status: 'REJECTED', rejectionReason: 'SK tidak terbaca.' });
    expect(await getPublicStatus(depsWith(rejected).deps, ID)).toMatchObject({
      id: ID,
      status: 'REJECTED',
      reason: 'SK tidak terbaca.',
    });
    const deactivated = fixtureRegistration(ID, { status: 'DEACTIVATED', deactivationReason: 'KIM bubar.' });
    expect((await getPublicStatus(depsWith(deactivated).deps, ID)).reason).toBe('KIM bubar.');
  });

  it('has no reason otherwise, even a stale one, and no personal data', async () => {
    const resubmitted = fixtureRegistration(ID, { status: 'SUBMITTED', rejectionReason: 'lama' });
    const status = await getPublicStatus(depsWith(resubmitted).deps, ID);
    expect(status).not.toHaveProperty('reason');
    for (const personal of personalDataOfFixture) expect(JSON.stringify(status)).not.toContain(personal);
  });

  it('is not found for unknown and malformed ids', async () => {
    await expect(getPublicStatus(depsWith().deps, ID)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getPublicStatus(depsWith(fixtureRegistration(ID)).deps, 'x')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('getPublicProfile', () => {
  it('shows name, village, focus areas, media and member count of a VERIFIED KIM, nothing about persons', async () => {
    const verified = fixtureRegistration(ID, { status: 'VERIFIED', reviewedAt: '2025-07-02T01:00:00.000Z' });
    const profile = await getPublicProfile(depsWith(verified).deps, ID);
    expect(profile).toEqual({
      id: ID,
      name: 'KIM Dajan Peken Informatif',
      villageCode: '51.02.05.2006',
      villageName: 'Dajan Peken',
      districtCode: '51.02.05',
      focusAreas: ['PERTANIAN', 'PARIWISATA'],
      media: [{ type: 'INSTAGRAM', url: 'https://instagram.com/kimdajanpeken' }],
      memberCount: 12,
      verifiedAt: '2025-07-02T01:00:00.000Z',
    });
    for (const personal of personalDataOfFixture) expect(JSON.stringify(profile)).not.toContain(personal);
  });

  it.each(['SUBMITTED', 'REJECTED', 'DEACTIVATED'] as const)(
    'has no profile for a %s KIM',
    async (status) => {
      await expect(
        getPublicProfile(depsWith(fixtureRegistration(ID, { status })).deps, ID),
      ).rejects.toBeInstanceOf(NotFoundError);
    },
  );
});

describe('listVerifiedKim', () => {
  it('asks the region listing for VERIFIED registrations and keeps only the public columns', async () => {
    const { deps, queries } = depsWith(undefined, async () => ({
      items: [
        {
          id: ID,
          name: 'KIM A',
          villageCode: '51.02.05.2006',
          villageName: 'Dajan Peken',
          districtCode: '51.02.05',
          status: 'VERIFIED',
          submittedAt: '2025-07-01T00:00:00.000Z',
          updatedAt: '2025-07-02T00:00:00.000Z',
          version: 2,
        },
      ],
      nextCursor: 'next',
    }));
    const page = await listVerifiedKim(deps, { regionCode: '51.02.05', limit: 20, cursor: 'c' });
    expect(queries).toEqual([{ regionCode: '51.02.05', limit: 20, cursor: 'c', status: 'VERIFIED' }]);
    expect(page).toEqual({
      items: [
        {
          id: ID,
          name: 'KIM A',
          villageCode: '51.02.05.2006',
          villageName: 'Dajan Peken',
          districtCode: '51.02.05',
          updatedAt: '2025-07-02T00:00:00.000Z',
        },
      ],
      nextCursor: 'next',
    });
  });

  it('turns a foreign cursor into a field error on cursor', async () => {
    const { deps } = depsWith(undefined, async () => {
      throw new InvalidCursorError();
    });
    const error = await listVerifiedKim(deps, { regionCode: '51.02', limit: 20, cursor: 'bad' }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.field)).toEqual(['cursor']);
  });
});
