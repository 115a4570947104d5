import { describe, expect, it } from 'vitest';
import { REGISTRATION_STATUSES } from '../../../shared/registrations/schema.js';
import { nextStatus, TRANSITIONS, type TransitionAction } from '../../../shared/registrations/transitions.js';

const ALLOWED: ReadonlyArray<readonly [string, TransitionAction, string]> = [
  ['SUBMITTED', 'VERIFY', 'VERIFIED'],
  ['SUBMITTED', 'REJECT', 'REJECTED'],
  ['VERIFIED', 'DEACTIVATE', 'DEACTIVATED'],
  ['REJECTED', 'RESUBMIT', 'SUBMITTED'],
];

const actions = Object.keys(TRANSITIONS) as TransitionAction[];
const everyPair = REGISTRATION_STATUSES.flatMap((status) =>
  actions.map((action) => [status, action] as const),
);

describe('the status workflow', () => {
  it('allows exactly the four transitions of the issue', () => {
    const allowed = everyPair.flatMap(([status, action]) => {
      const to = nextStatus(status, action);
      return to === undefined ? [] : [[status, action, to] as const];
    });

    expect(allowed).toEqual(expect.arrayContaining([...ALLOWED]));
    expect(allowed).toHaveLength(ALLOWED.length);
  });

  it.each(
    everyPair.filter(
      ([status, action]) => !ALLOWED.some(([from, allowed]) => from === status && allowed === action),
    ),
  )('forbids %s → %s', (status, action) => {
    expect(nextStatus(status, action)).toBeUndefined();
  });

  it('has no way out of DEACTIVATED', () => {
    expect(actions.map((action) => nextStatus('DEACTIVATED', action))).toEqual(actions.map(() => undefined));
  });
});
