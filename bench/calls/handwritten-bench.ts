import type { BenchContext, Benchmark, BenchOutcome } from '../lib/benchmark.js';
import { cpuPerRequestUs } from '../lib/call-cost.js';
import type { LoadSample } from '../lib/load.js';
import type { Measurement } from '../lib/results.js';
import { paired } from '../lib/stats.js';
import { atLeast, measure } from '../lib/targets.js';
import { runInProcess } from '../profile/in-process.js';
import { ENDPOINTS, REQUEST_BODY, VARIANTS } from './call-project.js';
import {
  IN_PROCESS_VARIANTS,
  type InProcessSamples,
  type LoadSession,
  label,
  loadSession,
} from './load-session.js';

/** Generated requests/s as a share of the hand-written app's, for the same logic. */
export const HANDWRITTEN_TARGET = 0.9;

const VARIANT_NAMES = { flat: 'flat', local: '3 local calls', http: '3 HTTP calls' } as const;

const rps = (s: LoadSample) => s.rps;
const cpu = (s: LoadSample) => cpuPerRequestUs(s.cpuSeconds, s.requests);

/**
 * Generated vs hand-written per variant. The judged ratio is throughput as the server's CPU time
 * per request gives it (hand-written CPU / generated CPU, per round): for a saturated
 * single-process server that is exactly the requests/s ratio, and unlike raw requests/s it is
 * not decided by whatever else the machine runs during one of the two runs. The raw requests/s
 * ratio is reported beside it (and judged when /proc is unavailable).
 */
export function handwrittenMeasurements(samples: ReadonlyMap<string, readonly LoadSample[]>): Measurement[] {
  const out: Measurement[] = [];
  for (const v of VARIANTS) {
    const gen = samples.get(label('generated', v));
    const hand = samples.get(label('handwritten', v));
    if (!gen?.length || !hand?.length) throw new Error(`no samples for ${v}`);
    const name = VARIANT_NAMES[v];
    const haveCpu = [...gen, ...hand].every((s) => Number.isFinite(s.cpuSeconds));
    const rpsRatio = paired(gen.map(rps), hand.map(rps), (g, h) => g / h);
    out.push(measure(`hand-written ${name}: requests/s`, hand.map(rps), { unit: 'req/s' }));
    if (haveCpu) {
      out.push(
        measure(`server CPU per request, generated ${name}`, gen.map(cpu), { unit: 'µs' }),
        measure(`server CPU per request, hand-written ${name}`, hand.map(cpu), { unit: 'µs' }),
        measure(
          `generated / hand-written throughput, ${name}`,
          paired(hand.map(cpu), gen.map(cpu), (h, g) => h / g),
          {
            unit: '×',
            target: atLeast(HANDWRITTEN_TARGET),
            note: 'hand-written CPU per request / generated, per round: the requests/s ratio of a saturated server',
          },
        ),
        measure(`generated / hand-written requests/s, ${name}`, rpsRatio, {
          unit: '×',
          note: 'raw, per round: moved by other load on the machine',
        }),
      );
    } else {
      out.push(
        measure(`generated / hand-written requests/s, ${name}`, rpsRatio, {
          unit: '×',
          target: atLeast(HANDWRITTEN_TARGET),
          note: 'per round (no /proc: CPU time unavailable)',
        }),
      );
    }
  }
  return out;
}

export function inProcessMeasurements(samples: InProcessSamples): Measurement[] {
  const out: Measurement[] = [];
  for (const v of IN_PROCESS_VARIANTS) {
    const gen = samples.get(label('generated', v))!;
    const hand = samples.get(label('handwritten', v))!;
    const name = VARIANT_NAMES[v];
    out.push(
      measure(`in-process CPU per request, generated ${name}`, gen, { unit: 'µs' }),
      measure(`in-process CPU per request, hand-written ${name}`, hand, { unit: 'µs' }),
      measure(
        `hand-written / generated, in-process CPU, ${name}`,
        paired(hand, gen, (h, g) => h / g),
        {
          unit: '×',
          note: "ASGI app driven in-process, no HTTP server or load generator: the app's own cost",
        },
      ),
    );
  }
  return out;
}

async function profileGenerated(session: LoadSession, quick: boolean): Promise<Record<string, string>> {
  const diagnostics: Record<string, string> = {};
  for (const v of IN_PROCESS_VARIANTS) {
    const r = await runInProcess({
      appDir: session.appDir,
      app: 'main:app',
      path: ENDPOINTS[v],
      requests: quick ? 500 : 3000,
      body: REQUEST_BODY,
      profile: { top: 25 },
    });
    diagnostics[`cProfile of the generated app, ${ENDPOINTS[v]}`] = r.profile ?? '';
  }
  return diagnostics;
}

async function run(ctx: BenchContext): Promise<BenchOutcome> {
  const session = await loadSession(ctx);
  const measurements = handwrittenMeasurements(session.samples);
  measurements.push(...inProcessMeasurements(session.inProcess));
  const outcome: BenchOutcome = { settings: session.settings, measurements };
  if (measurements.some((m) => m.pass === false)) {
    ctx.log(
      '   a target was missed: profiling the generated app with cProfile (see diagnostics in results.json)',
    );
    outcome.diagnostics = await profileGenerated(session, ctx.quick);
  }
  return outcome;
}

export const handwrittenBenchmark: Benchmark = {
  id: 'handwritten',
  title: 'Generated app vs the same logic hand-written in FastAPI (bench/baseline/app.py)',
  run,
};
