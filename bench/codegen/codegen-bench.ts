import fs from 'node:fs';
import path from 'node:path';
import type { BenchContext, Benchmark, BenchOutcome } from '../lib/benchmark.js';
import { runTsJson } from '../lib/child-json.js';
import { loadGenerator } from '../lib/generate-app.js';
import { writeProjectFolder } from '../lib/project-folder.js';
import type { Measurement, Target } from '../lib/results.js';
import { median, paired } from '../lib/stats.js';
import { atMost, measure } from '../lib/targets.js';
import { NODES_PER_WORKFLOW, syntheticProject } from './synthetic-project.js';
import type { WorkerArgs, WorkerResult } from './worker.js';

export const CODEGEN_TARGETS = {
  /** Full generation at the largest size, as a multiple of writing the same bytes with plain fs. */
  vsBaseline: 3,
  /** Time at 10× the workflows, as a multiple: ≤ 12 means growth stays (near) linear. */
  growth: 12,
  /** Regeneration with nothing changed, as a share of a full generation. */
  unchangedShare: 0.1,
  /** Regeneration after one workflow file changed, as a share of a full generation (DESIGN §13). */
  oneChangedShare: 0.1,
  /** The same, in a new process (nothing in memory; .catalyst/cache on disk). */
  oneChangedColdShare: 0.1,
} as const;

export function codegenPlan(quick: boolean): Array<{ workflows: number; runs: number }> {
  return quick
    ? [
        { workflows: 10, runs: 2 },
        { workflows: 100, runs: 2 },
      ]
    : [
        { workflows: 10, runs: 5 },
        { workflows: 100, runs: 5 },
        { workflows: 1000, runs: 5 },
      ];
}

/** Median ms per pipeline stage: `validate 12 · plan 3 · render 40 · write 25 ms (medians)`. */
export function stageNote(stages: ReadonlyArray<Record<string, number>>): string {
  const names = [...new Set(stages.flatMap((s) => Object.keys(s)))];
  const parts = names.map((name) => `${name} ${median(stages.map((s) => s[name] ?? 0)).toFixed(0)}`);
  return `stages: ${parts.join(' · ')} ms (medians)`;
}

/** Median of CPU time of one generation / CPU time of the full generation, per run, as `12.3 %`. */
function cpuShare(rs: readonly WorkerResult[], which: 'unchanged' | 'oneChanged' | 'oneChangedCold'): string {
  return `${median(rs.map((r) => (r.cpuMs[which] / r.cpuMs.full) * 100)).toFixed(1)} %`;
}

/** Turns the worker results of each size into the table's measurements; targets sit on the largest size. */
export function codegenMeasurements(bySize: ReadonlyMap<number, readonly WorkerResult[]>): Measurement[] {
  const sizes = [...bySize.keys()].sort((a, b) => a - b);
  const largest = sizes[sizes.length - 1]!;
  const out: Measurement[] = [];
  for (const n of sizes) {
    const rs = bySize.get(n)!;
    const col = (f: (r: WorkerResult) => number) => rs.map(f);
    const full = col((r) => r.fullMs);
    const base = col((r) => r.baselineMs);
    const share = (part: number[]) => paired(part, full, (a, b) => (a / b) * 100);
    const judged = (target: Target) => (n === largest ? { target } : {});
    const rewritten = (f: (r: WorkerResult) => number) => `files rewritten: ${Math.max(...col(f))}`;
    out.push(
      measure(`full generation, ${n} workflows`, full, {
        unit: 'ms',
        note: stageNote(rs.map((r) => r.stages.full)),
      }),
      measure(`plain fs write of the same bytes, ${n} workflows`, base, { unit: 'ms' }),
      measure(
        `generation / plain write, ${n} workflows`,
        paired(full, base, (a, b) => a / b),
        {
          unit: '×',
          ...judged(atMost(CODEGEN_TARGETS.vsBaseline)),
        },
      ),
      measure(
        `nodes per second, ${n} workflows`,
        full.map((ms) => (n * NODES_PER_WORKFLOW) / (ms / 1000)),
        {
          unit: 'nodes/s',
        },
      ),
      measure(
        `peak RSS, ${n} workflows`,
        col((r) => r.peakRssMb),
        {
          unit: 'MB',
          note: `process RSS before generating: ${median(col((r) => r.startRssMb)).toFixed(0)} MB`,
        },
      ),
      measure(`unchanged regeneration / full, ${n} workflows`, share(col((r) => r.unchangedMs)), {
        unit: '%',
        ...judged(atMost(CODEGEN_TARGETS.unchangedShare * 100)),
        note: `${stageNote(rs.map((r) => r.stages.unchanged))}; ${rewritten((r) => r.rewritten.unchanged)}; CPU time / full CPU time: ${cpuShare(rs, 'unchanged')}`,
      }),
      measure(`one workflow changed / full, ${n} workflows`, share(col((r) => r.oneChangedMs)), {
        unit: '%',
        ...judged(atMost(CODEGEN_TARGETS.oneChangedShare * 100)),
        note: `${stageNote(rs.map((r) => r.stages.oneChanged))}; ${rewritten((r) => r.rewritten.oneChanged)}; CPU time / full CPU time: ${cpuShare(rs, 'oneChanged')} (the same process regenerates, as the studio and \`run\` do)`,
      }),
      measure(
        `one workflow changed, nothing remembered in memory / full, ${n} workflows`,
        share(col((r) => r.oneChangedColdMs)),
        {
          unit: '%',
          ...judged(atMost(CODEGEN_TARGETS.oneChangedColdShare * 100)),
          note: `as a new process (e.g. a second \`catalyst generate\`) starts: the disk cache in .catalyst/cache only (generate cache, project memo); ${stageNote(rs.map((r) => r.stages.oneChangedCold))}; CPU time / full CPU time: ${cpuShare(rs, 'oneChangedCold')}`,
        },
      ),
    );
  }
  for (let k = 1; k < sizes.length; k++) {
    const [small, big] = [sizes[k - 1]!, sizes[k]!];
    const at = (n: number) => median(bySize.get(n)!.map((r) => r.fullMs));
    out.push(
      measure(`time growth ${small} → ${big} workflows (${big / small}× the work)`, [at(big) / at(small)], {
        unit: '×',
        ...(big === largest && big / small === 10 ? { target: atMost(CODEGEN_TARGETS.growth) } : {}),
        note: 'ratio of medians',
      }),
    );
  }
  return out;
}

