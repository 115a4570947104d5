import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../../shared/auth/principal.js';
import { listOfficers, updateOfficer } from '../../../shared/directory/manage-officers.js';
import type { Officer, OfficerRepository } from '../../../shared/directory/officer.js';
import { adminClaims } from '../../fixtures/admin-event.js';
import { FIXTURE_NOW, fixedClock } from '../../fixtures/clock.js';
import { sequentialIds, tabananSample } from '../../fixtures/in-memory-ports.js';

const ID = '01JZ0000000000000000000001';
const MARK = { at: FIXTURE_NOW, reason: 'MessageRejected' };
const bounced: Officer = {
  id: ID,
  name: 'Ni Made Sari',
  email: 'sari@tabanan.go.id',
  regionCode: '51.02.05',
  active: true,
  createdAt: FIXTURE_NOW,
  updatedAt: FIXTURE_NOW,
  version: 2,
  emailUndeliverable: MARK,
};

const setup = () => {
  const written: Officer[] = [];
  const officers: OfficerRepository = {
    get: async () => bounced,
    create: async () => ({ kind: 'written' }),
    update: async (_previous, next) => {
      written.push(next);
      return { kind: 'written' };
    },
    delete: async () => 'deleted',
    list: async () => ({ items: [bounced], nextCursor: null }),
  };
  const deps = {
    officers,
    regions: tabananSample(),
    clock: fixedClock(FIXTURE_NOW),
    newId: sequentialIds(),
    scope: '51.02',
  };
  return { deps, written };
};

const admin = principalFromClaims(adminClaims(), '51.02');
const body = { name: bounced.name, email: bounced.email, regionCode: bounced.regionCode };

describe('an officer whose address bounced for good', () => {
  it('shows the mark in the admin view', async () => {
    const { deps } = setup();

    const page = await listOfficers(deps, admin, {});

    expect(page.items[0]?.emailUndeliverable).toEqual(MARK);
  });

  it('keeps the mark through a PUT that keeps the email (case and spaces aside)', async () => {
    const { deps, written } = setup();

    const view = await updateOfficer(deps, admin, ID, {
      ...body,
      name: 'Ni Made Sari Dewi',
      email: ' SARI@tabanan.go.id ',
    });

    expect(view.emailUndeliverable).toEqual(MARK);
    expect(written[0]?.emailUndeliverable).toEqual(MARK);
  });

  it('loses the mark with a PUT that changes the email', async () => {
    const { deps, written } = setup();

    const view = await updateOfficer(deps, admin, ID, { ...body, email: 'sari.baru@tabanan.go.id' });

    expect(view).not.toHaveProperty('emailUndeliverable');
    expect(written[0]).not.toHaveProperty('emailUndeliverable');
  });
});
