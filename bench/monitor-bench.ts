import fs from 'node:fs';
import path from 'node:path';
import { type BenchContext, type Benchmark, type BenchOutcome, NotAvailable } from './lib/benchmark.js';
import { runTsJson } from './lib/child-json.js';
import type { Measurement } from './lib/results.js';
import { atLeast, measure } from './lib/targets.js';

/**
 * The JSON line bench/monitor.ts (the monitor's own benchmark) prints last. Every field is
 * optional, so a change there drops a row here instead of breaking the harness.
 */
export interface MonitorJson {
  targets?: number;
  intervalS?: number;
  rounds?: number;
  coveredPerInterval?: number[];
  everyTargetEveryInterval?: boolean;
  [key: string]: unknown;
}

/** Fields shown in the table: [JSON key, metric, unit]. The rest of the JSON goes into the settings. */
const SHOWN: ReadonlyArray<[string, string, string]> = [
  ['checks', 'checks made', ''],
  ['failedChecks', 'failed checks', ''],
  ['checksPerTargetMin', 'fewest checks of one target', ''],
  ['firstCheckMaxMs', 'latest first check of a target after start', 'ms'],
  ['maxGapMs', 'longest gap between two checks of a target', 'ms'],
  ['lastCheckBeforeEndMaxMs', 'longest time from a target’s last check to the end', 'ms'],
  ['sweepMs', 'one sweep of every target at once', 'ms'],
  ['serverPeakInFlight', 'checks in flight at most (stand-in servers saw)', ''],
  ['latencyP50Ms', 'check latency p50', 'ms'],
  ['latencyP95Ms', 'check latency p95', 'ms'],
  ['cpuPercent', 'monitor CPU', '% of a core'],
  ['cpuMsPerCheck', 'monitor CPU per check', 'ms'],
  ['rssMaxMb', 'monitor peak RSS', 'MB'],
  ['heapGrowthAfterFirstRoundMb', 'heap growth after the first round', 'MB'],
  ['heapSecondHalfGrowthMb', 'heap growth over the second half', 'MB'],
  ['dbBytesPerCheck', 'database growth per check', 'B'],
];

export function monitorMeasurements(json: MonitorJson): Measurement[] {
  const out: Measurement[] = [];
  const { targets, intervalS } = json;
  // "Every target checked within the interval" is judged on the worst interval, not a median one.
  if (
    typeof targets === 'number' &&
    Array.isArray(json.coveredPerInterval) &&
    json.coveredPerInterval.length > 0
  ) {
    const shares = json.coveredPerInterval.map((c) => (c / targets) * 100);
    out.push(
      measure(
        `targets checked in the worst ${intervalS ?? '?'} s interval (of ${targets})`,
        [Math.min(...shares)],
        {
          unit: '%',
          target: atLeast(100),
          note: `per interval: ${json.coveredPerInterval.join(', ')} of ${targets}`,
        },
      ),
    );
  } else if (typeof json.everyTargetEveryInterval === 'boolean') {
    out.push(
      measure(
        `every target checked within each ${intervalS ?? '?'} s interval (of ${targets ?? '?'})`,
        [json.everyTargetEveryInterval ? 100 : 0],
        {
          unit: '%',
          target: atLeast(100),
          note: "bench/monitor.ts's own verdict: 100 = yes, 0 = no",
        },
      ),
    );
  }
  for (const [key, metric, unit] of SHOWN) {
    const v = json[key];
    if (typeof v === 'number') out.push(measure(metric, [v], { unit }));
  }
  return out;
}

/** Quick mode: the same 500 targets, a 5 s interval and two rounds (about 15 s; at 4 s the monitor's spread-out first checks overrun the interval). */
export function monitorArgs(quick: boolean): string[] {
  return quick ? ['--quick', '--interval', '5', '--rounds', '2'] : [];
}

async function run(ctx: BenchContext): Promise<BenchOutcome> {
  const entry = path.join(ctx.root, 'bench', 'monitor.ts');
  if (!fs.existsSync(entry)) throw new NotAvailable('monitor benchmark (bench/monitor.ts) not built');
  const args = monitorArgs(ctx.quick);
  const json = await runTsJson<MonitorJson>(entry, args, { cwd: ctx.root, timeoutMs: 600_000 });
  const shown = new Set(['coveredPerInterval', 'everyTargetEveryInterval', ...SHOWN.map(([k]) => k)]);
  const rest = Object.fromEntries(Object.entries(json).filter(([k]) => !shown.has(k)));
  return {
    settings: { runner: `npx tsx bench/monitor.ts ${args.join(' ')}`.trim(), ...rest },
    measurements: monitorMeasurements(json),
  };
}

export const monitorBenchmark: Benchmark = {
  id: 'monitor',
  title: 'Health monitor: 500 targets on stand-in servers (bench/monitor.ts)',
  run,
};
