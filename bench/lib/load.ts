import { processCpuSeconds } from './proc-cpu.js';
import { runWrk, type WrkResult, type WrkSettings } from './wrk.js';

/** One endpoint under load: which server (for its CPU time) and the URL wrk hits. */
export interface LoadTarget {
  label: string;
  url: string;
  serverPid: number;
}

export interface LoadSample extends WrkResult {
  /** Server CPU seconds (user + system) used during the run. */
  cpuSeconds: number;
  /** Share of one core the server used: ≈ 1 means it was the bottleneck, as the formulas assume. */
  cpuShare: number;
}

export interface LoadPlan {
  wrk: WrkSettings;
  warmupS: number;
  rounds: number;
  body: string;
}

/**
 * Round r runs the targets in order, round r+1 in reverse: drift on a shared machine (another
 * job starting, thermal, page cache) then hits every target from both sides.
 */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...items] : [...items].reverse();
}

export async function measureOnce(t: LoadTarget, plan: LoadPlan): Promise<LoadSample> {
  const before = processCpuSeconds(t.serverPid);
  const started = performance.now();
  const r = await runWrk(t.url, plan.wrk, plan.body);
  const wall = (performance.now() - started) / 1000;
  const after = processCpuSeconds(t.serverPid);
  const cpuSeconds = before !== undefined && after !== undefined ? after - before : Number.NaN;
  if (r.requests === 0)
    throw new Error(`${t.label}: no request completed in ${plan.wrk.durationS} s (${t.url})`);
  if (r.httpErrors > 0)
    throw new Error(`${t.label}: ${r.httpErrors} of ${r.requests} responses were errors (${t.url})`);
  if (r.socketErrors > r.requests * 0.01) {
    throw new Error(`${t.label}: ${r.socketErrors} socket errors in ${r.requests} requests (${t.url})`);
  }
  return { ...r, cpuSeconds, cpuShare: cpuSeconds / wall };
}

/** Warm every target up once, then `rounds` rounds in alternating order; samples per label, in round order. */
export async function measureRounds(
  targets: readonly LoadTarget[],
  plan: LoadPlan,
  log: (m: string) => void,
): Promise<Map<string, LoadSample[]>> {
  const samples = new Map<string, LoadSample[]>(targets.map((t) => [t.label, []]));
  if (plan.warmupS > 0) {
    for (const t of targets) await runWrk(t.url, { ...plan.wrk, durationS: plan.warmupS }, plan.body);
  }
  for (let round = 0; round < plan.rounds; round++) {
    for (const t of roundOrder(targets, round)) {
      const s = await measureOnce(t, plan);
      samples.get(t.label)!.push(s);
      log(
        `   round ${round + 1}/${plan.rounds} ${t.label.padEnd(16)} ${s.rps.toFixed(0).padStart(6)} req/s  p50 ${s.p50Ms.toFixed(2)} ms  p99 ${s.p99Ms.toFixed(2)} ms  server cpu ${(s.cpuShare * 100).toFixed(0)} %`,
      );
    }
  }
  return samples;
}
