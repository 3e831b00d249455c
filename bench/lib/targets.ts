import type { Measurement, Target } from './results.js';
import { type Summary, summarize } from './stats.js';

/** Judged on the median, never on the best run. */
export function meets(value: number, target: Target): boolean {
  return target.op === '<=' ? value <= target.limit : value >= target.limit;
}

export const atMost = (limit: number): Target => ({ op: '<=', limit });
export const atLeast = (limit: number): Target => ({ op: '>=', limit });

export interface MeasureOptions {
  unit: string;
  target?: Target;
  note?: string;
}

/** A measurement from repeated runs (or a summary of them), with its verdict when it has a target. */
export function measure(
  metric: string,
  runs: readonly number[] | Summary,
  opts: MeasureOptions,
): Measurement {
  const s = Array.isArray(runs) ? summarize(runs) : (runs as Summary);
  const m: Measurement = { metric, unit: opts.unit, median: s.median, min: s.min, max: s.max, runs: s.runs };
  if (opts.target) {
    m.target = opts.target;
    m.pass = meets(s.median, opts.target);
  }
  if (opts.note) m.note = opts.note;
  return m;
}

/** How far a missed target is off, for the table and the report: `2.4× over` / `61 % of`. */
export function shortfall(m: Measurement): string | undefined {
  if (!m.target || m.pass !== false) return undefined;
  const { op, limit } = m.target;
  if (op === '<=') return limit === 0 ? 'over' : `${fmtRatio(m.median / limit)} the limit`;
  return limit === 0 ? 'under' : `${Math.round((m.median / limit) * 100)} % of the target`;
}

function fmtRatio(r: number): string {
  // Two decimals near the limit, so a 2 % miss does not read as "1.0×".
  return `${r >= 10 ? r.toFixed(0) : r < 1.1 ? r.toFixed(2) : r.toFixed(1)}×`;
}
