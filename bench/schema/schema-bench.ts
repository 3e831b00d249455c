/**
 * Typed workflows (DESIGN §12): what the generated input and output validators cost. The same
 * workflow with and without schemas, in one app, under the same alternating wrk rounds and in
 * the in-process driver; the cost is the share of throughput the schemas take.
 */
import path from 'node:path';
import type { BenchContext, Benchmark, BenchOutcome } from '../lib/benchmark.js';
import { cpuPerRequestUs } from '../lib/call-cost.js';
import { loadGenerator } from '../lib/generate-app.js';
import { type LoadPlan, type LoadSample, type LoadTarget, measureRounds } from '../lib/load.js';
import { pythonPath } from '../lib/machine.js';
import { writeProjectFolder } from '../lib/project-folder.js';
import { type PythonServer, servePython, UVICORN_FLAGS } from '../lib/python-server.js';
import type { Measurement } from '../lib/results.js';
import { paired } from '../lib/stats.js';
import { atMost, measure } from '../lib/targets.js';
import { runInProcess } from '../profile/in-process.js';
import {
  ENDPOINTS,
  EXPECTED,
  REQUEST_BODY,
  SCHEMA_TARGET,
  SCHEMA_VARIANTS,
  type SchemaVariant,
  schemaProject,
} from './schema-project.js';

/** The most of the app's throughput the validators of a 10-field object may take (DESIGN §12). */
export const SCHEMA_COST_LIMIT_PCT = 10;

function loadPlan(quick: boolean): LoadPlan {
  return quick
    ? { wrk: { connections: 10, threads: 1, durationS: 1 }, warmupS: 1, rounds: 2, body: REQUEST_BODY }
    : { wrk: { connections: 10, threads: 1, durationS: 10 }, warmupS: 3, rounds: 4, body: REQUEST_BODY };
}