async function runWorker(ctx: BenchContext, args: Omit<WorkerArgs, 'dir'>): Promise<WorkerResult> {
  const dir = fs.mkdtempSync(path.join(ctx.tmp, `codegen-${args.workflows}-`));
  try {
    const worker = path.join(ctx.root, 'bench', 'codegen', 'worker.ts');
    return await runTsJson<WorkerResult>(worker, [JSON.stringify({ ...args, dir } satisfies WorkerArgs)], {
      cwd: ctx.root,
      timeoutMs: 600_000,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function run(ctx: BenchContext): Promise<BenchOutcome> {
  await loadGenerator(); // fails this benchmark early if the pipeline does not load
  const plan = codegenPlan(ctx.quick);
  const bySize = new Map<number, WorkerResult[]>();
  let sample: WorkerResult | undefined;
  const warmupDir = path.join(ctx.tmp, 'codegen-project-warmup');
  writeProjectFolder(warmupDir, syntheticProject(5), { git: true });
  const projectDirs = new Map<number, string>();
  for (const { workflows, runs } of plan) {
    const projectDir = path.join(ctx.tmp, `codegen-project-${workflows}`);
    writeProjectFolder(projectDir, syntheticProject(workflows), { git: true });
    projectDirs.set(workflows, projectDir);
    for (let i = 0; i < runs; i++) {
      const r = await runWorker(ctx, { workflows, projectDir, warmupDir });
      sample = r;
      (bySize.get(workflows) ?? bySize.set(workflows, []).get(workflows)!).push(r);
      ctx.log(
        `   ${workflows} workflows run ${i + 1}/${runs}: full ${r.fullMs.toFixed(0)} ms, plain write ${r.baselineMs.toFixed(0)} ms, unchanged ${r.unchangedMs.toFixed(0)} ms, one changed ${r.oneChangedMs.toFixed(0)} ms (nothing remembered: ${r.oneChangedColdMs.toFixed(0)} ms), peak ${r.peakRssMb.toFixed(0)} MB, ${r.files} files / ${(r.bytes / 2 ** 20).toFixed(1)} MB`,
      );
    }
  }
  const measurements = codegenMeasurements(bySize);
  const outcome: BenchOutcome = {
    settings: {
      sizes: plan,
      nodesPerWorkflow: NODES_PER_WORKFLOW,
      outputOfLargest: sample ? { files: sample.files, bytes: sample.bytes } : null,
      disk: `temp folders under ${ctx.tmp}`,
      pipeline:
        'src/build/generate.ts generateApp (read + validate the project folder, plan, render, write), no --verify',
      project: 'a git repository with one commit; the changed workflow is left uncommitted',
      process:
        'a fresh Node process per run (maxRSS per run); a warm-up generation of a 5-workflow project first',
    },
    measurements,
  };
  // A miss gets a profile, not a guess (full mode only: it costs one more run at the largest size).
  if (!ctx.quick && measurements.some((m) => m.pass === false)) {
    const largest = plan[plan.length - 1]!.workflows;
    ctx.log(
      `   a target was missed: profiling a ${largest}-workflow run with V8's sampler (diagnostics in results.json)`,
    );
    const r = await runWorker(ctx, {
      workflows: largest,
      projectDir: projectDirs.get(largest)!,
      warmupDir,
      profile: true,
    });
    outcome.diagnostics = {
      [`V8 CPU profile of a full generation, ${largest} workflows`]: r.profiles?.full ?? '',
      [`V8 CPU profile of an unchanged regeneration, ${largest} workflows`]: r.profiles?.unchanged ?? '',
    };
  }
  return outcome;
}

export const codegenBenchmark: Benchmark = {
  id: 'codegen',
  title: 'Code generation scaling (synthetic projects × 20 nodes, every node type)',
  run,
};
