/**
 * Fault injection for the local pipeline (never on AWS): `LOCAL_FAULTS=applyCoverage=0.2,notify=0.05`
 * makes the pollers fail that fraction of the named function's invocations. Half of the faults
 * strike before the handler runs (the invocation never happened), half after it returned (the
 * work is committed but the poller sees a failure and delivers the batch again: a crash after
 * commit). `LOCAL_FAULTS_SEED` makes the sequence of faults repeatable.
 */

/** Raised by the poller, not by the function, when a fault is injected. */
export class InjectedFaultError extends Error {
  override readonly name = 'InjectedFaultError';
  constructor(
    readonly functionName: string,
    readonly when: 'before' | 'after',
  ) {
    super(`Injected fault ${when} ${functionName} (LOCAL_FAULTS)`);
  }
}

/** A malformed LOCAL_FAULTS value; its message is the one line to print. */
export class LocalFaultsError extends Error {
  override readonly name = 'LocalFaultsError';
}

/** Parses `name=rate[,name=rate...]` with rates in [0, 1]; names must be known functions. */
export const parseLocalFaults = (value: string | undefined, knownFunctions: readonly string[]) => {
  const rates: Record<string, number> = {};
  for (const part of (value ?? '').split(',').map((item) => item.trim())) {
    if (part === '') continue;
    const [name = '', rateText = ''] = part.split('=').map((item) => item.trim());
    const rate = Number(rateText);
    if (!knownFunctions.includes(name) || rateText === '' || !(rate >= 0 && rate <= 1)) {
      throw new LocalFaultsError(
        `LOCAL_FAULTS: "${part}" is not <function>=<rate between 0 and 1> (functions: ${knownFunctions.join(', ')})`,
      );
    }
    rates[name] = rate;
  }
  return rates;
};

/** mulberry32: a small, fast, seeded generator; plenty for choosing which invocations fail. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export interface FaultInjector {
  /** Wraps an invocation so that the configured fraction of calls fails, before or after it runs. */
  wrap<E, R>(functionName: string, invoke: (event: E) => Promise<R>): (event: E) => Promise<R>;
  /** Faults injected so far, per function and moment. */
  counts(): Record<string, { before: number; after: number }>;
}

export const createFaultInjector = (
  rates: Readonly<Record<string, number>>,
  random: () => number = Math.random,
): FaultInjector => {
  const injected: Record<string, { before: number; after: number }> = {};
  return {
    wrap: (functionName, invoke) => {
      const rate = rates[functionName] ?? 0;
      if (rate === 0) return invoke;
      return async (event) => {
        const draw = random();
        const tally = injected[functionName] ?? { before: 0, after: 0 };
        injected[functionName] = tally;
        if (draw < rate / 2) {
          tally.before++;
          throw new InjectedFaultError(functionName, 'before');
        }
        const result = await invoke(event);
        if (draw < rate) {
          tally.after++;
          throw new InjectedFaultError(functionName, 'after');
        }
        return result;
      };
    },
    counts: () => structuredClone(injected),
  };
};
