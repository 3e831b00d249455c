import { withUnit } from './format.js';
import type { BenchmarkReport, Measurement } from './results.js';
import { shortfall } from './targets.js';

export const TABLE_HEADER = [
  'benchmark',
  'metric',
  'value (median)',
  'runs min–max',
  'target',
  'result',
] as const;

export function verdict(m: Measurement): string {
  if (m.pass === undefined) return '—';
  return m.pass ? 'pass' : `MISS (${shortfall(m)})`;
}

function row(bench: string, m: Measurement): string[] {
  const range = m.runs.length > 1 ? `${withUnit(m.min, m.unit)} – ${withUnit(m.max, m.unit)}` : '';
  const target = m.target ? `${m.target.op === '<=' ? '≤' : '≥'} ${withUnit(m.target.limit, m.unit)}` : '';
  return [bench, m.metric, withUnit(m.median, m.unit), range, target, verdict(m)];
}

/** Rows of every benchmark; a skipped or failed one gets one line that says why. */
export function tableRows(reports: readonly BenchmarkReport[]): string[][] {
  const rows: string[][] = [];
  for (const r of reports) {
    if (r.status !== 'ok') {
      // One line in the table; the full message is in results.json and the log.
      const first = (r.note ?? '').replace(/^not available: /, '').split('\n')[0]!;
      const why = first.length > 100 ? `${first.slice(0, 99)}…` : first;
      rows.push([r.id, r.status === 'skipped' ? 'not available' : 'FAILED', why, '', '', r.status]);
      continue;
    }
    for (const m of r.measurements) rows.push(row(r.id, m));
  }
  return rows;
}

/** A plain-text table, columns padded to their widest cell (by code points, so `µ` and `≤` count as one). */
export function renderTable(reports: readonly BenchmarkReport[]): string {
  const rows = [[...TABLE_HEADER], ...tableRows(reports)];
  const len = (s: string) => [...s].length;
  const widths = TABLE_HEADER.map((_, c) => Math.max(...rows.map((r) => len(r[c] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell + ' '.repeat(widths[c]! - len(cell)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}
