import * as z from 'zod/mini';
import { withMeta } from '../platform/validation/meta.js';
import type { Registration } from './registration.js';
import { actorSchema, REGISTRATION_STATUSES, type RegistrationStatus } from './schema.js';

/** Who an audit entry names: a signed-in admin or PPID officer, or the public (the KIM itself). */
export type Actor =
  | { readonly sub: string; readonly username: string; readonly role: 'admin' | 'ppid' }
  | { readonly role: 'public' };

/** What an audit entry records. */
export const HISTORY_ACTIONS = [
  'SUBMIT',
  'VERIFY',
  'REJECT',
  'DEACTIVATE',
  'RESUBMIT',
  'UPDATE_PROFILE',
] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/** One audit entry of a registration: who did what, when, and why. */
export interface HistoryEntry {
  /** ULID of the entry (the registration's own id for its SUBMIT entry). */
  readonly id: string;
  readonly at: string;
  readonly actor: Actor;
  readonly action: HistoryAction;
  readonly fromStatus: RegistrationStatus | null;
  readonly toStatus: RegistrationStatus;
  readonly reason: string | null;
  /**
   * The fields a profile update changed (`name`, `sk.number`, …): names only, never their values.
   * Only on UPDATE_PROFILE entries.
   */
  readonly changedFields?: readonly string[];
}

/** The public form of an entry, as GET /admin/registrations/{id}/history answers it. */
export const historyEntryViewSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.object({
      at: z.iso.datetime(),
      actor: actorSchema,
      action: z.enum(HISTORY_ACTIONS),
      fromStatus: z.nullable(z.enum(REGISTRATION_STATUSES)),
      toStatus: z.enum(REGISTRATION_STATUSES),
      reason: z.nullable(z.string()),
      changedFields: z.optional(z.array(z.string())),
    }),
    { id: 'HistoryEntry' },
  ))();
export type HistoryEntryView = z.infer<typeof historyEntryViewSchema>;

export const toHistoryView = (entry: HistoryEntry): HistoryEntryView => ({
  at: entry.at,
  actor: entry.actor,
  action: entry.action,
  fromStatus: entry.fromStatus,
  toStatus: entry.toStatus,
  reason: entry.reason,
  ...(entry.changedFields === undefined ? {} : { changedFields: [...entry.changedFields] }),
});

/**
 * The SUBMIT entry a new registration is stored with. Fully determined by the registration, so a
 * retried create writes the very same entry.
 */
export const submitHistoryEntry = (registration: Registration): HistoryEntry => ({
  id: registration.id,
  at: registration.submittedAt,
  actor: { role: 'public' },
  action: 'SUBMIT',
  fromStatus: null,
  toStatus: 'SUBMITTED',
  reason: null,
});
