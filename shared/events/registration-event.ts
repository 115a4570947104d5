import * as z from 'zod';
import { isVillageCode } from '../platform/region-codes.js';
import { REGISTRATION_STATUSES } from '../registrations/schema.js';

const status = z.enum(REGISTRATION_STATUSES);
const villageCode = z.string().refine(isVillageCode, 'must be a village code');

/**
 * What the fan-out function sends to the coverage and notification queues for one change of a
 * registration's status or village. It names the registration and the change, never the KIM's
 * officers, members or contact: consumers that need those read the registration.
 *
 * `version` is the registration's version after the change. Versions grow by one on every
 * change, so a consumer can tell a stale or repeated event from a new one.
 */
export const registrationEventSchema = z
  .object({
    /** The stream record's eventID: unique per change, the same on every redelivery. */
    eventId: z.string().min(1).max(128),
    registrationId: z.string().min(1).max(64),
    version: z.number().int().min(1),
    /** The village after the change. */
    villageCode,
    /** The village before the change; null for a new registration. */
    oldVillageCode: villageCode.nullable(),
    /** The status before the change; null for a new registration. */
    oldStatus: status.nullable(),
    newStatus: status,
    /** When the change was written (the stream record's creation time, ISO 8601). */
    at: z.iso.datetime(),
  })
  .strict();

export type RegistrationEvent = z.infer<typeof registrationEventSchema>;
