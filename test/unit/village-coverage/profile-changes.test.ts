import { describe, expect, it } from 'vitest';
import {
  type ItemChange,
  isRegistrationChange,
  registrationEventOf,
} from '../../../shared/events/publish-registration-events.js';
import type { RegistrationEvent } from '../../../shared/events/registration-event.js';
import { keys } from '../../../shared/platform/dynamodb/table.js';
import type { Registration } from '../../../shared/registrations/registration.js';
import { updateRegistrationProfile } from '../../../shared/registrations/registration-profile.js';
import { applyCoverageEvents } from '../../../shared/village-coverage/apply-events.js';
import { ZERO_COUNTERS } from '../../../shared/village-coverage/coverage.js';
import { fixedClock } from '../../fixtures/clock.js';
import { InMemoryCoverageStore } from '../../fixtures/in-memory-coverage.js';
import { sequentialIds, tabananSample } from '../../fixtures/in-memory-ports.js';
import { fixtureRegistration } from '../../fixtures/registration.js';

// Coverage after a profile update, the way the pipeline derives it: the registration's old and new
// images (as the use case writes them) become a stream change, the fan-out's rules turn it into an
// event or skip it, and the coverage consumer applies the events.

const A = '51.02.05.2006';
const B = '51.02.05.2007';
const DISTRICT = '51.02.05';
let sequence = 0;

const changeOf = (previous: Registration | undefined, next: Registration): ItemChange => {
  sequence++;
  return {
    position: String(sequence).padStart(6, '0'),
    eventId: `change-${sequence}`,
    kind: previous === undefined ? 'INSERT' : 'MODIFY',
    at: new Date('2025-07-03T01:00:00.000Z'),
    keys: keys.registration(next.id),
    ...(previous === undefined ? {} : { oldImage: { ...previous } }),
    newImage: { ...next },
  };
};

/** The events the fan-out would send for these changes. */
const eventsOf = (changes: readonly ItemChange[]): RegistrationEvent[] =>
  changes.filter(isRegistrationChange).map((change) => {
    const built = registrationEventOf(change);
    if (!('event' in built)) throw new Error(built.problem);
    return built.event;
  });

/** A VERIFIED registration in `village`, counted in `store` through its creation and verification events. */
const verifiedIn = async (store: InMemoryCoverageStore, id: string, village: string, skNumber: string) => {
  const submitted = fixtureRegistration(id, {
    villageCode: village,
    sk: { number: skNumber, date: '2025-06-02' },
  });
  const verified: Registration = { ...submitted, status: 'VERIFIED', version: 2 };
  await applyCoverageEvents(eventsOf([changeOf(undefined, submitted), changeOf(submitted, verified)]), {
    coverage: store,
  });
  return verified;
};

/** Runs a profile update on `stored` and returns the stream change its write makes (none when nothing was written). */
const updateProfile = async (stored: Registration, body: Record<string, unknown>) => {
  const changes: ItemChange[] = [];
  await updateRegistrationProfile(
    {
      registrations: {
        get: async () => stored,
        replace: async (previous, next) => {
          changes.push(changeOf(previous, next));
          return { kind: 'resubmitted' };
        },
      },
      regions: tabananSample(),
      clock: fixedClock('2025-07-03T01:00:00.000Z'),
      newId: sequentialIds('01K3'),
      scope: '51.02',
    },
    { id: stored.id, body: { version: stored.version, ...body } },
  );
  return changes;
};

describe('coverage after a profile update', () => {
  it('uncovers a village whose only verified KIM is renamed: it is pending again', async () => {
    const store = new InMemoryCoverageStore();
    const kim = await verifiedIn(store, '01JZ0000000000000000000011', A, '1/CAK/2025');
    expect(store.regions.get(DISTRICT)).toMatchObject({ covered: 1, verified: 1, pendingOnly: 0 });

    await applyCoverageEvents(eventsOf(await updateProfile(kim, { name: 'KIM Dajan Peken Cerdas' })), {
      coverage: store,
    });

    expect(store.villageCounters(A)).toMatchObject({ covered: 0, pendingOnly: 1, submitted: 1, verified: 0 });
    expect(store.regions.get(DISTRICT)).toEqual({ ...ZERO_COUNTERS, pendingOnly: 1, submitted: 1 });
    expect(store.regions.get('ID')).toEqual(store.regions.get(DISTRICT));
  });

  it('keeps a village covered when another verified KIM remains there', async () => {
    const store = new InMemoryCoverageStore();
    const kim = await verifiedIn(store, '01JZ0000000000000000000012', A, '2/CAK/2025');
    await verifiedIn(store, '01JZ0000000000000000000013', A, '3/CAK/2025');

    await applyCoverageEvents(
      eventsOf(await updateProfile(kim, { sk: { number: '4/CAK/2025', date: '2025-06-02' } })),
      { coverage: store },
    );

    expect(store.villageCounters(A)).toMatchObject({ covered: 1, pendingOnly: 0, submitted: 1, verified: 1 });
    expect(store.regions.get('51.02')).toEqual({ ...ZERO_COUNTERS, covered: 1, submitted: 1, verified: 1 });
  });

  it('moves a verified KIM to another village as pending: the first loses its coverage, exactly once under redelivery and reordering', async () => {
    const store = new InMemoryCoverageStore();
    const submitted = fixtureRegistration('01JZ0000000000000000000014', {
      villageCode: A,
      sk: { number: '5/CAK/2025', date: '2025-06-02' },
    });
    const verified: Registration = { ...submitted, status: 'VERIFIED', version: 2 };
    const creation = changeOf(undefined, submitted);
    const verification = changeOf(submitted, verified);
    await applyCoverageEvents(eventsOf([creation, verification]), { coverage: store });

    const move = eventsOf(await updateProfile(verified, { villageCode: B }));
    expect(move).toMatchObject([
      { oldVillageCode: A, villageCode: B, oldStatus: 'VERIFIED', newStatus: 'SUBMITTED', version: 3 },
    ]);
    await applyCoverageEvents(move, { coverage: store });
    // The move again, and the older events delivered late: nothing changes any more.
    const late = await applyCoverageEvents([...move, ...eventsOf([verification, creation])], {
      coverage: store,
    });

    expect(late.applied).toBe(0);
    expect(store.villageCounters(A)).toEqual(ZERO_COUNTERS);
    expect(store.villageCounters(B)).toEqual({ ...ZERO_COUNTERS, pendingOnly: 1, submitted: 1 });
    expect(store.regions.get(DISTRICT)).toEqual({ ...ZERO_COUNTERS, pendingOnly: 1, submitted: 1 });
  });

  it('sends no event for changes that keep the status and the village', async () => {
    const store = new InMemoryCoverageStore();
    const kim = await verifiedIn(store, '01JZ0000000000000000000015', A, '6/CAK/2025');

    const changes = await updateProfile(kim, {
      memberCount: 20,
      media: [{ type: 'WEBSITE', url: 'https://kimdajanpeken.desa.id' }],
      sk: { number: '6/CAK/2025', date: '2025-06-01' },
    });

    expect(changes).toHaveLength(1);
    expect(eventsOf(changes)).toEqual([]);
    expect(store.regions.get(DISTRICT)).toMatchObject({ covered: 1, verified: 1 });
  });
});