/** A wrong answer (a 400 from the schema, say) must fail the run, not be measured. */
async function checkAnswers(server: PythonServer): Promise<void> {
  for (const v of SCHEMA_VARIANTS) {
    const res = await fetch(`${server.url}${ENDPOINTS[v]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: REQUEST_BODY,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (!res.ok || JSON.stringify(JSON.parse(text)) !== JSON.stringify(EXPECTED))
      throw new Error(
        `${ENDPOINTS[v]} answered ${res.status} ${text.slice(0, 500)}; expected ${JSON.stringify(EXPECTED)}`,
      );
  }
}

/** Throughput lost to the schemas, in %: 1 − (typed throughput / plain throughput). */
const lossFromRps = (typed: number, plain: number) => (1 - typed / plain) * 100;
/** The same from server CPU per request: throughput of a saturated server is 1 / CPU per request. */
const lossFromCpu = (typed: number, plain: number) => (1 - plain / typed) * 100;

export function schemaMeasurements(
  samples: ReadonlyMap<SchemaVariant, readonly LoadSample[]>,
  inProcess: ReadonlyMap<SchemaVariant, readonly number[]>,
): Measurement[] {
  const plain = samples.get('plain')!;
  const typed = samples.get('typed')!;
  const rps = (s: readonly LoadSample[]) => s.map((x) => x.rps);
  const cpu = (s: readonly LoadSample[]) => s.map((x) => cpuPerRequestUs(x.cpuSeconds, x.requests));
  const haveCpu = [...plain, ...typed].every((s) => Number.isFinite(s.cpuSeconds));
  const fromRps = paired(rps(typed), rps(plain), lossFromRps);
  const judged = haveCpu ? paired(cpu(typed), cpu(plain), lossFromCpu) : fromRps;
  const out: Measurement[] = [
    measure('no schema: requests/s', rps(plain), { unit: 'req/s' }),
    measure('10-field input + output schema: requests/s', rps(typed), { unit: 'req/s' }),
    measure('throughput cost of the schemas', judged, {
      unit: '%',
      target: atMost(SCHEMA_COST_LIMIT_PCT),
      note: haveCpu
        ? '1 − CPU_plain / CPU_typed: server CPU µs per request under the wrk load, paired per round'
        : '1 − rps_typed / rps_plain, paired per round (no /proc)',
    }),
  ];
  if (haveCpu) {
    out.push(
      measure('throughput cost of the schemas, from requests/s', fromRps, {
        unit: '%',
        note: '1 − rps_typed / rps_plain, paired per round: moved by other load on a shared machine',
      }),
      measure('server CPU per request, no schema', cpu(plain), { unit: 'µs' }),
      measure('server CPU per request, with schemas', cpu(typed), { unit: 'µs' }),
    );
  }
  out.push(
    measure(
      'throughput cost of the schemas (in-process CPU)',
      paired(inProcess.get('typed')!, inProcess.get('plain')!, lossFromCpu),
      { unit: '%', note: 'ASGI app driven in-process (bench/profile/asgi_profile.py), CPU per request' },
    ),
  );
  return out;
}

async function run(ctx: BenchContext): Promise<BenchOutcome> {
  const generate = await loadGenerator();
  const appDir = path.join(ctx.tmp, 'schema-app');
  const projectDir = path.join(ctx.tmp, 'schema-project');
  ctx.log(`   generating the schema bench app into ${appDir}`);
  writeProjectFolder(projectDir, schemaProject(), { git: false });
  await generate(projectDir, SCHEMA_TARGET, appDir);
  const plan = loadPlan(ctx.quick);
  const server = await servePython({ cwd: appDir, app: 'main:app', readyPath: '/health' });
  let samples: Map<string, LoadSample[]>;
  try {
    await checkAnswers(server);
    const targets: LoadTarget[] = SCHEMA_VARIANTS.map((v) => ({
      label: v,
      url: `${server.url}${ENDPOINTS[v]}`,
      serverPid: server.pid,
    }));
    samples = await measureRounds(targets, plan, ctx.log);
  } finally {
    await server.stop();
  }
  const inProcess = new Map<SchemaVariant, number[]>(SCHEMA_VARIANTS.map((v) => [v, []]));
  const reps = ctx.quick ? 1 : 3;
  for (let rep = 0; rep < reps; rep++) {
    for (const v of rep % 2 === 0 ? SCHEMA_VARIANTS : [...SCHEMA_VARIANTS].reverse()) {
      const r = await runInProcess({
        appDir,
        app: 'main:app',
        path: ENDPOINTS[v],
        requests: ctx.quick ? 500 : 4000,
        body: REQUEST_BODY,
      });
      inProcess.get(v)!.push(r.cpuUsPerRequest);
      ctx.log(`   in-process ${v.padEnd(6)} ${r.cpuUsPerRequest.toFixed(1)} µs CPU per request`);
    }
  }
  return {
    settings: {
      server: `${pythonPath()} -m uvicorn main:app --host 127.0.0.1 --port <free> ${UVICORN_FLAGS.join(' ')}`,
      load: `wrk -t${plan.wrk.threads} -c${plan.wrk.connections} -d${plan.wrk.durationS}s -s bench/lib/post.lua (POST a 10-field order with 5 items)`,
      rounds: plan.rounds,
      warmupS: plan.warmupS,
      order: 'plain, typed — reversed every other round',
      workflows:
        'bench/schema/schema-project.ts: one code node; typed = the same with a 10-field inputSchema (uuid, email, uri, date, date-time, enum, pattern, bounds, a list of 5 objects) and an outputSchema',
      inProcess: `${reps} × ${ctx.quick ? 500 : 4000} requests per variant, alternating`,
    },
    measurements: schemaMeasurements(samples as Map<SchemaVariant, LoadSample[]>, inProcess),
  };
}

export const schemaBenchmark: Benchmark = {
  id: 'schema',
  title: 'Typed workflows: cost of generated input/output validators (10-field object vs no schema)',
  run,
};
