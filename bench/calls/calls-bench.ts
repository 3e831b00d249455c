import type { BenchContext, Benchmark, BenchOutcome } from '../lib/benchmark.js';
import { cpuPerRequestUs, perCallCostUs, perCallCpuCostUs } from '../lib/call-cost.js';
import type { LoadSample } from '../lib/load.js';
import type { Measurement } from '../lib/results.js';
import { median, paired } from '../lib/stats.js';
import { atLeast, atMost, measure } from '../lib/targets.js';
import { CALLS_PER_REQUEST, type Variant } from './call-project.js';
import { type InProcessSamples, label, loadSession } from './load-session.js';

export const CALL_TARGETS = {
  /** µs of server time one local Call Workflow step may add. */
  localCallUs: 50,
  /** An HTTP call must cost at least this many local calls (the point of calling locally). */
  httpVsLocal: 20,
} as const;

/** Below this a local call's cost is within measurement noise; the HTTP/local ratio uses it as the floor. */
export const COST_FLOOR_US = 1;

const cpuUs = (s: LoadSample) => cpuPerRequestUs(s.cpuSeconds, s.requests);

/**
 * Measurements of the generated app's three variants; costs are derived per round (same round =
 * paired runs). The judged costs come from the server's CPU time per request under the wrk load:
 * on a dedicated machine that equals 1/rps (the single-process server is saturated), but on a
 * shared one it is not moved by other processes taking the CPU, which requests/s is. Without
 * /proc the requests/s estimate is judged instead. Both are always reported.
 */
export function callMeasurements(samples: ReadonlyMap<string, readonly LoadSample[]>): Measurement[] {
  const get = (v: Variant) => {
    const s = samples.get(label('generated', v));
    if (!s?.length) throw new Error(`no samples for ${label('generated', v)}`);
    return s;
  };
  const [flat, local, http] = [get('flat'), get('local'), get('http')];
  const out: Measurement[] = [];
  for (const [v, s] of [
    ['flat', flat],
    ['3 local calls', local],
    ['3 HTTP calls', http],
  ] as const) {
    out.push(
      measure(
        `${v}: requests/s`,
        s.map((x) => x.rps),
        { unit: 'req/s' },
      ),
      measure(
        `${v}: p50 latency`,
        s.map((x) => x.p50Ms),
        { unit: 'ms' },
      ),
      measure(
        `${v}: p99 latency`,
        s.map((x) => x.p99Ms),
        { unit: 'ms' },
      ),
    );
  }
  const rps = (s: readonly LoadSample[]) => s.map((x) => x.rps);
  const cpu = (s: readonly LoadSample[]) => s.map(cpuUs);
  const haveCpu = [...flat, ...local, ...http].every((s) => Number.isFinite(s.cpuSeconds));
  const perCall = (calls: readonly LoadSample[]) =>
    haveCpu
      ? paired(cpu(calls), cpu(flat), (c, f) => perCallCpuCostUs(c, f, CALLS_PER_REQUEST))
      : paired(rps(calls), rps(flat), (c, f) => perCallCostUs(c, f, CALLS_PER_REQUEST));
  const how = haveCpu
    ? '(server CPU µs per request with calls − flat) / 3, per round'
    : '(1/rps_calls − 1/rps_flat) / 3, per round (no /proc: from requests/s)';
  const localCost = perCall(local);
  const httpCost = perCall(http);
  const localMedian = median(localCost);
  out.push(
    measure('cost of one local call', localCost, {
      unit: 'µs',
      target: atMost(CALL_TARGETS.localCallUs),
      note: how,
    }),
    measure('cost of one HTTP call', httpCost, { unit: 'µs', note: how }),
    measure('HTTP call / local call', [median(httpCost) / Math.max(localMedian, COST_FLOOR_US)], {
      unit: '×',
      target: atLeast(CALL_TARGETS.httpVsLocal),
      note:
        localMedian < COST_FLOOR_US
          ? `local call cost ${localMedian.toFixed(2)} µs is below the ${COST_FLOOR_US} µs floor; ratio uses the floor`
          : 'ratio of the median costs',
    }),
  );
  if (haveCpu) {
    out.push(
      measure('server CPU per request, flat', cpu(flat), { unit: 'µs' }),
      measure(
        'cost of one local call, from requests/s',
        paired(rps(local), rps(flat), (c, f) => perCallCostUs(c, f, CALLS_PER_REQUEST)),
        {
          unit: 'µs',
          note: '(1/rps_local − 1/rps_flat) / 3: equal to the CPU figure only when the server is saturated',
        },
      ),
      measure(
        'cost of one HTTP call, from requests/s',
        paired(rps(http), rps(flat), (c, f) => perCallCostUs(c, f, CALLS_PER_REQUEST)),
        { unit: 'µs' },
      ),
      measure(
        'server CPU share during runs',
        [...flat, ...local, ...http].map((s) => s.cpuShare * 100),
        {
          unit: '%',
          note: '≈ 100 % means the server was saturated and requests/s reflects its cost alone',
        },
      ),
    );
  }
  return out;
}

/** The local call cost from the in-process driver: the app's own CPU, no server or load generator around it. */
export function inProcessCallCost(inProcess: InProcessSamples): Measurement {
  const flat = inProcess.get(label('generated', 'flat'))!;
  const local = inProcess.get(label('generated', 'local'))!;
  return measure(
    'cost of one local call (in-process CPU)',
    paired(local, flat, (c, f) => perCallCpuCostUs(c, f, CALLS_PER_REQUEST)),
    {
      unit: 'µs',
      note: 'ASGI app driven in-process (bench/profile/asgi_profile.py): the steadiest of the three estimates',
    },
  );
}

async function run(ctx: BenchContext): Promise<BenchOutcome> {
  const session = await loadSession(ctx);
  return {
    settings: session.settings,
    measurements: [...callMeasurements(session.samples), inProcessCallCost(session.inProcess)],
  };
}

export const callsBenchmark: Benchmark = {
  id: 'calls',
  title: 'Sub-workflow call cost in the generated app (flat vs 3 local vs 3 HTTP calls)',
  run,
};
