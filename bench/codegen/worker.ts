/**
 * One run of the code generation benchmark, in its own process so its peak RSS (maxRSS) is the
 * generator's alone. Prints one JSON line (WorkerResult) on stdout.
 *
 * Sequence: warm-up generation of a small project (V8 compiles the generator once, so sizes are
 * compared on the generator's work, not on JIT start-up) → full generation into a fresh folder
 * (timed; maxRSS read right after) → the same bytes written with plain fs into another fresh
 * folder (the baseline, timed) → regeneration with nothing changed → regeneration with one
 * workflow changed.
 */
import path from 'node:path';
import { readTree, writeTree } from '../lib/fs-walk.js';
import { loadGenerator } from '../lib/generate-app.js';
import { SYNTHETIC_TARGET, syntheticProject } from './synthetic-project.js';

export interface WorkerArgs {
  workflows: number;
  /** An empty folder this run may fill. */
  dir: string;
}

export interface WorkerResult {
  workflows: number;
  fullMs: number;
  baselineMs: number;
  unchangedMs: number;
  oneChangedMs: number;
  /** Peak resident set of the process up to the end of the full generation. */
  peakRssMb: number;
  /** Resident set just before it (Node, tsx and the loaded generator). */
  startRssMb: number;
  files: number;
  bytes: number;
}

const MB = 2 ** 20;

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as WorkerArgs;
  const generate = await loadGenerator();
  const project = syntheticProject(args.workflows);
  const changed = syntheticProject(args.workflows, args.workflows - 1);

  await generate(syntheticProject(5), SYNTHETIC_TARGET, path.join(args.dir, 'warmup'));

  const app = path.join(args.dir, 'app');
  const startRssMb = process.memoryUsage().rss / MB;
  let t = performance.now();
  await generate(project, SYNTHETIC_TARGET, app);
  const fullMs = performance.now() - t;
  const peakRssMb = (process.resourceUsage().maxRSS * 1024) / MB;

  const tree = readTree(app);
  t = performance.now();
  writeTree(path.join(args.dir, 'baseline'), tree);
  const baselineMs = performance.now() - t;

  t = performance.now();
  await generate(project, SYNTHETIC_TARGET, app);
  const unchangedMs = performance.now() - t;

  t = performance.now();
  await generate(changed, SYNTHETIC_TARGET, app);
  const oneChangedMs = performance.now() - t;

  const result: WorkerResult = {
    workflows: args.workflows,
    fullMs,
    baselineMs,
    unchangedMs,
    oneChangedMs,
    peakRssMb,
    startRssMb,
    files: tree.length,
    bytes: tree.reduce((n, f) => n + f.bytes.length, 0),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
