import * as z from 'zod/mini';

/**
 * What the fan-out function sends to the notification queue when an award round's result is
 * stored (its publication): the round's id and nothing else. The consumer reads the published
 * result and the winners' registrations itself.
 */
export const awardPublishedEventSchema = z.strictObject({
  type: z.literal('AWARD_PUBLISHED'),
  /** The stream record's eventID: unique per change, the same on every redelivery. */
  eventId: z.string().check(z.minLength(1), z.maxLength(128)),
  roundId: z.string().check(z.minLength(1), z.maxLength(64)),
  /** When the result was written (ISO 8601). */
  at: z.iso.datetime(),
});

export type AwardPublishedEvent = z.infer<typeof awardPublishedEventSchema>;
