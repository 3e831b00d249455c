/**
 * One run of the code generation benchmark, in its own process so its peak RSS (maxRSS) is the
 * generator's alone. Prints one JSON line (WorkerResult) on stdout.
 *
 * Sequence: warm-up of a small project through every kind of generation measured below (V8
 * compiles the generator's paths once, so sizes are compared on the generator's work, not on JIT
 * start-up; then the process forgets it) → full generation into a fresh folder
 * (timed; maxRSS read right after) → the same bytes written with plain fs into another fresh
 * folder (the baseline, timed) → regeneration with nothing changed → regeneration after one
 * workflow file changed → regeneration after it changed again, with the process's memory of
 * earlier generations dropped first (what a new process, e.g. a second `catalyst generate`, starts
 * from: the disk cache only — the generate cache and the project memo in .catalyst/cache). The file is restored afterwards: the project folder is shared by
 * the runs of a size. Each generation's CPU time (user + system of this process) is recorded
 * beside its wall time: on a shared machine it is the steadier figure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { forgetBuildMemory } from '../../src/build/build-memory.js';
import { projectMemoPath } from '../../src/build/project-memo.js';
import { readTree, writeTree } from '../lib/fs-walk.js';
import { loadGenerator } from '../lib/generate-app.js';
import { workflowText } from '../lib/project-folder.js';
import { profileCpu, topFunctions } from '../profile/cpu-profile.js';
import { SYNTHETIC_TARGET, syntheticWorkflow, workflowName } from './synthetic-project.js';

export interface WorkerArgs {
  workflows: number;
  /** The synthetic project folder of this size (a git repository). */
  projectDir: string;
  /** A small project folder for the warm-up generation. */
  warmupDir: string;
  /** An empty folder this run may fill. */
  dir: string;
  /** Profile the full and the unchanged generation with V8's sampler (timings then are not used). */
  profile?: boolean;
}

export interface WorkerResult {
  workflows: number;
  fullMs: number;
  baselineMs: number;
  unchangedMs: number;
  oneChangedMs: number;
  /** One workflow changed again, in a process that remembers nothing of earlier generations. */
  oneChangedColdMs: number;
  /** CPU time (user + system) of this process for each generation. */
  cpuMs: { full: number; unchanged: number; oneChanged: number; oneChangedCold: number };
  /** Pipeline stage times (validate, plan, render, write) of each generation. */
  stages: {
    full: Record<string, number>;
    unchanged: Record<string, number>;
    oneChanged: Record<string, number>;
    oneChangedCold: Record<string, number>;
  };
  /** Files the unchanged regeneration rewrote (should be 0) and the one-changed one. */
  rewritten: { unchanged: number; oneChanged: number };
  /** Peak resident set of the process up to the end of the full generation. */
  peakRssMb: number;
  /** Resident set just before it (Node, tsx and the loaded generator). */
  startRssMb: number;
  files: number;
  bytes: number;
  /** With `profile`: the top functions of each profiled generation. */
  profiles?: { full: string; unchanged: string };
}

