import { describe, expect, it } from 'vitest';
import { callMeasurements } from '../../bench/calls/calls-bench.js';
import { handwrittenMeasurements } from '../../bench/calls/handwritten-bench.js';
import { codegenMeasurements } from '../../bench/codegen/codegen-bench.js';
import type { WorkerResult } from '../../bench/codegen/worker.js';
import { cpuPerRequestUs, perCallCostUs, serviceTimeUs } from '../../bench/lib/call-cost.js';
import type { LoadSample } from '../../bench/lib/load.js';
import { roundOrder } from '../../bench/lib/load.js';
import { benchUsage, parseOptions, UsageError } from '../../bench/lib/options.js';
import { type BenchmarkReport, resultsFileSchema } from '../../bench/lib/results.js';
import { median, paired, summarize } from '../../bench/lib/stats.js';
import { exitCode, summarizeReports } from '../../bench/lib/summary.js';
import { renderTable } from '../../bench/lib/table.js';
import { atLeast, atMost, measure, shortfall } from '../../bench/lib/targets.js';
import { parseWrkCsv } from '../../bench/lib/wrk.js';
import { BENCHMARKS } from '../../bench/registry.js';

describe('stats', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(summarize([3, 9, 1])).toEqual({ median: 3, min: 1, max: 9, runs: [3, 9, 1] });
  });

  it('refuses to summarise nothing and to pair runs of different counts', () => {
    expect(() => median([])).toThrow('median of no values');
    expect(() => paired([1, 2], [1], (a, b) => a / b)).toThrow('paired runs differ in count: 2 vs 1');
    expect(paired([10, 20], [5, 4], (a, b) => a / b)).toEqual([2, 5]);
  });
});

describe('targets', () => {
  it('judges the median, not the best run', () => {
    const m = measure('ratio', [2, 4, 3.5], { unit: '×', target: atMost(3) });
    expect(m).toMatchObject({ median: 3.5, min: 2, max: 4, pass: false });
    expect(shortfall(m)).toBe('1.2× the limit');
    const ok = measure('ratio', [0.95, 0.8, 0.92], { unit: '×', target: atLeast(0.9) });
    expect(ok.pass).toBe(true);
    expect(shortfall(ok)).toBeUndefined();
  });

  it('says how far below an at-least target a miss is', () => {
    const m = measure('ratio', [0.6], { unit: '×', target: atLeast(0.9) });
    expect(shortfall(m)).toBe('67 % of the target');
  });

  it('leaves a measurement without a target unjudged', () => {
    const m = measure('rps', [100, 200, 300], { unit: 'req/s' });
    expect(m.pass).toBeUndefined();
    expect(m.target).toBeUndefined();
  });
});

function report(id: string, measurements = [measure('m', [1], { unit: 'ms' })]): BenchmarkReport {
  return { id, title: id, status: 'ok', durationMs: 1, settings: {}, measurements };
}

describe('table', () => {
  it('prints value, range, target and verdict per measurement, and a line per unavailable benchmark', () => {
    const table = renderTable([
      report('codegen', [
        measure('generation / plain write, 1000 workflows', [2.5, 2.1, 3.4], {
          unit: '×',
          target: atMost(3),
        }),
        measure('cost of one local call', [80, 75, 90], { unit: 'µs', target: atMost(50) }),
        measure('full generation, 10 workflows', [1234.4], { unit: 'ms' }),
      ]),
      { ...report('studio', []), status: 'skipped', note: 'not available: studio not built' },
    ]);
    expect(table.split('\n')).toEqual([
      'benchmark  metric                                    value (median)    runs min–max       target     result',
      '---------  ----------------------------------------  ----------------  -----------------  ---------  ---------------------',
      'codegen    generation / plain write, 1000 workflows  2.50×             2.10× – 3.40×      ≤ 3.00×    pass',
      'codegen    cost of one local call                    80.0 µs           75.0 µs – 90.0 µs  ≤ 50.0 µs  MISS (1.6× the limit)',
      'codegen    full generation, 10 workflows             1,234 ms                                        —',
      'studio     not available                             studio not built                                skipped',
    ]);
  });
});

