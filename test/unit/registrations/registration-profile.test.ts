import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, type ValidationError } from '../../../shared/platform/errors.js';
import {
  DuplicateRegistrationError,
  ProfileNotEditableError,
  RegistrationChangedError,
  StaleVersionError,
} from '../../../shared/registrations/errors.js';
import type { HistoryEntry } from '../../../shared/registrations/history.js';
import type { RegistrationProfileRepository, ResubmitOutcome } from '../../../shared/registrations/ports.js';
import type { Registration } from '../../../shared/registrations/registration.js';
import {
  getRegistrationProfileWithEditToken,
  updateRegistrationProfile,
  updateRegistrationProfileWithEditToken,
} from '../../../shared/registrations/registration-profile.js';
import { fixedClock } from '../../fixtures/clock.js';
import { sequentialIds, tabananSample } from '../../fixtures/in-memory-ports.js';
import { FIXTURE_EDIT_TOKEN, fixtureRegistration } from '../../fixtures/registration.js';

const ID = '01JZ0000000000000000000007';
const NOW = '2025-07-03T01:00:00.000Z';
const officer = { sub: 'officer-1', username: 'ppid.tabanan', role: 'ppid' as const };

const verified = (patch: Partial<Registration> = {}) =>
  fixtureRegistration(ID, {
    status: 'VERIFIED',
    version: 2,
    reviewedAt: '2025-07-02T01:00:00.000Z',
    reviewedBy: officer,
    ...patch,
  });

const setup = (stored: Registration | undefined, outcome: ResubmitOutcome = { kind: 'resubmitted' }) => {
  const writes: Array<{ previous: Registration; next: Registration; history: HistoryEntry }> = [];
  const registrations: RegistrationProfileRepository = {
    get: async () => stored,
    replace: async (previous, next, history) => {
      writes.push({ previous, next, history });
      return outcome;
    },
  };
  const deps = {
    registrations,
    regions: tabananSample(),
    clock: fixedClock(NOW),
    newId: sequentialIds('01K2'),
    scope: '51.02',
  };
  return { deps, writes };
};

const update = (deps: ReturnType<typeof setup>['deps'], body: unknown, editToken = FIXTURE_EDIT_TOKEN) =>
  updateRegistrationProfileWithEditToken(deps, { id: ID, editToken, body });

const failure = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

const fieldsOf = (error: unknown) => (error as ValidationError).errors.map((entry) => entry.field);

