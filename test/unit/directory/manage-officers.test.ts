import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../../shared/auth/principal.js';
import type { DuplicateOfficerError } from '../../../shared/directory/errors.js';
import {
  createOfficer,
  deleteOfficer,
  listOfficers,
  updateOfficer,
} from '../../../shared/directory/manage-officers.js';
import type { Officer, OfficerRepository } from '../../../shared/directory/officer.js';
import type {
  DirectoryListQuery,
  DirectoryWriteOutcome,
} from '../../../shared/directory/region-directory-ports.js';
import {
  ConcurrentModificationError,
  ForbiddenError,
  NotFoundError,
  type ValidationError,
} from '../../../shared/platform/errors.js';
import { adminClaims, ppidClaims } from '../../fixtures/admin-event.js';
import { FIXTURE_NOW, fixedClock } from '../../fixtures/clock.js';
import { sequentialIds, tabananSample } from '../../fixtures/in-memory-ports.js';

const ID = '01JZ0000000000000000000001';
const stored: Officer = {
  id: ID,
  name: 'Ni Made Sari',
  email: 'sari@tabanan.go.id',
  regionCode: '51.02',
  active: false,
  createdAt: FIXTURE_NOW,
  updatedAt: FIXTURE_NOW,
  version: 3,
};

/** An officer repository answering with fixed outcomes and recording what it was asked. */
const fakeOfficers = (
  options: { officer?: Officer; outcome?: DirectoryWriteOutcome; after?: Officer } = {},
) => {
  const calls: string[] = [];
  const written: Officer[] = [];
  const queries: DirectoryListQuery[] = [];
  let reads = 0;
  const officers: OfficerRepository = {
    get: async () => {
      calls.push('get');
      return reads++ === 0 ? options.officer : options.after;
    },
    create: async (officer) => {
      calls.push('create');
      written.push(officer);
      const outcome = options.outcome ?? { kind: 'written' };
      return outcome.kind === 'conflict' ? { kind: 'written' } : outcome;
    },
    update: async (_previous, next) => {
      calls.push('update');
      written.push(next);
      return options.outcome ?? { kind: 'written' };
    },
    delete: async () => {
      calls.push('delete');
      return options.outcome?.kind === 'conflict' ? 'conflict' : 'deleted';
    },
    list: async (query) => {
      queries.push(query);
      return { items: [stored], nextCursor: null };
    },
  };
  const regions = tabananSample();
  const deps = {
    officers,
    regions,
    clock: fixedClock(FIXTURE_NOW),
    newId: sequentialIds('01K2'),
    scope: '51.02',
  };
  return { deps, calls, written, queries, regions };
};

const admin = principalFromClaims(adminClaims(), '51.02');
const ppid = principalFromClaims(ppidClaims('51.02'), '51.02');
const failure = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );
const body = { name: ' I Ketut Adi ', email: ' Adi@Tabanan.GO.id ', regionCode: '51.02.05' };

describe('the officer directory use cases', () => {
  it('refuse a PPID officer with 403 before reading or validating anything', async () => {
    const { deps, calls, regions } = fakeOfficers({ officer: stored });

    const errors = await Promise.all([
      failure(listOfficers(deps, ppid, {})),
      failure(createOfficer(deps, ppid, { nonsense: true })),
      failure(updateOfficer(deps, ppid, ID, body)),
      failure(deleteOfficer(deps, ppid, ID)),
    ]);

    expect(errors.every((error) => error instanceof ForbiddenError)).toBe(true);
    expect(calls).toEqual([]);
    expect(regions.calls.get).toBe(0);
  });

  it('create an officer with a trimmed name, a trimmed lower-cased email, active by default', async () => {
    const { deps, written } = fakeOfficers();

    const view = await createOfficer(deps, admin, body);

    expect(view).toEqual({
      id: '01K20000000000000000000001',
      name: 'I Ketut Adi',
      email: 'adi@tabanan.go.id',
      regionCode: '51.02.05',
      active: true,
    });
    expect(written[0]).toMatchObject({ createdAt: FIXTURE_NOW, updatedAt: FIXTURE_NOW, version: 1 });
  });

  it('refuse a region outside the scope without looking it up, and an unknown one after', async () => {
    const outside = fakeOfficers();
    const unknown = fakeOfficers();

    const outsideError = await failure(createOfficer(outside.deps, admin, { ...body, regionCode: '51.71' }));
    const unknownError = await failure(
      createOfficer(unknown.deps, admin, { ...body, regionCode: '51.02.05.2999' }),
    );

    expect((outsideError as ValidationError).errors.map((error) => error.field)).toEqual(['regionCode']);
    expect(outside.regions.calls.get).toBe(0);
    expect((unknownError as ValidationError).errors.map((error) => error.field)).toEqual(['regionCode']);
    expect(unknown.regions.calls.get).toBe(1);
    expect([...outside.calls, ...unknown.calls]).toEqual([]);
  });

  it('name a field of the wrong type as such, not as missing, and write nothing', async () => {
    const { deps, calls } = fakeOfficers();

    const error = await failure(createOfficer(deps, admin, { ...body, name: 42, active: 'yes' }));

    expect((error as ValidationError).errors.map((item) => [item.field, item.messageEn])).toEqual([
      ['name', 'Must be a string.'],
      ['active', 'Must be a boolean.'],
    ]);
    expect(calls).toEqual([]);
  });

  it('report a duplicate email with the officer that has it', async () => {
    const { deps } = fakeOfficers({ outcome: { kind: 'duplicate', existingId: ID } });

    const error = await failure(createOfficer(deps, admin, body));

    expect((error as DuplicateOfficerError).existingId).toBe(ID);
  });

  it('update keeps `active` when omitted and steps the version', async () => {
    const { deps, written } = fakeOfficers({ officer: stored });

    const view = await updateOfficer(deps, admin, ID, body);

    expect(view.active).toBe(false);
    expect(written[0]).toMatchObject({ version: 4, createdAt: FIXTURE_NOW, email: 'adi@tabanan.go.id' });
  });

  it('update and delete answer 404 for unknown or malformed ids, and 404 or 409 after losing a race', async () => {
    const missing = fakeOfficers();
    const vanished = fakeOfficers({ officer: stored, outcome: { kind: 'conflict' } });
    const changed = fakeOfficers({
      officer: stored,
      outcome: { kind: 'conflict' },
      after: { ...stored, version: 4 },
    });

    expect(await failure(updateOfficer(missing.deps, admin, ID, body))).toBeInstanceOf(NotFoundError);
    expect(await failure(deleteOfficer(missing.deps, admin, 'not-an-id'))).toBeInstanceOf(NotFoundError);
    expect(await failure(updateOfficer(vanished.deps, admin, ID, body))).toBeInstanceOf(NotFoundError);
    expect(await failure(updateOfficer(changed.deps, admin, ID, body))).toBeInstanceOf(
      ConcurrentModificationError,
    );
  });

  it('list the scope and everything inside it by default', async () => {
    const { deps, queries } = fakeOfficers();

    const page = await listOfficers(deps, admin, { limit: '5' });

    expect(queries).toEqual([{ regionCode: '51.02', includeDescendants: true, limit: 5, cursor: undefined }]);
    expect(page.items).toEqual([
      { id: ID, name: 'Ni Made Sari', email: 'sari@tabanan.go.id', regionCode: '51.02', active: false },
    ]);
  });
});