describe('results.json', () => {
  const machine = {
    cpuModel: 'AMD EPYC',
    cores: 2,
    memoryMb: 24_000,
    platform: 'Linux',
    node: 'v20.20.2',
    python: '3.11.2',
    fastapi: '0.92.0',
    pydantic: '1.10.4',
    uvicorn: '0.17.6',
    httpx: '0.23.3',
    wrk: '4.1.0',
    loadAverage: [1, 1, 1],
  };

  it('counts passes, misses, skipped and failed benchmarks; only a failed one makes the run fail', () => {
    const reports = [
      report('codegen', [
        measure('a', [1], { unit: 'ms', target: atMost(2) }),
        measure('b', [3], { unit: 'ms', target: atMost(2) }),
        measure('c', [3], { unit: 'ms' }),
      ]),
      { ...report('studio', []), status: 'skipped' as const, note: 'not available: studio not built' },
    ];
    const summary = summarizeReports(reports);
    expect(summary).toEqual({ targets: 2, passed: 1, missed: 1, skipped: ['studio'], failed: [] });
    expect(exitCode(summary)).toBe(0);
    const failed = summarizeReports([...reports, { ...report('calls', []), status: 'failed', note: 'boom' }]);
    expect(failed.failed).toEqual(['calls']);
    expect(exitCode(failed)).toBe(1);
    const file = {
      schemaVersion: 1,
      mode: 'quick',
      startedAt: '2026-11-21T17:00:00.000Z',
      finishedAt: '2026-11-21T17:01:00.000Z',
      machine,
      benchmarks: reports,
      summary,
    };
    expect(resultsFileSchema.parse(JSON.parse(JSON.stringify(file)))).toEqual(file);
  });

  it('rejects a measurement without runs', () => {
    const bad = {
      ...report('x'),
      measurements: [{ metric: 'm', unit: 'ms', median: 1, min: 1, max: 1, runs: [] }],
    };
    const r = resultsFileSchema.safeParse({
      schemaVersion: 1,
      mode: 'full',
      startedAt: '',
      finishedAt: '',
      machine,
      benchmarks: [bad],
      summary: { targets: 0, passed: 0, missed: 0, skipped: [], failed: [] },
    });
    expect(r.success).toBe(false);
  });
});

describe('options', () => {
  const OUT = { full: 'full.json', quick: 'quick.json', only: 'only.json' };

  it('parses --quick, --only (repeatable, comma lists) and --out; a quick run writes elsewhere by default', () => {
    expect(
      parseOptions(['--quick', '--only', 'codegen,calls', '--only=studio', '--out=/tmp/r.json'], OUT),
    ).toEqual({
      quick: true,
      only: ['codegen', 'calls', 'studio'],
      out: '/tmp/r.json',
    });
    expect(parseOptions([], OUT)).toEqual({ quick: false, only: [], out: 'full.json' });
    expect(parseOptions(['--quick'], OUT).out).toBe('quick.json');
  });

  it('writes a partial run (--only) elsewhere by default, so it never replaces the full figures', () => {
    expect(parseOptions(['--only', 'tracing'], OUT).out).toBe('only.json');
    expect(parseOptions(['--only', 'tracing', '--quick'], OUT).out).toBe('quick.json');
    expect(parseOptions(['--only', 'tracing', '--out', 'bench/results.json'], OUT).out).toBe(
      'bench/results.json',
    );
  });

  it('lists every benchmark there is in its usage text', () => {
    const usage = benchUsage(BENCHMARKS.map((b) => b.id));
    for (const b of BENCHMARKS) expect(usage).toContain(b.id);
    expect(usage).toContain('tracing, studio, edit-run, monitor');
  });

  it('names a bad option', () => {
    expect(() => parseOptions(['--fast'], OUT)).toThrow(new UsageError('unknown option --fast'));
    expect(() => parseOptions(['--only'], OUT)).toThrow(new UsageError('--only needs a value'));
  });
});

