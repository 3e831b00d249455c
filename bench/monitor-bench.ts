import fs from 'node:fs';
import path from 'node:path';
import { type BenchContext, type Benchmark, type BenchOutcome, NotAvailable } from './lib/benchmark.js';
import { runTsJson } from './lib/child-json.js';
import type { Measurement } from './lib/results.js';
import { atLeast, measure } from './lib/targets.js';

/** The JSON line bench/monitor.ts (helper-7's) prints last; every field optional so a change there degrades, not breaks. */
export interface MonitorJson {
  targets?: number;
  intervalS?: number;
  rounds?: number;
  coveredPerInterval?: number[];
  everyTargetEveryInterval?: boolean;
  [key: string]: unknown;
}

/** Known fields: [JSON key, metric, unit]. Other numeric fields are folded in as they come. */
const KNOWN: ReadonlyArray<[string, string, string]> = [
  ['cpuPercent', 'monitor CPU', '% of a core'],
  ['cpuMsPerCheck', 'monitor CPU per check', 'ms'],
  ['rssMaxMb', 'monitor peak RSS', 'MB'],
  ['heapSecondHalfGrowthMb', 'heap growth over the second half', 'MB'],
  ['latencyP50Ms', 'check latency p50', 'ms'],
  ['latencyP95Ms', 'check latency p95', 'ms'],
  ['maxGapMs', 'longest gap between two checks of a target', 'ms'],
  ['sweepMs', 'one sweep of every target at once', 'ms'],
  ['dbBytesPerCheck', 'database growth per check', 'B'],
  ['failedChecks', 'failed checks', ''],
];
const SETTINGS = new Set(['benchmark', 'targets', 'intervalS', 'rounds', 'concurrency', 'wallS']);

export function monitorMeasurements(json: MonitorJson): Measurement[] {
  const out: Measurement[] = [];
  const targets = json.targets;
  if (
    typeof targets === 'number' &&
    Array.isArray(json.coveredPerInterval) &&
    json.coveredPerInterval.length > 0
  ) {
    const shares = json.coveredPerInterval.map((c) => (c / targets) * 100);
    // "Every target within the interval" is judged on the worst interval, not the median one.
    out.push(
      measure(
        `targets checked in the worst ${json.intervalS ?? '?'} s interval (of ${targets})`,
        [Math.min(...shares)],
        {
          unit: '%',
          target: atLeast(100),
          note: `per interval: ${json.coveredPerInterval.join(', ')} of ${targets}`,
        },
      ),
    );
  }
  const used = new Set<string>(['coveredPerInterval', 'everyTargetEveryInterval', ...SETTINGS]);
  for (const [key, metric, unit] of KNOWN) {
    const v = json[key];
    if (typeof v !== 'number') continue;
    used.add(key);
    out.push(measure(metric, [v], { unit }));
  }
  for (const [key, v] of Object.entries(json)) {
    if (used.has(key) || typeof v !== 'number') continue;
    out.push(measure(key, [v], { unit: '' }));
  }
  return out;
}

async function run(ctx: BenchContext): Promise<BenchOutcome> {
  const entry = path.join(ctx.root, 'bench', 'monitor.ts');
  if (!fs.existsSync(entry)) throw new NotAvailable('monitor benchmark (bench/monitor.ts) not built');
  const json = await runTsJson<MonitorJson>(
    entry,
    { quick: ctx.quick },
    { cwd: ctx.root, timeoutMs: 600_000 },
  );
  const settings: Record<string, unknown> = { runner: 'bench/monitor.ts (its JSON folded in)' };
  for (const key of SETTINGS) if (key in json) settings[key] = json[key];
  return { settings, measurements: monitorMeasurements(json) };
}

export const monitorBenchmark: Benchmark = {
  id: 'monitor',
  title: 'Health monitor: 500 targets on stand-in servers (bench/monitor.ts)',
  run,
};
