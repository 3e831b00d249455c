/**
 * Generated app overhead: the flat bench workflow (bench/calls/call-project.ts) against the same
 * work as a bare ASGI callable with no framework (bench/baseline/bare.py), both served by the same
 * uvicorn command and measured in the same alternating wrk rounds. What the generated app costs
 * beyond the work itself is everything it adds per request: FastAPI/Starlette routing, its
 * middleware, request ids, metrics, the execution context.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext, Benchmark, BenchOutcome } from '../lib/benchmark.js';
import { cpuPerRequestUs } from '../lib/call-cost.js';
import { runJsonChild } from '../lib/child-json.js';
import { loadGenerator } from '../lib/generate-app.js';
import { type LoadSample, type LoadTarget, measureRounds } from '../lib/load.js';
import { pythonPath } from '../lib/machine.js';
import { writeProjectFolder } from '../lib/project-folder.js';
import { type PythonServer, servePython, UVICORN_FLAGS } from '../lib/python-server.js';
import type { Measurement } from '../lib/results.js';
import { median, paired } from '../lib/stats.js';
import { atLeast, measure } from '../lib/targets.js';
import { runInProcess } from '../profile/in-process.js';
import { CALL_TARGET, callProject, ENDPOINTS, EXPECTED, REQUEST_BODY, SELF_URL_ENV } from './call-project.js';
import { loadPlan } from './load-session.js';

/** Generated requests/s as a share of the bare ASGI app's, for the flat workflow's work. */
export const BARE_TARGET = 0.85;

const SERVER_PAIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'server_pair.py');

const GEN = 'gen-flat';
const BARE = 'bare-flat';

const rps = (s: LoadSample) => s.rps;
const cpu = (s: LoadSample) => cpuPerRequestUs(s.cpuSeconds, s.requests);

async function checkAnswer(server: PythonServer, who: string): Promise<void> {
  const res = await fetch(`${server.url}${ENDPOINTS.flat}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: REQUEST_BODY,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${who} ${ENDPOINTS.flat} answered ${res.status}: ${text.slice(0, 500)}`);
  if (JSON.stringify(JSON.parse(text)) !== JSON.stringify(EXPECTED)) {
    throw new Error(
      `${who} ${ENDPOINTS.flat} answered ${text.slice(0, 500)}; expected ${JSON.stringify(EXPECTED)}`,
    );
  }
}

/**
 * The judged ratio is bare CPU per request / generated CPU per request, per round: for a
 * saturated single-process server that is the requests/s ratio, and unlike raw requests/s it is
 * not decided by whatever else the machine runs during one of the two runs.
 */
export function bareMeasurements(samples: ReadonlyMap<string, readonly LoadSample[]>): Measurement[] {
  const gen = samples.get(GEN);
  const bare = samples.get(BARE);
  if (!gen?.length || !bare?.length) throw new Error('no samples for the flat endpoint');
  const rpsRatio = paired(gen.map(rps), bare.map(rps), (g, b) => g / b);
  const out: Measurement[] = [
    measure('generated flat: requests/s', gen.map(rps), { unit: 'req/s' }),
    measure('bare ASGI flat: requests/s', bare.map(rps), { unit: 'req/s' }),
  ];
  if ([...gen, ...bare].every((s) => Number.isFinite(s.cpuSeconds))) {
    out.push(
      measure('server CPU per request, generated flat', gen.map(cpu), { unit: 'µs' }),
      measure('server CPU per request, bare ASGI flat', bare.map(cpu), { unit: 'µs' }),
      measure(
        'generated / bare ASGI throughput, flat',
        paired(bare.map(cpu), gen.map(cpu), (b, g) => b / g),
        {
          unit: '×',
          target: atLeast(BARE_TARGET),
          note: 'bare CPU per request / generated, per round: the requests/s ratio of a saturated server',
        },
      ),
      measure('generated / bare ASGI requests/s, flat', rpsRatio, {
        unit: '×',
        note: 'raw, per round: moved by other load on the machine',
      }),
    );
  } else {
    out.push(
      measure('generated / bare ASGI requests/s, flat', rpsRatio, {
        unit: '×',
        target: atLeast(BARE_TARGET),
        note: 'per round (no /proc: CPU time unavailable)',
      }),
    );
  }
  return out;
}