describe('wrk output', () => {
  it('reads the CSV line post.lua prints', () => {
    const out = 'Running 2s test @ http://127.0.0.1:1/x\nCSV,3530.5,2.690,3.580,5.430,12.100,7061,0,2\n';
    expect(parseWrkCsv(out)).toEqual({
      rps: 3530.5,
      p50Ms: 2.69,
      p90Ms: 3.58,
      p99Ms: 5.43,
      maxMs: 12.1,
      requests: 7061,
      socketErrors: 0,
      httpErrors: 2,
    });
  });

  it('fails clearly when the script did not run', () => {
    expect(() => parseWrkCsv('Requests/sec: 10')).toThrow('wrk printed no CSV line');
  });
});

describe('call cost formulas', () => {
  it('derive the service time of a saturated single-process server from requests/s, without the connection count', () => {
    expect(serviceTimeUs(4000)).toBe(250);
    // flat 4,000 req/s = 250 µs; with 3 calls 3,000 req/s = 333.3 µs → 27.8 µs per call
    expect(perCallCostUs(3000, 4000, 3)).toBeCloseTo(27.78, 2);
    expect(cpuPerRequestUs(2.5, 10_000)).toBe(250);
  });

  it('alternate the order of targets every other round', () => {
    expect(roundOrder(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(roundOrder(['a', 'b', 'c'], 1)).toEqual(['c', 'b', 'a']);
  });
});

function sample(rps: number, cpuUsPerReq: number): LoadSample {
  const requests = rps * 10;
  const cpuSeconds = (requests * cpuUsPerReq) / 1e6;
  return {
    rps,
    p50Ms: 2,
    p90Ms: 3,
    p99Ms: 5,
    maxMs: 9,
    requests,
    socketErrors: 0,
    httpErrors: 0,
    cpuSeconds,
    cpuShare: cpuSeconds / 10,
  };
}

describe('call-cost and hand-written measurements', () => {
  const samples = new Map<string, LoadSample[]>([
    ['gen-flat', [sample(4000, 240), sample(3800, 250)]],
    ['gen-local', [sample(3000, 320), sample(2900, 330)]],
    ['gen-http', [sample(400, 2400), sample(380, 2500)]],
    ['hand-flat', [sample(5000, 200), sample(4000, 200)]],
    ['hand-local', [sample(3100, 300), sample(3000, 300)]],
    ['hand-http', [sample(420, 2300), sample(400, 2300)]],
  ]);

  it('judge per-call costs from server CPU per request, per round, and report the requests/s estimate beside', () => {
    const ms = callMeasurements(samples);
    const byName = Object.fromEntries(ms.map((m) => [m.metric, m]));
    const local = byName['cost of one local call']!;
    // (320 − 240) / 3 and (330 − 250) / 3
    expect(local.runs).toEqual([80 / 3, 80 / 3]);
    expect(local.pass).toBe(true);
    expect(local.note).toBe('(server CPU µs per request with calls − flat) / 3, per round');
    const http = byName['cost of one HTTP call']!;
    expect(http.runs).toEqual([720, 750]);
    const ratio = byName['HTTP call / local call']!;
    expect(ratio.median).toBeCloseTo(735 / (80 / 3), 6);
    expect(ratio.pass).toBe(true);
    // (1e6/3000 − 1e6/4000) / 3 = 27.8 and (1e6/2900 − 1e6/3800) / 3 = 27.2
    const fromRps = byName['cost of one local call, from requests/s']!;
    expect(fromRps.runs.map((r) => Math.round(r * 10) / 10)).toEqual([27.8, 27.2]);
    expect(fromRps.pass).toBeUndefined();
    expect(byName['flat: requests/s']!.median).toBe(3900);
  });

  it('fall back to requests/s when the server CPU time is unknown', () => {
    const noCpu = new Map(
      [...samples].map(([k, v]) => [k, v.map((x) => ({ ...x, cpuSeconds: Number.NaN }))]),
    );
    const local = callMeasurements(noCpu).find((m) => m.metric === 'cost of one local call')!;
    expect(local.runs.map((r) => Math.round(r * 10) / 10)).toEqual([27.8, 27.2]);
    expect(local.note).toMatch(/no \/proc: from requests\/s/);
  });

  it('floors a local cost lost in noise so the ratio stays finite, and says so', () => {
    const noisy = new Map(samples);
    noisy.set('gen-local', [sample(4100, 240), sample(3900, 250)]);
    const ratio = callMeasurements(noisy).find((m) => m.metric === 'HTTP call / local call')!;
    expect(Number.isFinite(ratio.median)).toBe(true);
    expect(ratio.note).toMatch(/below the 1 µs floor; ratio uses the floor$/);
  });

  it('compares generated with hand-written throughput per round, judged on CPU per request', () => {
    const ms = handwrittenMeasurements(samples);
    const flat = ms.find((m) => m.metric === 'generated / hand-written throughput, flat')!;
    expect(flat.runs).toEqual([200 / 240, 200 / 250]);
    expect(flat.pass).toBe(false);
    expect(ms.find((m) => m.metric === 'generated / hand-written throughput, 3 local calls')!.pass).toBe(
      true,
    );
    const raw = ms.find((m) => m.metric === 'generated / hand-written requests/s, flat')!;
    expect(raw.runs).toEqual([0.8, 0.95]);
    expect(raw.pass).toBeUndefined();
  });
});

function worker(workflows: number, fullMs: number, baselineMs: number, unchangedMs: number): WorkerResult {
  return {
    workflows,
    fullMs,
    baselineMs,
    unchangedMs,
    oneChangedMs: unchangedMs * 2,
    oneChangedColdMs: unchangedMs * 3,
    cpuMs: {
      full: fullMs,
      unchanged: unchangedMs,
      oneChanged: unchangedMs * 2,
      oneChangedCold: unchangedMs * 3,
    },
    stages: {
      full: { validate: fullMs / 4, render: fullMs / 2 },
      unchanged: { validate: unchangedMs / 2 },
      oneChanged: { validate: unchangedMs },
      oneChangedCold: { validate: unchangedMs },
    },
    rewritten: { unchanged: 0, oneChanged: 2 },
    peakRssMb: 100 + workflows / 10,
    startRssMb: 80,
    files: workflows + 20,
    bytes: workflows * 10_000,
  };
}

describe('code generation measurements', () => {
  it('put the targets on the largest size and judge growth by 10× steps', () => {
    const bySize = new Map([
      [10, [worker(10, 20, 5, 1), worker(10, 22, 5, 1)]],
      [100, [worker(100, 100, 40, 5), worker(100, 120, 40, 6)]],
      [1000, [worker(1000, 1500, 400, 200), worker(1000, 1300, 400, 100)]],
    ]);
    const ms = codegenMeasurements(bySize);
    const judged = ms.filter((m) => m.target).map((m) => [m.metric, m.median, m.pass]);
    expect(judged).toEqual([
      ['generation / plain write, 1000 workflows', 3.5, false],
      ['unchanged regeneration / full, 1000 workflows', (200 / 1500 + 100 / 1300) * 50, false],
      ['one workflow changed / full, 1000 workflows', (400 / 1500 + 200 / 1300) * 50, false],
      [
        'one workflow changed, nothing remembered in memory / full, 1000 workflows',
        ((600 / 1500) * 100 + (300 / 1300) * 100) / 2,
        false,
      ],
      ['time growth 100 → 1000 workflows (10× the work)', 1400 / 110, false],
    ]);
    const nps = ms.find((m) => m.metric === 'nodes per second, 1000 workflows')!;
    expect(nps.runs).toEqual([20_000 / 1.5, 20_000 / 1.3]);
  });
});
