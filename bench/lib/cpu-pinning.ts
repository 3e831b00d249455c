import { spawnSync } from 'node:child_process';
import os from 'node:os';

/**
 * Where the load generator and the servers run, when the benchmark pins them: wrk on the first
 * CPU, every server on the last, so two servers measured side by side share one core alike
 * instead of one of them sharing a core with a wrk (which, on 2 cores, made one server's CPU
 * per request 1.5× the other's, at random). `undefined` where pinning is not possible (one
 * CPU, not Linux, no `taskset`).
 */
export interface CpuPlan {
  wrk: number;
  servers: number;
}

export function cpuPlan(): CpuPlan | undefined {
  const cpus = os.availableParallelism();
  if (process.platform !== 'linux' || cpus < 2) return undefined;
  if (spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status !== 0) return undefined;
  return { wrk: 0, servers: cpus - 1 };
}

/** Moves a running process (every thread of it) onto one CPU; throws when taskset refuses. */
export function pinProcess(pid: number, cpu: number): void {
  const r = spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`taskset could not pin process ${pid} to CPU ${cpu}: ${r.stderr || r.stdout}`);
}
