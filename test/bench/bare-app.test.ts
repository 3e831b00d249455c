import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BARE_TARGET, bareBenchmark, bareMeasurements } from '../../bench/calls/bare-bench.js';
import { ENDPOINTS, EXPECTED, REQUEST_BODY } from '../../bench/calls/call-project.js';
import type { LoadSample } from '../../bench/lib/load.js';
import { servePython } from '../../bench/lib/python-server.js';
import { BENCHMARKS } from '../../bench/registry.js';

const sample = (rps: number, cpuUsPerRequest: number): LoadSample => {
  const requests = rps * 10;
  return {
    rps,
    requests,
    p50Ms: 5,
    p99Ms: 10,
    httpErrors: 0,
    socketErrors: 0,
    cpuSeconds: (cpuUsPerRequest * requests) / 1e6,
    cpuShare: 1,
  } as LoadSample;
};

describe('generated app overhead benchmark (bare ASGI baseline)', () => {
  it('is registered and judges bare CPU per request / generated, per round, against ≥ 0.85', () => {
    expect(BENCHMARKS).toContain(bareBenchmark);
    const got = bareMeasurements(
      new Map([
        ['gen-flat', [sample(1000, 200), sample(900, 250)]],
        ['bare-flat', [sample(2000, 160), sample(1000, 150)]],
      ]),
    );
    const ratio = got.find((m) => m.metric === 'generated / bare ASGI throughput, flat')!;
    expect(ratio.runs.map((r) => Number(r.toFixed(3)))).toEqual([0.8, 0.6]);
    expect(ratio.target).toEqual({ op: '>=', limit: BARE_TARGET });
    expect(ratio.pass).toBe(false);
    expect(got.find((m) => m.metric === 'generated / bare ASGI requests/s, flat')!.target).toBeUndefined();
  });

  it('serves the flat workflow’s answer from bench/baseline/bare.py under uvicorn, and 400 for a bad body', async () => {
    const server = await servePython({
      cwd: path.join(process.cwd(), 'bench', 'baseline'),
      app: 'bare:app',
      readyPath: '/health',
    });
    try {
      const post = (body: string) =>
        fetch(`${server.url}${ENDPOINTS.flat}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
      const ok = await post(REQUEST_BODY);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('application/json');
      expect(await ok.json()).toEqual(EXPECTED);
      const bad = await post('{nope');
      expect(bad.status).toBe(400);
      expect((await bad.json()).error).toMatch(/not valid JSON/);
    } finally {
      await server.stop();
    }
  });
});
