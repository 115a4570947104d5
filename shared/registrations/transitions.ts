import type { HistoryAction } from './history.js';
import type { RegistrationStatus } from './schema.js';

/**
 * Every status change the workflow allows, by the action that makes it. A profile update
 * (UPDATE_PROFILE) is not here: it keeps the status, or sends a VERIFIED registration back to
 * SUBMITTED (see registration-profile.ts).
 */
export const TRANSITIONS = {
  VERIFY: { from: 'SUBMITTED', to: 'VERIFIED' },
  REJECT: { from: 'SUBMITTED', to: 'REJECTED' },
  DEACTIVATE: { from: 'VERIFIED', to: 'DEACTIVATED' },
  RESUBMIT: { from: 'REJECTED', to: 'SUBMITTED' },
} as const satisfies Record<
  Exclude<HistoryAction, 'SUBMIT' | 'UPDATE_PROFILE'>,
  { readonly from: RegistrationStatus; readonly to: RegistrationStatus }
>;

export type TransitionAction = keyof typeof TRANSITIONS;

/** The status `action` leads to from `status`, or undefined when the workflow forbids it. */
export const nextStatus = (
  status: RegistrationStatus,
  action: TransitionAction,
): RegistrationStatus | undefined =>
  TRANSITIONS[action].from === status ? TRANSITIONS[action].to : undefined;
