/**
 * Tracing compiled in but off (DESIGN §13): the generated app keeps ≥ 97 % of the throughput of
 * the same app without tracing. "Without tracing" is the same generated folder with every runtime
 * line marked `# harness hook` removed (bench/trace/untraced-app.ts): those lines are all that
 * tracing and mocks add to the request path, so the two apps differ in exactly them.
 */
import path from 'node:path';
import { startHarness } from '../../src/build/workflow-harness.js';
import {
  callProject,
  ENDPOINTS,
  EXPECTED,
  REQUEST_BODY,
  SELF_URL_ENV,
  unwrapResult,
  type Variant,
} from '../calls/call-project.js';
import type { BenchContext, Benchmark, BenchOutcome } from '../lib/benchmark.js';
import { cpuPerRequestUs } from '../lib/call-cost.js';
import { cpuPlan, pinProcess } from '../lib/cpu-pinning.js';
import { loadGenerator } from '../lib/generate-app.js';
import {
  type LoadPlan,
  type LoadSample,
  type LoadTarget,
  measureOnce,
  measureRounds,
  roundOrder,
} from '../lib/load.js';
import { pythonPath } from '../lib/machine.js';
import { writeProjectFolder } from '../lib/project-folder.js';
import { type PythonServer, servePython, UVICORN_FLAGS } from '../lib/python-server.js';
import type { Measurement } from '../lib/results.js';
import { median, paired } from '../lib/stats.js';
import { atLeast, measure } from '../lib/targets.js';
import { type BatchDriver, startBatchDriver } from './interleaved.js';
import { writeUntracedCopy } from './untraced-app.js';

/** Throughput with tracing compiled in (off) as a share of the app without it. */
export const TRACING_OFF_TARGET = 0.97;

/** Flat: no local call (no hook on the path at all); local: three local calls (one hook read each). */
const TRACE_VARIANTS = ['flat', 'local'] as const satisfies readonly Variant[];
type Side = 'traced' | 'untraced';
const SIDES: readonly Side[] = ['traced', 'untraced'];
const key = (side: Side, v: Variant) => `${side}-${v}`;
const NAMES = { flat: 'flat', local: '3 local calls' } as const;

const cpu = (s: LoadSample) => cpuPerRequestUs(s.cpuSeconds, s.requests);

