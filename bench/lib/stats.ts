/** Summary of repeated runs of one metric. Medians are what targets are judged on: robust to one noisy run. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('summary of no values');
  return {
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    runs: [...values],
  };
}

/** Element-wise combination of paired runs (run i of `a` with run i of `b`, e.g. measured in the same round). */
export function paired(
  a: readonly number[],
  b: readonly number[],
  combine: (x: number, y: number) => number,
): number[] {
  if (a.length !== b.length) throw new Error(`paired runs differ in count: ${a.length} vs ${b.length}`);
  return a.map((x, i) => combine(x, b[i]!));
}
