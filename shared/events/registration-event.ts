import * as z from 'zod/mini';
import { isVillageCode } from '../platform/region-codes.js';
import { REGISTRATION_STATUSES } from '../registrations/schema.js';

const status = z.enum(REGISTRATION_STATUSES);
const villageCode = z.string().check(z.refine(isVillageCode, 'must be a village code'));

/**
 * What the fan-out function sends to the coverage and notification queues for one change of a
 * registration's status or village. It names the registration and the change, never the KIM's
 * officers, members or contact: consumers that need those read the registration.
 *
 * `version` is the registration's version after the change. Versions grow by one on every
 * change, so a consumer can tell a stale or repeated event from a new one.
 */
export const registrationEventSchema = z.strictObject({
  /** The stream record's eventID: unique per change, the same on every redelivery. */
  eventId: z.string().check(z.minLength(1), z.maxLength(128)),
  registrationId: z.string().check(z.minLength(1), z.maxLength(64)),
  version: z.number().check(z.int(), z.gte(1)),
  /** The village after the change. */
  villageCode,
  /** The village before the change; null for a new registration. */
  oldVillageCode: z.nullable(villageCode),
  /** The status before the change; null for a new registration. */
  oldStatus: z.nullable(status),
  newStatus: status,
  /** When the change was written (the stream record's creation time, ISO 8601). */
  at: z.iso.datetime(),
});

export type RegistrationEvent = z.infer<typeof registrationEventSchema>;
