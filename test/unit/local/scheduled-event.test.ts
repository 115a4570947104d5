import { describe, expect, it } from 'vitest';
import { scheduledEvent } from '../../../infra/local/stack/schedules.js';

describe('the event of a local schedule run', () => {
  it('is the target input the deployed schedules send, with the firing minute as its scheduled time', () => {
    expect(scheduledEvent(new Date('2026-11-30T00:00:00.412Z'))).toEqual({
      scheduledTime: '2026-11-30T00:00:00Z',
    });
    expect(scheduledEvent(new Date('2026-11-29T18:00:01.950Z'))).toEqual({
      scheduledTime: '2026-11-29T18:00:00Z',
    });
  });
});