describe('which profile changes send a VERIFIED registration back to review', () => {
  it.each([
    ['the name', { name: 'KIM Dajan Peken Cerdas' }, ['name']],
    ['the village', { villageCode: '51.02.05.2007' }, ['villageCode']],
    ['the SK number', { sk: { number: '141/13/DP/2025', date: '2025-06-02' } }, ['sk.number']],
    [
      'the SK number and date',
      { sk: { number: '142/12/DP/2025', date: '2025-06-01' } },
      ['sk.number', 'sk.date'],
    ],
  ])(
    '%s: back to SUBMITTED, review facts dropped, audited with the field names',
    async (_case, patch, changed) => {
      const previous = verified();
      const { deps, writes } = setup(previous);

      const answer = await update(deps, { version: 2, ...patch });

      expect(answer).toMatchObject({
        status: 'SUBMITTED',
        version: 3,
        backToReview: true,
        changedFields: changed,
      });
      expect(writes).toHaveLength(1);
      const { next, history } = writes[0] ?? ({} as never);
      expect(next).toMatchObject({
        status: 'SUBMITTED',
        version: 3,
        updatedAt: NOW,
        submittedAt: previous.submittedAt,
      });
      expect(next).not.toHaveProperty('reviewedAt');
      expect(next).not.toHaveProperty('reviewedBy');
      expect(next.editTokenHash).toBe(previous.editTokenHash);
      expect(next.contact).toEqual(previous.contact);
      expect(history).toEqual({
        id: '01K20000000000000000000001',
        at: NOW,
        actor: { role: 'public' },
        action: 'UPDATE_PROFILE',
        fromStatus: 'VERIFIED',
        toStatus: 'SUBMITTED',
        reason: null,
        changedFields: changed,
      });
    },
  );

  it('moves the village with its names and listing codes', async () => {
    const { deps, writes } = setup(verified());

    await update(deps, { version: 2, villageCode: '51.02.05.2007' });

    expect(writes[0]?.next).toMatchObject({
      villageCode: '51.02.05.2007',
      villageName: 'Denbantas',
      districtCode: '51.02.05',
      regencyCode: '51.02',
    });
  });

  it.each([
    ['media links', { media: [{ type: 'WEBSITE', url: 'https://kimdajanpeken.desa.id' }] }, ['media']],
    ['focus areas', { focusAreas: ['UMKM'] }, ['focusAreas']],
    ['the member count', { memberCount: 20 }, ['memberCount']],
    [
      'the board',
      {
        officers: [
          { role: 'KETUA', name: 'Ni Made Sari', phone: '081234567893' },
          { role: 'SEKRETARIS', name: 'Ni Luh Ayu', phone: '+6281234567891' },
          { role: 'BENDAHARA', name: 'I Wayan Karya', phone: '0812-3456-7892' },
        ],
      },
      ['officers'],
    ],
    ['the SK date alone', { sk: { number: '141/12/DP/2025', date: '2025-06-01' } }, ['sk.date']],
    // The same decree written differently: the canonical number (the duplicate key) is unchanged.
    [
      'the way the SK number is written',
      { sk: { number: '141 / 012 / dp / 2025', date: '2025-06-02' } },
      ['sk.number'],
    ],
  ])('%s: stays VERIFIED with its review facts, one new version', async (_case, patch, changed) => {
    const previous = verified();
    const { deps, writes } = setup(previous);

    const answer = await update(deps, { version: 2, ...patch });

    expect(answer).toMatchObject({
      status: 'VERIFIED',
      version: 3,
      backToReview: false,
      changedFields: changed,
    });
    expect(writes[0]?.next).toMatchObject({
      status: 'VERIFIED',
      reviewedAt: previous.reviewedAt,
      reviewedBy: officer,
      skNumberNormalized: previous.skNumberNormalized,
    });
    expect(writes[0]?.history).toMatchObject({
      fromStatus: 'VERIFIED',
      toStatus: 'VERIFIED',
      changedFields: changed,
    });
  });

  it('keeps a SUBMITTED registration SUBMITTED whatever changes: it awaits its review anyway', async () => {
    const { deps, writes } = setup(fixtureRegistration(ID));

    const answer = await update(deps, {
      version: 1,
      name: 'KIM Dajan Peken Cerdas',
      villageCode: '51.02.05.2007',
    });

    expect(answer).toMatchObject({
      status: 'SUBMITTED',
      backToReview: false,
      changedFields: ['name', 'villageCode'],
    });
    expect(writes[0]?.history).toMatchObject({ fromStatus: 'SUBMITTED', toStatus: 'SUBMITTED' });
  });
});

describe('updates that change nothing', () => {
  it('write nothing and answer the stored profile with no changed fields', async () => {
    const previous = verified();
    const { deps, writes } = setup(previous);

    const answer = await update(deps, {
      version: 2,
      name: previous.name,
      // The same phone numbers as stored, written as people type them.
      officers: [
        { role: 'KETUA', name: 'I Made Sudarma', phone: '0812 3456 7890', email: 'made@example.id' },
        { role: 'SEKRETARIS', name: 'Ni Luh Ayu', phone: '081234567891' },
        { role: 'BENDAHARA', name: 'I Wayan Karya', phone: '+62 812-3456-7892' },
      ],
      sk: { ...previous.sk },
    });

    expect(writes).toEqual([]);
    expect(answer).toMatchObject({ status: 'VERIFIED', version: 2, changedFields: [], backToReview: false });
  });

  it('include an update naming no field at all', async () => {
    const { deps, writes } = setup(verified());

    expect((await update(deps, { version: 2 })).changedFields).toEqual([]);
    expect(writes).toEqual([]);
  });
});

