/** A timing distribution, in milliseconds, rounded to hundredths. */
export interface Summary {
  min: number;
  median: number;
  p90: number;
  p99: number;
  max: number;
  samples: number[];
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

/** Nearest-rank percentile of sorted samples (p in 0..100). */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

export function summarise(samples: readonly number[]): Summary {
  if (!samples.length) throw new Error('summarise: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    min: round(sorted[0] ?? Number.NaN),
    median: round(median(sorted)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
    samples: samples.map(round),
  };
}
