import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startScheduler } from '../../../infra/local/lambda/scheduler.js';
import { scheduleDefinitions } from '../../../shared/platform/pipeline-settings.js';

const { expression, timeZone } = scheduleDefinitions.digest;

describe('the local scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    // Friday 27 November 2026, 23:15 UTC.
    vi.setSystemTime(new Date('2026-11-27T23:15:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a schedule at its times in its time zone, and names the next run', async () => {
    const runs: string[] = [];
    const scheduler = startScheduler({
      schedules: [
        { name: 'digest', expression, timeZone, run: async () => void runs.push(new Date().toISOString()) },
      ],
      onError: () => {},
    });

    expect(scheduler.nextRun('digest')?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    await vi.advanceTimersByTimeAsync(2 * 24 * 3600_000 + 44 * 60_000 + 59_000);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toEqual(['2026-11-30T00:00:00.000Z']);
    expect(scheduler.nextRun('digest')?.toISOString()).toBe('2026-12-07T00:00:00.000Z');

    await vi.advanceTimersByTimeAsync(7 * 24 * 3600_000);
    expect(runs).toEqual(['2026-11-30T00:00:00.000Z', '2026-12-07T00:00:00.000Z']);
    scheduler.stop();
  });

  it('keeps a schedule going when a run fails, and reports the failure', async () => {
    const errors: Array<[string, unknown]> = [];
    let calls = 0;
    const scheduler = startScheduler({
      schedules: [
        {
          name: 'flaky',
          expression: 'cron(* * * * ? *)',
          timeZone: 'UTC',
          run: async () => {
            calls++;
            if (calls === 1) throw new Error('boom');
          },
        },
      ],
      onError: (name, error) => errors.push([name, error]),
    });

    await vi.advanceTimersByTimeAsync(3 * 60_000);

    expect(calls).toBe(3);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.[0]).toBe('flaky');
    expect(errors[0]?.[1]).toEqual(new Error('boom'));
    scheduler.stop();
  });

  it('reports a run that throws synchronously instead of crashing', async () => {
    const errors: string[] = [];
    const scheduler = startScheduler({
      schedules: [
        {
          name: 'sync',
          expression: 'cron(* * * * ? *)',
          timeZone: 'UTC',
          run: () => {
            throw new Error('sync boom');
          },
        },
      ],
      onError: (name) => errors.push(name),
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(errors).toEqual(['sync']);
    scheduler.stop();
  });

  it('waits more than setTimeout can at once (a yearly schedule)', async () => {
    const runs: string[] = [];
    const scheduler = startScheduler({
      schedules: [
        {
          name: 'yearly',
          expression: 'cron(0 9 1 MAR ? *)',
          timeZone: 'Asia/Makassar',
          run: async () => void runs.push(new Date().toISOString()),
        },
      ],
      onError: () => {},
    });
    expect(scheduler.nextRun('yearly')?.toISOString()).toBe('2027-03-01T01:00:00.000Z');
    await vi.advanceTimersByTimeAsync(new Date('2027-03-01T00:59:59Z').getTime() - Date.now());
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toEqual(['2027-03-01T01:00:00.000Z']);
    scheduler.stop();
  });

  it('stops: nothing runs after stop() and nextRun is undefined', async () => {
    let calls = 0;
    const scheduler = startScheduler({
      schedules: [
        { name: 'every', expression: 'cron(* * * * ? *)', timeZone: 'UTC', run: async () => void calls++ },
      ],
      onError: () => {},
    });
    scheduler.stop();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(calls).toBe(0);
    expect(scheduler.nextRun('every')).toBeUndefined();
    expect(scheduler.nextRun('unknown')).toBeUndefined();
  });

  it('refuses a bad expression or time zone at start, naming it', () => {
    const run = async () => {};
    expect(() =>
      startScheduler({
        schedules: [{ name: 'bad', expression: 'cron(0 8 L * ? *)', timeZone: 'UTC', run }],
        onError: () => {},
      }),
    ).toThrow(/cron\(0 8 L \* \? \*\): L, W and #/);
    expect(() =>
      startScheduler({
        schedules: [{ name: 'bad', expression, timeZone: 'Nowhere/City', run }],
        onError: () => {},
      }),
    ).toThrow(/Unknown time zone/);
  });
});
