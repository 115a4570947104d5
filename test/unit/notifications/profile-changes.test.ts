import { describe, expect, it } from 'vitest';
import type { RegistrationEvent } from '../../../shared/events/registration-event.js';
import { planFor } from '../../../shared/notifications/notify-registration-event.js';

const event = (overrides: Partial<RegistrationEvent>): RegistrationEvent => ({
  eventId: 'evt-1',
  registrationId: '01JZ0000000000000000000021',
  version: 3,
  villageCode: '51.02.05.2006',
  oldVillageCode: '51.02.05.2006',
  oldStatus: 'VERIFIED',
  newStatus: 'SUBMITTED',
  at: '2025-07-03T01:00:00.000Z',
  ...overrides,
});

describe('the emails of a profile update', () => {
  it('tells the officers of a VERIFIED KIM sent back to review, as for a resubmission', () => {
    expect(planFor(event({}))).toEqual({ kind: 'officers', resubmission: true });
  });

  it("tells the new village's officers when a KIM awaiting review moves there", () => {
    expect(planFor(event({ oldStatus: 'SUBMITTED', villageCode: '51.02.05.2007' }))).toEqual({
      kind: 'officers',
      resubmission: true,
    });
  });

  it('sends nothing to the KIM itself: it made the change', () => {
    expect(planFor(event({})).kind).not.toBe('contact');
  });
});