describe('refused updates write nothing', () => {
  it.each([
    ['REJECTED', 'corrected whole'],
    ['DEACTIVATED', 'cannot be changed'],
  ] as const)('a %s registration: 409 naming its status', async (status, says) => {
    const { deps, writes } = setup(verified({ status }));

    const error = await failure(update(deps, { version: 2, memberCount: 20 }));

    expect(error).toBeInstanceOf(ProfileNotEditableError);
    expect((error as ProfileNotEditableError).details).toEqual({ currentStatus: status });
    expect((error as ProfileNotEditableError).messageEn).toContain(says);
    expect(writes).toEqual([]);
  });

  it('a stale version: 409 naming the current one', async () => {
    const { deps, writes } = setup(verified({ version: 4 }));

    const error = await failure(update(deps, { version: 3, memberCount: 20 }));

    expect(error).toBeInstanceOf(StaleVersionError);
    expect((error as StaleVersionError).details).toEqual({ currentStatus: 'VERIFIED', currentVersion: '4' });
    expect(writes).toEqual([]);
  });

  it('bad fields, judged by the registration rules on the registration as it would become, all in one answer', async () => {
    const { deps, writes } = setup(verified({ memberCount: 3 }));

    const error = await failure(
      update(deps, {
        version: 2,
        officers: [
          { role: 'KETUA', name: 'I Made Sudarma', phone: '081234567890' },
          { role: 'SEKRETARIS', name: 'Ni Luh Ayu', phone: '081234567891' },
          { role: 'BENDAHARA', name: 'I Wayan Karya', phone: '081234567892' },
          { role: 'HUMAS', name: 'Komang Ari', phone: '081234567894' },
        ],
        focusAreas: ['PERTANIAN', 'PERTANIAN'],
        media: [{ type: 'WEBSITE', url: 'javascript:alert(1)' }],
        villageCode: '51.71.01.1001',
      }),
    );

    expect(fieldsOf(error)).toEqual(['focusAreas', 'media[0].url', 'memberCount', 'villageCode']);
    expect(writes).toEqual([]);
  });

  it('a missing or malformed version, unknown fields and the contact: 400, each named', async () => {
    const { deps, writes } = setup(verified());

    const error = await failure(
      update(deps, {
        version: '2',
        status: 'VERIFIED',
        contact: { email: 'baru@example.id' },
        memberCount: 20,
      }),
    );
    const missing = await failure(update(deps, { memberCount: 20 }));

    expect(fieldsOf(error)).toEqual(['version', 'contact', 'status']);
    expect((error as ValidationError).errors.find((entry) => entry.field === 'contact')?.messageEn).toContain(
      'sign-in links',
    );
    expect(fieldsOf(missing)).toEqual(['version']);
    expect(writes).toEqual([]);
  });

  it.each([[null], [[]], ['text'], [42]])('a body that is not an object (%j): 400', async (body) => {
    const { deps, writes } = setup(verified());

    expect(fieldsOf(await failure(update(deps, body)))).toEqual(['(body)']);
    expect(writes).toEqual([]);
  });

  it('a wrong or missing edit token: 403; an unknown or malformed id: 404', async () => {
    const { deps, writes } = setup(verified());
    const nothing = setup(undefined).deps;

    expect(await failure(update(deps, { version: 2, memberCount: 20 }, 'wrong'))).toBeInstanceOf(
      ForbiddenError,
    );
    expect(
      await failure(updateRegistrationProfileWithEditToken(deps, { id: ID, editToken: undefined, body: {} })),
    ).toBeInstanceOf(ForbiddenError);
    expect(await failure(update(nothing, { version: 2 }))).toBeInstanceOf(NotFoundError);
    expect(
      await failure(
        updateRegistrationProfileWithEditToken(deps, { id: 'nope', editToken: FIXTURE_EDIT_TOKEN, body: {} }),
      ),
    ).toBeInstanceOf(NotFoundError);
    expect(writes).toEqual([]);
  });

  it('a claim another registration holds: 409 naming it', async () => {
    const { deps } = setup(verified(), { kind: 'duplicate', existingId: '01JZ0000000000000000000009' });

    const error = await failure(
      update(deps, { version: 2, sk: { number: '999/DP/2025', date: '2025-06-02' } }),
    );

    expect(error).toBeInstanceOf(DuplicateRegistrationError);
    expect((error as DuplicateRegistrationError).existingId).toBe('01JZ0000000000000000000009');
  });

  it('a change between the read and the write: 409', async () => {
    const { deps } = setup(verified(), { kind: 'conflict' });

    expect(await failure(update(deps, { version: 2, memberCount: 20 }))).toBeInstanceOf(
      RegistrationChangedError,
    );
  });
});

describe('the profile for pages and the API', () => {
  it('updates an id the caller has authorised, without an edit token', async () => {
    const { deps, writes } = setup(verified());

    const answer = await updateRegistrationProfile(deps, { id: ID, body: { version: 2, memberCount: 20 } });

    expect(answer).toMatchObject({ memberCount: 20, version: 3 });
    expect(writes).toHaveLength(1);
  });

  it('reads the profile with its version and without the contact, the token hash or the duplicate key', async () => {
    const { deps } = setup(verified());

    const profile = await getRegistrationProfileWithEditToken(deps, {
      id: ID,
      editToken: FIXTURE_EDIT_TOKEN,
    });

    expect(profile).toMatchObject({
      id: ID,
      status: 'VERIFIED',
      version: 2,
      name: 'KIM Dajan Peken Informatif',
    });
    expect(Object.keys(profile)).not.toEqual(expect.arrayContaining(['contact']));
    expect(profile).not.toHaveProperty('editTokenHash');
    expect(profile).not.toHaveProperty('skNumberNormalized');
    expect(profile).not.toHaveProperty('reviewedBy');
  });
});
