import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../../shared/auth/principal.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../shared/platform/errors.js';
import {
  getRegistrationDetails,
  getRegistrationHistory,
  listRegistrations,
} from '../../../shared/registrations/admin-queries.js';
import type { HistoryEntry } from '../../../shared/registrations/history.js';
import {
  InvalidCursorError,
  type RegistrationListQuery,
  type RegistrationQueryRepository,
} from '../../../shared/registrations/ports.js';
import type { Registration } from '../../../shared/registrations/registration.js';
import { adminClaims, ppidClaims } from '../../fixtures/admin-event.js';
import { fixtureRegistration } from '../../fixtures/registration.js';

const ID = '01JZ0000000000000000000003';

/** A query repository that records the listing queries and holds one registration. */
const fakeRepository = (registration?: Registration, history: HistoryEntry[] = []) => {
  const queries: RegistrationListQuery[] = [];
  const repository: RegistrationQueryRepository = {
    get: async (id) => (id === registration?.id ? registration : undefined),
    list: async (query) => {
      queries.push(query);
      if (query.cursor === 'stale') throw new InvalidCursorError();
      return { items: [], nextCursor: null };
    },
    listHistory: async () => history,
  };
  return { repository, queries };
};

const admin = principalFromClaims(adminClaims(), '51.02');
const ppid = principalFromClaims(ppidClaims('51.02.05'), '51.02');

const failure = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('listRegistrations', () => {
  it('lists the caller region by default, 20 per page', async () => {
    const { repository, queries } = fakeRepository();

    await listRegistrations({ registrations: repository }, admin, {});
    await listRegistrations({ registrations: repository }, ppid, {});

    expect(queries).toEqual([
      { regionCode: '51.02', status: undefined, limit: 20, cursor: undefined },
      { regionCode: '51.02.05', status: undefined, limit: 20, cursor: undefined },
    ]);
  });

  it('passes region, status, limit and cursor on', async () => {
    const { repository, queries } = fakeRepository();

    await listRegistrations({ registrations: repository }, ppid, {
      region: '51.02.05.2006',
      status: 'REJECTED',
      limit: '100',
      cursor: 'abc',
    });

    expect(queries).toEqual([{ regionCode: '51.02.05.2006', status: 'REJECTED', limit: 100, cursor: 'abc' }]);
  });

  it('refuses a region beyond the caller with 403 before any read', async () => {
    const { repository, queries } = fakeRepository();

    const error = await failure(
      listRegistrations({ registrations: repository }, ppid, { region: '51.02.06' }),
    );

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(queries).toEqual([]);
  });

  it('turns a cursor the store does not recognise into a 400 on the cursor field', async () => {
    const { repository } = fakeRepository();

    const error = await failure(listRegistrations({ registrations: repository }, admin, { cursor: 'stale' }));

    expect((error as ValidationError).errors).toEqual([
      {
        field: 'cursor',
        message: 'Cursor tidak valid untuk permintaan ini; mulai lagi dari halaman pertama.',
        messageEn: 'The cursor does not belong to this query; start again from the first page.',
      },
    ]);
  });

  it.each([
    [{ limit: '1.5' }, 'limit', 'Must be a whole number from 1 to 100.'],
    [{ limit: '-1' }, 'limit', 'Must be a whole number from 1 to 100.'],
    [{ limit: '0020' }, 'limit', 'Must be a whole number from 1 to 100.'],
    [{ status: 'submitted' }, 'status', 'Must be one of: SUBMITTED, VERIFIED, REJECTED, DEACTIVATED.'],
    [{ region: 'ID.51' }, 'region', 'Region code must be a Kemendagri code such as 51.02 or 51.02.05.'],
    [{ cursor: '' }, 'cursor', 'Must be at least 1 characters.'],
    [{ page: '2' }, 'page', 'Unknown field.'],
  ])('refuses %o with a bilingual error on %s', async (query, field, messageEn) => {
    const { repository } = fakeRepository();

    const error = await failure(listRegistrations({ registrations: repository }, admin, query));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([{ field, message: expect.any(String), messageEn }]);
  });
});

describe('getRegistrationDetails and getRegistrationHistory', () => {
  it('answers 404 for unknown and malformed ids, 403 outside the caller region', async () => {
    const { repository } = fakeRepository(fixtureRegistration(ID, { villageCode: '51.02.01.2001' }));

    expect(
      await failure(getRegistrationDetails({ registrations: repository }, admin, 'nope')),
    ).toBeInstanceOf(NotFoundError);
    expect(
      await failure(
        getRegistrationDetails({ registrations: repository }, admin, '01JZ0000000000000000000009'),
      ),
    ).toBeInstanceOf(NotFoundError);
    expect(await failure(getRegistrationDetails({ registrations: repository }, ppid, ID))).toBeInstanceOf(
      ForbiddenError,
    );
    expect(await failure(getRegistrationHistory({ registrations: repository }, ppid, ID))).toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('answers history entries without their internal id', async () => {
    const entry: HistoryEntry = {
      id: ID,
      at: '2025-07-01T03:00:00.000Z',
      actor: { role: 'public' },
      action: 'SUBMIT',
      fromStatus: null,
      toStatus: 'SUBMITTED',
      reason: null,
    };
    const { repository } = fakeRepository(fixtureRegistration(ID), [entry]);

    const history = await getRegistrationHistory({ registrations: repository }, ppid, ID);

    expect(history).toEqual([
      {
        at: entry.at,
        actor: entry.actor,
        action: 'SUBMIT',
        fromStatus: null,
        toStatus: 'SUBMITTED',
        reason: null,
      },
    ]);
  });
});
