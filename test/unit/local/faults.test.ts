import { describe, expect, it } from 'vitest';
import {
  createFaultInjector,
  InjectedFaultError,
  LocalFaultsError,
  parseLocalFaults,
  seededRandom,
} from '../../../infra/local/lambda/faults.js';

const FUNCTIONS = ['applyCoverage', 'notify', 'fanOut'];

describe('LOCAL_FAULTS', () => {
  it('parses function=rate pairs', () => {
    expect(parseLocalFaults('applyCoverage=0.2, notify=0', FUNCTIONS)).toEqual({
      applyCoverage: 0.2,
      notify: 0,
    });
    expect(parseLocalFaults(undefined, FUNCTIONS)).toEqual({});
  });

  it('refuses unknown functions and rates outside [0, 1] in one line', () => {
    for (const value of ['coverage=0.2', 'applyCoverage=2', 'applyCoverage', 'applyCoverage=x']) {
      expect(() => parseLocalFaults(value, FUNCTIONS)).toThrow(LocalFaultsError);
    }
  });

  it('fails about the configured fraction, half before the handler runs and half after it returned', async () => {
    const injector = createFaultInjector({ applyCoverage: 0.2 }, seededRandom(42));
    let ran = 0;
    const invoke = injector.wrap('applyCoverage', async () => {
      ran++;
      return 'ok';
    });
    let failedBefore = 0;
    let failedAfter = 0;
    for (let index = 0; index < 5000; index++) {
      const before = ran;
      try {
        await invoke({});
      } catch (error) {
        expect(error).toBeInstanceOf(InjectedFaultError);
        if (ran === before) failedBefore++;
        else failedAfter++;
      }
    }
    expect((failedBefore + failedAfter) / 5000).toBeCloseTo(0.2, 1);
    expect(failedBefore / (failedBefore + failedAfter)).toBeCloseTo(0.5, 1);
    expect(injector.counts()).toEqual({ applyCoverage: { before: failedBefore, after: failedAfter } });
  });

  it('repeats the same faults with the same seed, and leaves other functions alone', async () => {
    const outcomes = async (seed: number) => {
      const invoke = createFaultInjector({ notify: 0.5 }, seededRandom(seed)).wrap(
        'notify',
        async () => 'ok',
      );
      const results: string[] = [];
      for (let index = 0; index < 20; index++) {
        results.push(await invoke({}).catch((error: InjectedFaultError) => error.when));
      }
      return results;
    };
    expect(await outcomes(7)).toEqual(await outcomes(7));
    const untouched = createFaultInjector({ notify: 1 }).wrap('fanOut', async () => 'ok');
    expect(await untouched({})).toBe('ok');
  });
});