export function tracingMeasurements(
  samples: ReadonlyMap<string, readonly LoadSample[]>,
  inProcess: ReadonlyMap<string, readonly number[]>,
  together: ReadonlyMap<string, readonly LoadSample[]>,
): Measurement[] {
  const out: Measurement[] = [];
  const both = (from: ReadonlyMap<string, readonly LoadSample[]>, v: Variant) => {
    const traced = from.get(key('traced', v));
    const untraced = from.get(key('untraced', v));
    if (!traced?.length || !untraced?.length) throw new Error(`no samples for ${v}`);
    return { traced, untraced };
  };
  /** Without tracing / with tracing off, per round: of CPU per request, or of requests/s. */
  const ratio = ({ traced, untraced }: ReturnType<typeof both>, of: 'cpu' | 'rps') =>
    of === 'cpu'
      ? paired(untraced.map(cpu), traced.map(cpu), (u, t) => u / t)
      : paired(
          traced.map((s) => s.rps),
          untraced.map((s) => s.rps),
          (t, u) => t / u,
        );
  for (const v of TRACE_VARIANTS) {
    const name = NAMES[v];
    const apart = both(samples, v);
    const atOnce = both(together, v);
    out.push(
      measure(
        `tracing off, ${name}: requests/s`,
        apart.traced.map((s) => s.rps),
        { unit: 'req/s' },
      ),
      measure(
        `without tracing, ${name}: requests/s`,
        apart.untraced.map((s) => s.rps),
        { unit: 'req/s' },
      ),
    );
    const judged = {
      unit: '×',
      target: atLeast(TRACING_OFF_TARGET),
      note: 'without tracing / with tracing off, both servers under load at the same time (one wrk each), per round: whatever else the machine does then costs both alike',
    } as const;
    if (
      [...apart.traced, ...apart.untraced, ...atOnce.traced, ...atOnce.untraced].every((s) =>
        Number.isFinite(s.cpuSeconds),
      )
    ) {
      out.push(
        measure(`server CPU per request, tracing off, ${name}`, apart.traced.map(cpu), { unit: 'µs' }),
        measure(`server CPU per request, without tracing, ${name}`, apart.untraced.map(cpu), { unit: 'µs' }),
        measure(
          `tracing off / without tracing throughput, ${name}, one after the other`,
          ratio(apart, 'cpu'),
          {
            unit: '×',
            note: 'CPU per request without tracing / with tracing off, per round: the requests/s ratio of a saturated server',
          },
        ),
        measure(`tracing off / without tracing requests/s, ${name}`, ratio(apart, 'rps'), {
          unit: '×',
          note: 'raw, per round: moved by other load on the machine',
        }),
        measure(`tracing off / without tracing throughput, ${name}`, ratio(atOnce, 'cpu'), {
          ...judged,
          note: `CPU per request ${judged.note}`,
        }),
      );
    } else {
      out.push(
        measure(`tracing off / without tracing requests/s, ${name}`, ratio(atOnce, 'rps'), {
          ...judged,
          note: `requests/s (no /proc: CPU time unavailable) ${judged.note}`,
        }),
      );
    }
    const tracedIn = inProcess.get(key('traced', v));
    const untracedIn = inProcess.get(key('untraced', v));
    if (tracedIn?.length && untracedIn?.length) {
      out.push(
        measure(`in-process CPU per request, tracing off, ${name}`, tracedIn, { unit: 'µs' }),
        measure(`in-process CPU per request, without tracing, ${name}`, untracedIn, { unit: 'µs' }),
        measure(
          `tracing off / without tracing, in-process CPU, ${name}`,
          paired(untracedIn, tracedIn, (u, t) => u / t),
          {
            unit: '×',
            target: atLeast(TRACING_OFF_TARGET),
            note: "ASGI apps driven in-process in interleaved batches: the app's own cost, without the server layers both share",
          },
        ),
      );
    }
  }
  return out;
}

function loadPlan(quick: boolean): LoadPlan {
  return quick
    ? { wrk: { connections: 10, threads: 1, durationS: 1 }, warmupS: 1, rounds: 2, body: REQUEST_BODY }
    : { wrk: { connections: 10, threads: 1, durationS: 3 }, warmupS: 3, rounds: 5, body: REQUEST_BODY };
}

/**
 * Both apps under load at once, one wrk each (half the connections each), the same variant:
 * the two apps differ by well under 3 %, less than what a shared machine drifts between two
 * runs seconds apart, but drift during one window hits both servers alike.
 */
function sideBySidePlan(quick: boolean): LoadPlan {
  return quick
    ? { wrk: { connections: 5, threads: 1, durationS: 1 }, warmupS: 0, rounds: 2, body: REQUEST_BODY }
    : { wrk: { connections: 5, threads: 1, durationS: 3 }, warmupS: 0, rounds: 16, body: REQUEST_BODY };
}

async function measureSideBySide(
  targets: readonly LoadTarget[],
  plan: LoadPlan,
  log: (m: string) => void,
): Promise<Map<string, LoadSample[]>> {
  const samples = new Map<string, LoadSample[]>(targets.map((t) => [t.label, []]));
  for (let round = 0; round < plan.rounds; round++) {
    for (const v of TRACE_VARIANTS) {
      // Started in turn, first one side then the other.
      const pair = roundOrder(SIDES, round).map((side) => targets.find((t) => t.label === key(side, v))!);
      const got = await Promise.all(pair.map((t) => measureOnce(t, plan)));
      const line = got.map((s, i) => `${pair[i]!.label} ${cpu(s).toFixed(0)} µs`).join(', ');
      log(`   together ${round + 1}/${plan.rounds} ${line} CPU per request`);
      for (const [i, s] of got.entries()) samples.get(pair[i]!.label)!.push(s);
    }
  }
  return samples;
}

