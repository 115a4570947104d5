/** Small statistics helpers for the benchmarks; inputs are never mutated. */

/** The `p`-th percentile (0–100) by the nearest-rank method; NaN for no samples. */
export const percentile = (samples: readonly number[], p: number): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
};

/** The median (mean of the two middle samples for an even count); NaN for no samples. */
export const median = (samples: readonly number[]): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
};

export const formatMs = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

export const formatSeconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export const formatKb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

export const formatRatio = (ratio: number): string => `${ratio.toFixed(2)}×`;

export const formatRate = (perSecond: number): string => Math.round(perSecond).toLocaleString('en-US');
