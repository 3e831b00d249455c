/**
 * One load session serves both the call-cost and the generated-vs-hand-written benchmarks: the
 * generated app and the hand-written one run side by side, and every endpoint of both is measured
 * in the same alternating rounds, so the ratios compare runs taken minutes apart at most.
 */
import path from 'node:path';
import type { BenchContext } from '../lib/benchmark.js';
import { loadGenerator } from '../lib/generate-app.js';
import { type LoadPlan, type LoadSample, type LoadTarget, measureRounds } from '../lib/load.js';
import { pythonPath } from '../lib/machine.js';
import { writeProjectFolder } from '../lib/project-folder.js';
import { type PythonServer, servePython, UVICORN_FLAGS } from '../lib/python-server.js';
import { runInProcess } from '../profile/in-process.js';
import {
  CALL_TARGET,
  callProject,
  ENDPOINTS,
  EXPECTED,
  REQUEST_BODY,
  SELF_URL_ENV,
  unwrapResult,
  VARIANTS,
  type Variant,
} from './call-project.js';

export type Side = 'generated' | 'handwritten';
export const label = (side: Side, v: Variant) => `${side === 'generated' ? 'gen' : 'hand'}-${v}`;

export interface LoadSession {
  /** The generated app (kept until the bench run ends, for the in-process profile). */
  appDir: string;
  baselineDir: string;
  plan: LoadPlan;
  samples: Map<string, LoadSample[]>;
  /** CPU µs per request with the ASGI app driven in-process (flat and local only). */
  inProcess: InProcessSamples;
  settings: Record<string, unknown>;
}

export function loadPlan(quick: boolean): LoadPlan {
  return quick
    ? { wrk: { connections: 10, threads: 1, durationS: 1 }, warmupS: 1, rounds: 2, body: REQUEST_BODY }
    : { wrk: { connections: 10, threads: 1, durationS: 10 }, warmupS: 3, rounds: 3, body: REQUEST_BODY };
}

/** One real request per endpoint before any load: a wrong answer must fail the run, not be measured. */
async function checkAnswers(server: PythonServer, side: Side): Promise<void> {
  for (const v of VARIANTS) {
    const url = `${server.url}${ENDPOINTS[v]}`;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: REQUEST_BODY,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${side} ${ENDPOINTS[v]} answered ${res.status}: ${text.slice(0, 500)}`);
    const body = JSON.parse(text) as unknown;
    const got = side === 'generated' ? unwrapResult(v, body) : body;
    if (JSON.stringify(got) !== JSON.stringify(EXPECTED)) {
      throw new Error(
        `${side} ${ENDPOINTS[v]} answered ${text.slice(0, 500)}; expected ${JSON.stringify(EXPECTED)}`,
      );
    }
  }
}

/** Variants the in-process driver can run (an HTTP call needs a real server). */
export const IN_PROCESS_VARIANTS = ['flat', 'local'] as const;

export type InProcessSamples = Map<string, number[]>;

/** Server-side CPU per request measured in-process, generated vs hand-written, alternating. */
async function measureInProcess(
  dirs: { appDir: string; baselineDir: string },
  quick: boolean,
  log: (m: string) => void,
): Promise<InProcessSamples> {
  const reps = quick ? 1 : 3;
  const requests = quick ? 500 : 4000;
  const samples: InProcessSamples = new Map();
  const sides = [
    { side: 'generated', appDir: dirs.appDir, app: 'main:app' },
    { side: 'handwritten', appDir: dirs.baselineDir, app: 'app:app' },
  ] as const;
  for (let rep = 0; rep < reps; rep++) {
    for (const v of IN_PROCESS_VARIANTS) {
      for (const s of rep % 2 === 0 ? sides : [...sides].reverse()) {
        const r = await runInProcess({
          appDir: s.appDir,
          app: s.app,
          path: ENDPOINTS[v],
          requests,
          body: REQUEST_BODY,
        });
        const key = label(s.side, v);
        (samples.get(key) ?? samples.set(key, []).get(key)!).push(r.cpuUsPerRequest);
        log(`   in-process ${key.padEnd(12)} ${r.cpuUsPerRequest.toFixed(1)} µs CPU per request`);
      }
    }
  }
  return samples;
}

let cached: { quick: boolean; session: Promise<LoadSession> } | undefined;

/** Runs the session once per bench run; both benchmarks read its samples. */
export function loadSession(ctx: BenchContext): Promise<LoadSession> {
  if (!cached || cached.quick !== ctx.quick) cached = { quick: ctx.quick, session: runSession(ctx) };
  return cached.session;
}

async function runSession(ctx: BenchContext): Promise<LoadSession> {
  const generate = await loadGenerator();
  const appDir = path.join(ctx.tmp, 'calls-app');
  ctx.log(`   generating the bench app into ${appDir}`);
  const projectDir = path.join(ctx.tmp, 'calls-project');
  writeProjectFolder(projectDir, callProject(), { git: false });
  await generate(projectDir, CALL_TARGET, appDir);
  const baselineDir = path.join(ctx.root, 'bench', 'baseline');
  const selfUrl = (port: number) => ({ [SELF_URL_ENV]: `http://127.0.0.1:${port}` });
  const servers: PythonServer[] = [];
  try {
    const generated = await servePython({
      cwd: appDir,
      app: 'main:app',
      readyPath: '/health',
      envForPort: selfUrl,
    });
    servers.push(generated);
    const handwritten = await servePython({
      cwd: baselineDir,
      app: 'app:app',
      readyPath: '/health',
      envForPort: selfUrl,
    });
    servers.push(handwritten);
    await checkAnswers(generated, 'generated');
    await checkAnswers(handwritten, 'handwritten');
    const plan = loadPlan(ctx.quick);
    // gen/hand pairs side by side per variant; roundOrder reverses the whole list every other round.
    const targets: LoadTarget[] = VARIANTS.flatMap((v) => [
      { label: label('generated', v), url: `${generated.url}${ENDPOINTS[v]}`, serverPid: generated.pid },
      {
        label: label('handwritten', v),
        url: `${handwritten.url}${ENDPOINTS[v]}`,
        serverPid: handwritten.pid,
      },
    ]);
    ctx.log(
      `   wrk -t${plan.wrk.threads} -c${plan.wrk.connections} -d${plan.wrk.durationS}s, ${plan.rounds} rounds, warm-up ${plan.warmupS} s per endpoint`,
    );
    const samples = await measureRounds(targets, plan, ctx.log);
    const inProcess = await measureInProcess({ appDir, baselineDir }, ctx.quick, ctx.log);
    return {
      appDir,
      baselineDir,
      plan,
      samples,
      inProcess,
      settings: {
        server: `${pythonPath()} -m uvicorn main:app --host 127.0.0.1 --port <free> ${UVICORN_FLAGS.join(' ')}`,
        handwritten: 'bench/baseline/app.py, same command with app:app',
        load: `wrk -t${plan.wrk.threads} -c${plan.wrk.connections} -d${plan.wrk.durationS}s -s bench/lib/post.lua (POST ${REQUEST_BODY})`,
        rounds: plan.rounds,
        warmupS: plan.warmupS,
        order: targets.map((t) => t.label).join(', ') + ' — reversed every other round',
        callsPerRequest: 3,
        inProcess:
          'bench/profile/asgi_profile.py: the ASGI app called directly in one Python process, CPU time per request',
      },
    };
  } finally {
    for (const s of servers.reverse()) await s.stop();
  }
}
