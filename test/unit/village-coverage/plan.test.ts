import { describe, expect, it } from 'vitest';
import type { RegistrationEvent } from '../../../shared/events/registration-event.js';
import { ZERO_COUNTERS } from '../../../shared/village-coverage/coverage.js';
import { chunkEvents, planCoverage, type StoredVillage } from '../../../shared/village-coverage/plan.js';

const A = '51.02.01.2001';
const B = '51.02.02.2001';

const event = (overrides: Partial<RegistrationEvent>): RegistrationEvent => ({
  eventId: `evt-${overrides.version ?? 1}`,
  registrationId: 'reg-1',
  version: 1,
  villageCode: A,
  oldVillageCode: null,
  oldStatus: null,
  newStatus: 'SUBMITTED',
  at: '2026-11-27T00:00:00.000Z',
  ...overrides,
});

const stored = (code: string, registrations: StoredVillage['coverage']['registrations'], rev = 1) =>
  [
    code,
    { coverage: { code, districtCode: code.split('.').slice(0, 3).join('.'), registrations }, rev },
  ] as const;

describe('planCoverage', () => {
  it('counts a new registration as pending in its village and every region above', () => {
    const plan = planCoverage([event({})], new Map());

    expect(plan.villages).toHaveLength(1);
    expect(plan.villages[0]?.before.rev).toBeUndefined();
    const delta = { ...ZERO_COUNTERS, submitted: 1, pendingOnly: 1 };
    expect(Object.fromEntries(plan.regionDeltas)).toEqual({
      '51.02.01': delta,
      '51.02': delta,
      '51': delta,
      ID: delta,
    });
  });

  it('turns a pending village into a covered one on verification', () => {
    const villages = new Map([stored(A, { 'reg-1': { status: 'SUBMITTED', version: 1 } })]);

    const plan = planCoverage(
      [event({ version: 2, oldStatus: 'SUBMITTED', newStatus: 'VERIFIED' })],
      villages,
    );

    expect(plan.regionDeltas.get('51.02')).toEqual({
      ...ZERO_COUNTERS,
      submitted: -1,
      verified: 1,
      covered: 1,
      pendingOnly: -1,
    });
  });

  it('keeps a village covered while a second KIM is verified there', () => {
    const villages = new Map([
      stored(A, {
        'reg-1': { status: 'VERIFIED', version: 2 },
        'reg-2': { status: 'SUBMITTED', version: 1 },
      }),
    ]);

    const plan = planCoverage(
      [event({ registrationId: 'reg-2', version: 2, oldStatus: 'SUBMITTED', newStatus: 'VERIFIED' })],
      villages,
    );

    expect(plan.regionDeltas.get('51.02')).toEqual({ ...ZERO_COUNTERS, submitted: -1, verified: 1 });
  });

  it('ignores a duplicate and an event older than the counted version', () => {
    const villages = new Map([stored(A, { 'reg-1': { status: 'VERIFIED', version: 2 } })]);

    const plan = planCoverage(
      [event({ version: 2, newStatus: 'VERIFIED' }), event({ version: 1 })],
      villages,
    );

    expect(plan.villages).toEqual([]);
    expect(plan.stale).toHaveLength(2);
  });

  it('moves a resubmitted registration to its new village and leaves a tombstone in the old one', () => {
    const villages = new Map([stored(A, { 'reg-1': { status: 'REJECTED', version: 2 } })]);

    const plan = planCoverage(
      [
        event({
          version: 3,
          villageCode: B,
          oldVillageCode: A,
          oldStatus: 'REJECTED',
          newStatus: 'SUBMITTED',
        }),
      ],
      villages,
    );

    const after = Object.fromEntries(
      plan.villages.map(({ after: village }) => [village.code, village.registrations]),
    );
    expect(after[A]).toEqual({ 'reg-1': { status: null, version: 3 } });
    expect(after[B]).toEqual({ 'reg-1': { status: 'SUBMITTED', version: 3 } });
    expect(plan.regionDeltas.get('51.02.01')).toEqual({ ...ZERO_COUNTERS, rejected: -1 });
    expect(plan.regionDeltas.get('51.02.02')).toEqual({ ...ZERO_COUNTERS, submitted: 1, pendingOnly: 1 });
    expect(plan.regionDeltas.get('51.02')).toEqual({
      ...ZERO_COUNTERS,
      rejected: -1,
      submitted: 1,
      pendingOnly: 1,
    });
  });

  it('does not count a late creation event in a village the registration already left', () => {
    const villages = new Map([
      stored(A, { 'reg-1': { status: null, version: 3 } }),
      stored(B, { 'reg-1': { status: 'SUBMITTED', version: 3 } }),
    ]);

    const plan = planCoverage([event({ version: 1 })], villages);

    expect(plan.villages).toEqual([]);
  });
});

describe('chunkEvents', () => {
  it('keeps every transaction within 100 items, regions included', () => {
    const events = Array.from({ length: 300 }, (_, index) =>
      event({
        registrationId: `reg-${index}`,
        villageCode: `51.${String(10 + (index % 80)).padStart(2, '0')}.01.${String(2001 + index)}`,
      }),
    );

    const chunks = chunkEvents(events);

    expect(chunks.flat()).toHaveLength(300);
    for (const chunk of chunks) {
      const items = new Set(
        chunk.flatMap((e) => {
          const parts = e.villageCode.split('.');
          return [e.villageCode, parts.slice(0, 3).join('.'), parts.slice(0, 2).join('.'), parts[0], 'ID'];
        }),
      );
      expect(items.size).toBeLessThanOrEqual(100);
    }
  });
});
