import { type AwardPublishedEvent, awardPublishedEventSchema } from './award-event.js';
import type { AwardEventPublisher, RegistrationEventPublisher } from './ports.js';
import { type RegistrationEvent, registrationEventSchema } from './registration-event.js';

/** One change of one table item, as a change stream reports it, images already plain objects. */
export interface ItemChange {
  /** Where the change sits in its stream (the sequence number): what a partial failure names. */
  readonly position: string;
  /** Unique per change and the same on every redelivery. */
  readonly eventId: string;
  readonly kind: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** When the change was written. */
  readonly at: Date;
  readonly keys: Readonly<Record<string, unknown>>;
  readonly oldImage?: Readonly<Record<string, unknown>>;
  readonly newImage?: Readonly<Record<string, unknown>>;
}

export interface PublishRegistrationEventsDeps {
  readonly publisher: RegistrationEventPublisher;
  /** Where award publications go (the notification queue). @default none: they are skipped */
  readonly awardPublisher?: AwardEventPublisher;
}

export interface PublishOutcome {
  /** Changes that became events and reached every queue. */
  readonly published: number;
  /** Changes that are neither a registration's status or village change nor an award publication. */
  readonly skipped: number;
  /** Registration changes that could not be sent (or could not become a valid event). */
  readonly failed: number;
  /** Position of the first change that could not be sent: the stream resumes from there. */
  readonly firstFailedPosition?: string;
}

const REGISTRATION_PK = /^REG#(.+)$/;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Whether a change is a registration's status or village change; such changes become events. */
export const isRegistrationChange = (change: ItemChange): boolean => {
  if (change.kind === 'REMOVE' || change.newImage === undefined) return false;
  const pk = text(change.keys.PK);
  if (change.keys.SK !== 'REG' || pk === null || !REGISTRATION_PK.test(pk)) return false;
  // A registration's slot may hold a claim item instead (see keys.registration).
  if (change.newImage.type !== undefined && change.newImage.type !== 'REGISTRATION') return false;
  if (change.kind === 'INSERT') return true;
  const before = change.oldImage ?? {};
  return before.status !== change.newImage.status || before.villageCode !== change.newImage.villageCode;
};

const AWARD_PK = /^AWARD#(.+)$/;

/** Whether a change is the insertion of an award round's result: its publication (written once). */
export const isAwardPublication = (change: ItemChange): boolean =>
  change.kind === 'INSERT' &&
  change.keys.SK === 'RESULT' &&
  AWARD_PK.test(text(change.keys.PK) ?? '') &&
  change.newImage?.type === 'AWARD_RESULT';

/** The event of an award publication: the round's id, never anything of the result. */
export const awardEventOf = (
  change: ItemChange,
): { readonly event: AwardPublishedEvent } | { readonly problem: string } => {
  const result = awardPublishedEventSchema.safeParse({
    type: 'AWARD_PUBLISHED',
    eventId: change.eventId,
    roundId: AWARD_PK.exec(text(change.keys.PK) ?? '')?.[1],
    at: Number.isNaN(change.at.getTime()) ? undefined : change.at.toISOString(),
  });
  return result.success
    ? { event: result.data }
    : { problem: result.error.issues.map((issue) => issue.path.join('.') || 'event').join(', ') };
};

/**
 * The event of a registration change, or the reason it cannot be one (a registration item
 * missing a field the event needs). Only the registration id, village, statuses and version
 * are copied: nothing else of the item leaves the table.
 */
export const registrationEventOf = (
  change: ItemChange,
): { readonly event: RegistrationEvent } | { readonly problem: string } => {
  const image = change.newImage ?? {};
  const before = change.kind === 'INSERT' ? undefined : change.oldImage;
  const result = registrationEventSchema.safeParse({
    eventId: change.eventId,
    // The key names the registration's slot, not its whole id (see keys.registration).
    registrationId: text(image.id) ?? REGISTRATION_PK.exec(text(change.keys.PK) ?? '')?.[1],
    version: image.version,
    villageCode: image.villageCode,
    oldVillageCode: before === undefined ? null : (before.villageCode ?? null),
    oldStatus: before === undefined ? null : (before.status ?? null),
    newStatus: image.status,
    at: Number.isNaN(change.at.getTime()) ? undefined : change.at.toISOString(),
  });
  return result.success
    ? { event: result.data }
    : { problem: result.error.issues.map((issue) => issue.path.join('.') || 'event').join(', ') };
};

/**
 * Turns the registration status and village changes among `changes` into events and publishes
 * them to every queue, and award publications (with an `awardPublisher`) into events on the
 * notification queue. Other changes are skipped. Changes are taken in stream order: the outcome
 * names the first one that could not be published, so the stream can resume exactly there
 * (later ones are sent again then; consumers tell repeats apart by `eventId`).
 */
export const publishRegistrationEvents = async (
  deps: PublishRegistrationEventsDeps,
  changes: readonly ItemChange[],
  onInvalid: (eventId: string, problem: string) => void = () => undefined,
): Promise<PublishOutcome> => {
  const events: Array<{ position: string; event: RegistrationEvent }> = [];
  const awards: Array<{ position: string; event: AwardPublishedEvent }> = [];
  const invalid = new Set<string>();
  let skipped = 0;
  for (const change of changes) {
    if (deps.awardPublisher !== undefined && isAwardPublication(change)) {
      const built = awardEventOf(change);
      if ('event' in built) {
        awards.push({ position: change.position, event: built.event });
      } else {
        invalid.add(change.position);
        onInvalid(change.eventId, built.problem);
      }
      continue;
    }
    if (!isRegistrationChange(change)) {
      skipped++;
      continue;
    }
    const built = registrationEventOf(change);
    if ('event' in built) {
      events.push({ position: change.position, event: built.event });
    } else {
      invalid.add(change.position);
      onInvalid(change.eventId, built.problem);
    }
  }
  const [notSent, awardsNotSent] = await Promise.all([
    events.length === 0 ? new Set<string>() : deps.publisher.publish(events.map(({ event }) => event)),
    awards.length === 0 || deps.awardPublisher === undefined
      ? new Set<string>()
      : deps.awardPublisher.publish(awards.map(({ event }) => event)),
  ]);
  const unsent = [
    ...events.filter(({ event }) => notSent.has(event.eventId)),
    ...awards.filter(({ event }) => awardsNotSent.has(event.eventId)),
  ];
  const failedPositions = new Set([...invalid, ...unsent.map(({ position }) => position)]);
  const firstFailed = changes.find((change) => failedPositions.has(change.position));
  return {
    published: events.length + awards.length - unsent.length,
    skipped,
    failed: failedPositions.size,
    ...(firstFailed === undefined ? {} : { firstFailedPosition: firstFailed.position }),
  };
};
