import type { AwardPublishedEvent } from './award-event.js';
import type { RegistrationEvent } from './registration-event.js';

/** Sends registration events to every queue that consumes them (coverage and notification). */
export interface RegistrationEventPublisher {
  /**
   * Sends each event to every destination. Resolves with the `eventId`s that could not be sent to
   * all of them after the publisher's own retries; an empty set when everything was sent.
   */
  publish(events: readonly RegistrationEvent[]): Promise<ReadonlySet<string>>;
}

/** Sends award publication events to the notification queue. */
export interface AwardEventPublisher {
  /** As RegistrationEventPublisher.publish: resolves with the `eventId`s that could not be sent. */
  publish(events: readonly AwardPublishedEvent[]): Promise<ReadonlySet<string>>;
}
