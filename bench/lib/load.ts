import { percentile } from './stats.js';

export interface LoadResult {
  /** Latency of each completed request, in milliseconds. */
  readonly latencies: readonly number[];
  readonly failures: number;
  /** A sample failure message, if any. */
  readonly firstFailure: string | undefined;
  readonly elapsedMs: number;
}

/**
 * Runs `send(i)` for i = 0..count-1 with `concurrency` calls in flight, and stops early once
 * `timeLimitMs` has passed. `send` resolves to undefined on success, or to a failure message.
 */
export const runLoad = async (
  count: number,
  concurrency: number,
  timeLimitMs: number,
  send: (index: number) => Promise<string | undefined>,
): Promise<LoadResult> => {
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let next = 0;
  const started = performance.now();
  const deadline = started + timeLimitMs;
  const worker = async () => {
    for (let index = next++; index < count && performance.now() < deadline; index = next++) {
      const sent = performance.now();
      const failure = await send(index).catch((error: unknown) =>
        error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      );
      if (failure === undefined) latencies.push(performance.now() - sent);
      else {
        failures++;
        firstFailure ??= failure;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, failures, firstFailure, elapsedMs: performance.now() - started };
};

/** Pools the results of several rounds of one kind of load. */
export const pool = (results: readonly LoadResult[]) => {
  const latencies = results.flatMap((result) => result.latencies);
  const elapsedMs = results.reduce((sum, result) => sum + result.elapsedMs, 0);
  return {
    completed: latencies.length,
    failures: results.reduce((sum, result) => sum + result.failures, 0),
    firstFailure: results.find((result) => result.firstFailure !== undefined)?.firstFailure,
    perSecond: (latencies.length / elapsedMs) * 1000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
};