/** One real request per endpoint before any load: a wrong answer fails the run instead of being measured. */
async function checkAnswers(server: PythonServer, side: Side): Promise<void> {
  for (const v of TRACE_VARIANTS) {
    const res = await fetch(`${server.url}${ENDPOINTS[v]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: REQUEST_BODY,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    const got = res.ok ? unwrapResult(v, JSON.parse(text)) : undefined;
    if (JSON.stringify(got) !== JSON.stringify(EXPECTED)) {
      throw new Error(`${side} ${ENDPOINTS[v]} answered ${res.status} ${text.slice(0, 500)}`);
    }
  }
}

/** The app under test really has tracing compiled in: the harness traces a local call through it. */
async function checkTracingWorks(appDir: string): Promise<void> {
  const harness = await startHarness({ python: pythonPath(), dir: appDir, env: { ...process.env } });
  try {
    const run = await harness.run({ workflow: 'bench_local', input: JSON.parse(REQUEST_BODY) });
    const nested = run.nodes?.find((n) => n.id === 'call1')?.calls?.[0]?.nodes?.length ?? 0;
    if (run.status !== 'ok' || nested === 0) {
      throw new Error(`the harness did not trace bench_local: ${JSON.stringify(run).slice(0, 500)}`);
    }
  } finally {
    await harness.close();
  }
}

async function run(ctx: BenchContext): Promise<BenchOutcome> {
  const generate = await loadGenerator();
  const projectDir = path.join(ctx.tmp, 'trace-project');
  const appDir = path.join(ctx.tmp, 'trace-app');
  const untracedDir = path.join(ctx.tmp, 'trace-app-untraced');
  writeProjectFolder(projectDir, callProject(), { git: false });
  ctx.log(`   generating the bench app into ${appDir}`);
  await generate(projectDir, 'bench', appDir);
  const removed = writeUntracedCopy(appDir, untracedDir);
  if (!removed['runtime/executor.py'] || !removed['runtime/context.py']) {
    throw new Error(
      `no harness hooks found to strip (${JSON.stringify(removed)}): the baseline would be the same app`,
    );
  }
  ctx.log(`   baseline without tracing: ${untracedDir} (${JSON.stringify(removed)} lines removed)`);
  await checkTracingWorks(appDir);

  const dirs: Record<Side, string> = { traced: appDir, untraced: untracedDir };
  const servers: Partial<Record<Side, PythonServer>> = {};
  const selfUrl = (port: number) => ({ [SELF_URL_ENV]: `http://127.0.0.1:${port}` });
  const pins = cpuPlan();
  const pinWrk = (p: LoadPlan): LoadPlan => (pins ? { ...p, wrk: { ...p.wrk, cpu: pins.wrk } } : p);
  const plan = pinWrk(loadPlan(ctx.quick));
  const together = pinWrk(sideBySidePlan(ctx.quick));
  let samples: Map<string, LoadSample[]>;
  let sideBySide: Map<string, LoadSample[]>;
  try {
    for (const side of SIDES) {
      servers[side] = await servePython({
        cwd: dirs[side],
        app: 'main:app',
        readyPath: '/health',
        envForPort: selfUrl,
      });
      await checkAnswers(servers[side]!, side);
      if (pins) pinProcess(servers[side]!.pid, pins.servers);
    }
    ctx.log(
      pins
        ? `   pinned: both servers on CPU ${pins.servers}, wrk on CPU ${pins.wrk} (taskset)`
        : '   not pinned to CPUs (needs Linux, 2+ CPUs and taskset)',
    );
    const targets: LoadTarget[] = TRACE_VARIANTS.flatMap((v) =>
      SIDES.map((side) => ({
        label: key(side, v),
        url: `${servers[side]!.url}${ENDPOINTS[v]}`,
        serverPid: servers[side]!.pid,
      })),
    );
    ctx.log(
      `   wrk -t${plan.wrk.threads} -c${plan.wrk.connections} -d${plan.wrk.durationS}s, ${plan.rounds} rounds, warm-up ${plan.warmupS} s per endpoint`,
    );
    samples = await measureRounds(targets, plan, ctx.log);
    ctx.log(
      `   side by side: both apps at once, wrk -t1 -c${together.wrk.connections} -d${together.wrk.durationS}s each, ${together.rounds} rounds`,
    );
    sideBySide = await measureSideBySide(targets, together, ctx.log);
  } finally {
    for (const side of SIDES) await servers[side]?.stop();
  }

  // In-process, finely interleaved: both apps' ASGI callables kept warm in two processes and
  // asked for short batches in turn, so each pair of samples is milliseconds apart.
  const batches = ctx.quick ? 6 : 150;
  const batchSize = ctx.quick ? 300 : 2000;
  const inProcess = new Map<string, number[]>();
  const drivers: Partial<Record<Side, BatchDriver>> = {};
  try {
    for (const side of SIDES) drivers[side] = await startBatchDriver(dirs[side], REQUEST_BODY);
    for (const v of TRACE_VARIANTS) for (const side of SIDES) await drivers[side]!.batch(ENDPOINTS[v], 200);
    for (let b = 0; b < batches; b++) {
      for (const v of TRACE_VARIANTS) {
        for (const side of b % 2 === 0 ? SIDES : [...SIDES].reverse()) {
          const us = await drivers[side]!.batch(ENDPOINTS[v], batchSize);
          const k = key(side, v);
          (inProcess.get(k) ?? inProcess.set(k, []).get(k)!).push(us);
        }
      }
    }
  } finally {
    for (const side of SIDES) await drivers[side]?.stop();
  }
  for (const [k, runs] of inProcess) {
    ctx.log(
      `   in-process ${k.padEnd(15)} ${median(runs).toFixed(1)} µs CPU per request (median of ${runs.length} batches)`,
    );
  }

  return {
    settings: {
      app: 'bench/calls/call-project.ts: POST /api/bench_flat (3 code steps) and /api/bench_local (3 local calls)',
      tracingOff: 'the app as generated (tracing compiled in, off: no harness)',
      withoutTracing: `the same folder with every runtime line ending in "# harness hook" removed: ${JSON.stringify(removed)}`,
      server: `${pythonPath()} -m uvicorn main:app --host 127.0.0.1 --port <free> ${UVICORN_FLAGS.join(' ')}`,
      load: `wrk -t${plan.wrk.threads} -c${plan.wrk.connections} -d${plan.wrk.durationS}s -s bench/lib/post.lua (POST ${REQUEST_BODY})`,
      rounds: plan.rounds,
      warmupS: plan.warmupS,
      order: `${TRACE_VARIANTS.flatMap((v) => SIDES.map((s) => key(s, v))).join(', ')} — reversed every other round`,
      sideBySide: `both apps at once, one wrk -t1 -c${together.wrk.connections} -d${together.wrk.durationS}s each, ${together.rounds} rounds per variant (judged)`,
      cpus: pins
        ? `both servers pinned to CPU ${pins.servers}, every wrk to CPU ${pins.wrk} (taskset)`
        : 'not pinned',
      inProcess: `bench/trace/batches.py: both ASGI apps warm in their own process, ${batches} batches of ${batchSize} requests per app and variant, taking turns (order reversed every other batch)`,
    },
    measurements: tracingMeasurements(samples, inProcess, sideBySide),
  };
}

export const tracingBenchmark: Benchmark = {
  id: 'tracing',
  title: 'Tracing compiled in but off vs the same app without tracing (DESIGN §13)',
  run,
};