async function inProcess(
  dirs: { appDir: string; bareDir: string },
  quick: boolean,
  log: (m: string) => void,
): Promise<Measurement[]> {
  const reps = quick ? 1 : 3;
  const requests = quick ? 500 : 4000;
  const sides = [
    { key: GEN, appDir: dirs.appDir, app: 'main:app' },
    { key: BARE, appDir: dirs.bareDir, app: 'bare:app' },
  ];
  const got = new Map<string, number[]>(sides.map((s) => [s.key, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (const s of rep % 2 === 0 ? sides : [...sides].reverse()) {
      const r = await runInProcess({
        appDir: s.appDir,
        app: s.app,
        path: ENDPOINTS.flat,
        requests,
        body: REQUEST_BODY,
      });
      got.get(s.key)!.push(r.cpuUsPerRequest);
      log(`   in-process ${s.key.padEnd(10)} ${r.cpuUsPerRequest.toFixed(1)} µs CPU per request`);
    }
  }
  const gen = got.get(GEN)!;
  const bare = got.get(BARE)!;
  return [
    measure('in-process CPU per request, generated flat', gen, { unit: 'µs' }),
    measure('in-process CPU per request, bare ASGI flat', bare, { unit: 'µs' }),
    measure(
      'in-process overhead of the generated app, flat',
      paired(gen, bare, (g, b) => g - b),
      {
        unit: 'µs',
        note: 'generated − bare CPU per request, ASGI app driven in-process: what the app adds beyond the work',
      },
    ),
  ];
}

/**
 * Both apps behind uvicorn's own H11 protocol in one Python process, taking turns in short
 * batches (bench/calls/server_pair.py): the server's per-request work is in the figure, the
 * machine's other load is shared by each pair of batches. No target: the judged figure stays
 * the one over real sockets.
 */
async function serverPair(
  dirs: { appDir: string; bareDir: string },
  quick: boolean,
): Promise<{ gen_us: number[]; bare_us: number[] }> {
  const args = [SERVER_PAIR, dirs.appDir, dirs.bareDir, ENDPOINTS.flat, '--body', REQUEST_BODY];
  args.push('--batches', quick ? '6' : '20', '--requests', quick ? '500' : '1000');
  const { result } = await runJsonChild<{ gen_us: number[]; bare_us: number[] }>(pythonPath(), args, {
    cwd: dirs.appDir,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    timeoutMs: 600_000,
    name: 'server_pair.py',
  });
  return result;
}

export function serverPairMeasurements(r: { gen_us: number[]; bare_us: number[] }): Measurement[] {
  return [
    measure('uvicorn in-process CPU per request, generated flat', r.gen_us, { unit: 'µs' }),
    measure('uvicorn in-process CPU per request, bare ASGI flat', r.bare_us, { unit: 'µs' }),
    measure(
      'generated / bare ASGI throughput, uvicorn in-process, flat',
      paired(r.bare_us, r.gen_us, (b, g) => b / g),
      {
        unit: '×',
        note: "bare CPU per request / generated, per pair of batches: both apps behind uvicorn's H11 protocol in one process (bench/calls/server_pair.py)",
      },
    ),
  ];
}

async function run(ctx: BenchContext): Promise<BenchOutcome> {
  const generate = await loadGenerator();
  const appDir = path.join(ctx.tmp, 'bare-gen-app');
  const projectDir = path.join(ctx.tmp, 'bare-gen-project');
  ctx.log(`   generating the bench app into ${appDir}`);
  writeProjectFolder(projectDir, callProject(), { git: false });
  await generate(projectDir, CALL_TARGET, appDir);
  const bareDir = path.join(ctx.root, 'bench', 'baseline');
  const selfUrl = (port: number) => ({ [SELF_URL_ENV]: `http://127.0.0.1:${port}` });
  const servers: PythonServer[] = [];
  let measurements: Measurement[];
  const plan = loadPlan(ctx.quick);
  let targets: LoadTarget[];
  try {
    const generated = await servePython({
      cwd: appDir,
      app: 'main:app',
      readyPath: '/health',
      envForPort: selfUrl,
    });
    servers.push(generated);
    const bare = await servePython({ cwd: bareDir, app: 'bare:app', readyPath: '/health' });
    servers.push(bare);
    await checkAnswer(generated, 'generated');
    await checkAnswer(bare, 'bare');
    targets = [
      { label: GEN, url: `${generated.url}${ENDPOINTS.flat}`, serverPid: generated.pid },
      { label: BARE, url: `${bare.url}${ENDPOINTS.flat}`, serverPid: bare.pid },
    ];
    ctx.log(
      `   wrk -t${plan.wrk.threads} -c${plan.wrk.connections} -d${plan.wrk.durationS}s, ${plan.rounds} rounds, warm-up ${plan.warmupS} s per endpoint`,
    );
    measurements = bareMeasurements(await measureRounds(targets, plan, ctx.log));
  } finally {
    for (const s of servers.reverse()) await s.stop();
  }
  measurements.push(...(await inProcess({ appDir, bareDir }, ctx.quick, ctx.log)));
  const pair = await serverPair({ appDir, bareDir }, ctx.quick);
  ctx.log(
    `   uvicorn in-process: generated ${median(pair.gen_us).toFixed(1)} µs, bare ${median(pair.bare_us).toFixed(1)} µs CPU per request (median of ${pair.gen_us.length} batches each)`,
  );
  measurements.push(...serverPairMeasurements(pair));
  const outcome: BenchOutcome = {
    settings: {
      server: `${pythonPath()} -m uvicorn main:app --host 127.0.0.1 --port <free> ${UVICORN_FLAGS.join(' ')}`,
      bare: 'bench/baseline/bare.py, same command with bare:app',
      load: `wrk -t${plan.wrk.threads} -c${plan.wrk.connections} -d${plan.wrk.durationS}s -s bench/lib/post.lua (POST ${REQUEST_BODY})`,
      rounds: plan.rounds,
      warmupS: plan.warmupS,
      order: `${targets.map((t) => t.label).join(', ')} — reversed every other round`,
      inProcess:
        'bench/profile/asgi_profile.py: the ASGI app called directly in one Python process, CPU time per request',
      uvicornInProcess: `bench/calls/server_pair.py: both apps behind uvicorn's H11Protocol in one process, ${ctx.quick ? '6 batches of 500' : '20 batches of 1000'} requests each, taking turns`,
    },
    measurements,
  };
  if (measurements.some((m) => m.pass === false)) {
    ctx.log('   the target was missed: profiling the generated app with cProfile (see diagnostics)');
    const r = await runInProcess({
      appDir,
      app: 'main:app',
      path: ENDPOINTS.flat,
      requests: ctx.quick ? 500 : 3000,
      body: REQUEST_BODY,
      profile: { top: 25 },
    });
    outcome.diagnostics = { [`cProfile of the generated app, ${ENDPOINTS.flat}`]: r.profile ?? '' };
  }
  return outcome;
}

export const bareBenchmark: Benchmark = {
  id: 'bare',
  title:
    'Generated app overhead: the flat workflow vs the same work as a bare ASGI app (bench/baseline/bare.py)',
  run,
};