const MB = 2 ** 20;

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as WorkerArgs;
  const generate = await loadGenerator();
  await warmUp(generate, args);

  const app = path.join(args.dir, 'app');
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const profiles = { full: '', unchanged: '' };
  const maybeProfiled = async <T>(which: keyof typeof profiles, work: () => Promise<T>): Promise<T> => {
    if (!args.profile) return work();
    const { result, profile } = await profileCpu(work);
    profiles[which] = topFunctions(profile, root);
    return result;
  };
  const startRssMb = process.memoryUsage().rss / MB;
  const cpuSince = (start: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  // The project folder is shared by the runs of a size: the project memo an earlier run left in
  // its .catalyst/cache would spare this run's full generation the reading and parsing.
  fs.rmSync(projectMemoPath(args.projectDir), { force: true });
  let cpu = process.cpuUsage();
  let t = performance.now();
  const full = await maybeProfiled('full', () => generate(args.projectDir, SYNTHETIC_TARGET, app));
  const fullMs = performance.now() - t;
  const fullCpuMs = cpuSince(cpu);
  const peakRssMb = (process.resourceUsage().maxRSS * 1024) / MB;

  const tree = readTree(app);
  t = performance.now();
  writeTree(path.join(args.dir, 'baseline'), tree);
  const baselineMs = performance.now() - t;

  cpu = process.cpuUsage();
  t = performance.now();
  const unchanged = await maybeProfiled('unchanged', () => generate(args.projectDir, SYNTHETIC_TARGET, app));
  const unchangedMs = performance.now() - t;
  const unchangedCpuMs = cpuSince(cpu);

  const last = args.workflows - 1;
  const file = path.join(args.projectDir, 'workflows', `${workflowName(last)}.json`);
  const original = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, workflowText(syntheticWorkflow(last, 1)));
  let oneChangedMs: number;
  let oneChangedCpuMs: number;
  let oneChanged: Awaited<ReturnType<typeof generate>>;
  let oneChangedColdMs: number;
  let oneChangedColdCpuMs: number;
  let oneChangedCold: Awaited<ReturnType<typeof generate>>;
  try {
    cpu = process.cpuUsage();
    t = performance.now();
    oneChanged = await generate(args.projectDir, SYNTHETIC_TARGET, app);
    oneChangedMs = performance.now() - t;
    oneChangedCpuMs = cpuSince(cpu);
    fs.writeFileSync(file, workflowText(syntheticWorkflow(last, 2)));
    forgetBuildMemory();
    cpu = process.cpuUsage();
    t = performance.now();
    oneChangedCold = await generate(args.projectDir, SYNTHETIC_TARGET, app);
    oneChangedColdMs = performance.now() - t;
    oneChangedColdCpuMs = cpuSince(cpu);
  } finally {
    fs.writeFileSync(file, original);
  }

  const result: WorkerResult = {
    workflows: args.workflows,
    fullMs,
    baselineMs,
    unchangedMs,
    oneChangedMs,
    oneChangedColdMs,
    cpuMs: {
      full: fullCpuMs,
      unchanged: unchangedCpuMs,
      oneChanged: oneChangedCpuMs,
      oneChangedCold: oneChangedColdCpuMs,
    },
    stages: {
      full: full.stages,
      unchanged: unchanged.stages,
      oneChanged: oneChanged.stages,
      oneChangedCold: oneChangedCold.stages,
    },
    rewritten: { unchanged: unchanged.written, oneChanged: oneChanged.written },
    peakRssMb,
    startRssMb,
    files: tree.length,
    bytes: tree.reduce((n, f) => n + f.bytes.length, 0),
    ...(args.profile ? { profiles } : {}),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * Every path the measured generations take — full, unchanged, one workflow changed, the same
 * with nothing in memory — once on the small project, so V8 has compiled them all and the sizes
 * compare the generator's work; then the process forgets that project, as a new one would.
 */
async function warmUp(generate: Awaited<ReturnType<typeof loadGenerator>>, args: WorkerArgs): Promise<void> {
  const app = path.join(args.dir, 'warmup');
  const last = countWorkflows(args.warmupDir) - 1;
  const file = path.join(args.warmupDir, 'workflows', `${workflowName(last)}.json`);
  const original = fs.readFileSync(file, 'utf8');
  try {
    await generate(args.warmupDir, SYNTHETIC_TARGET, app);
    await generate(args.warmupDir, SYNTHETIC_TARGET, app);
    fs.writeFileSync(file, workflowText(syntheticWorkflow(last, 1)));
    await generate(args.warmupDir, SYNTHETIC_TARGET, app);
    fs.writeFileSync(file, workflowText(syntheticWorkflow(last, 2)));
    forgetBuildMemory();
    await generate(args.warmupDir, SYNTHETIC_TARGET, app);
  } finally {
    fs.writeFileSync(file, original);
  }
  forgetBuildMemory();
}

function countWorkflows(projectDir: string): number {
  return fs.readdirSync(path.join(projectDir, 'workflows')).filter((n) => n.endsWith('.json')).length;
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
