import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type CpuProfile, profileCpu, topFunctions } from '../../bench/profile/cpu-profile.js';
import { runInProcess, shortenProfile } from '../../bench/profile/in-process.js';
import { demoProject } from '../../src/model/demo.js';
import { generate, removeDir, writeApp } from '../compiler/python/support.js';
import { DEMO_INPUT } from '../fixtures/demo-answer.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const demo = () => demoProject({ id: 'proj_demo', name: 'demo', now: '2026-01-05T10:00:00.000Z' });

/** One line of topFunctions: `self % · total % · function (file:line)`. */
const LINE = /^ *(\d+\.\d) % self · +(\d+\.\d) % total · (.+) \((.+):(\d+)\)$/;

describe('CPU profile summary (bench/profile/cpu-profile.ts)', () => {
  it('ranks functions by self time and counts a recursive function once in its total', () => {
    const frame = (functionName: string, url = 'file:///repo/src/a.ts', lineNumber = 9) => ({
      functionName,
      url,
      lineNumber,
    });
    const profile: CpuProfile = {
      startTime: 0,
      endTime: 10_000,
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), hitCount: 0, children: [2] },
        { id: 2, callFrame: frame('render'), hitCount: 2, children: [3] },
        { id: 3, callFrame: frame('render'), hitCount: 1, children: [4] },
        { id: 4, callFrame: frame('escape', 'file:///repo/src/b.ts', 0), hitCount: 7 },
      ],
    };
    expect(topFunctions(profile, '/repo', 5).split('\n')).toEqual([
      'V8 CPU profile, 10 ms, 10 samples; by self time:',
      ' 70.0 % self ·  70.0 % total · escape (src/b.ts:1)',
      ' 30.0 % self · 100.0 % total · render (src/a.ts:10)',
    ]);
  });

  it('profiles the real code generator (what `bench codegen --profile` does) and summarises its samples', async () => {
    const project = demo();
    // Generate the demo app again and again for a while, so the sampler has enough to see.
    const { result: files, profile } = await profileCpu(async () => {
      let n = 0;
      for (const until = performance.now() + 400; performance.now() < until; )
        n += generate(project, 'local').length;
      return n;
    });
    expect(files).toBeGreaterThan(0);

    const samples = profile.nodes.reduce((s, node) => s + (node.hitCount ?? 0), 0);
    expect(samples).toBeGreaterThan(50);
    const [header, ...lines] = topFunctions(profile, REPO, 10_000).split('\n');
    expect(header).toBe(
      `V8 CPU profile, ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms, ${samples} samples; by self time:`,
    );

    const rows = lines.map((line) => {
      const m = LINE.exec(line);
      expect(m, line).not.toBeNull();
      return { self: Number(m![1]), total: Number(m![2]), fn: m![3]!, file: m![4]! };
    });
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      expect(row.self, `${row.fn}: self ≤ total`).toBeLessThanOrEqual(row.total);
      // A function on the stack more than once per sample (recursion) still counts once.
      expect(row.total, `${row.fn}: total ≤ 100 %`).toBeLessThanOrEqual(100);
    }
    expect(rows.map((r) => r.self)).toEqual(rows.map((r) => r.self).sort((a, b) => b - a));
    // Self times share the samples: every sample is one function's own time (each % rounded to 0.1).
    const selfSum = rows.reduce((s, r) => s + r.self, 0);
    expect(Math.abs(selfSum - 100)).toBeLessThanOrEqual(0.05 * rows.length + 0.001);
    // The generator's own functions are there, by path relative to the repository.
    expect(rows.some((r) => r.file.startsWith('src/compiler/') && r.file.endsWith('.ts'))).toBe(true);
    expect(lines.filter((l) => l.includes(REPO) || l.includes('file://'))).toEqual([]);
  });
});

describe('in-process driver (bench/profile/in-process.ts + asgi_profile.py)', () => {
  const appDir = writeApp(generate(demo(), 'local'));
  afterAll(() => removeDir(appDir));

  it("drives the generated demo app's ASGI callable and returns its cProfile, paths shortened", async () => {
    const run = await runInProcess({
      appDir,
      app: 'main:app',
      path: '/api/main',
      requests: 50,
      body: JSON.stringify(DEMO_INPUT),
      profile: { top: 40 },
    });
    expect(run.usPerRequest).toBeGreaterThan(0);
    expect(run.cpuUsPerRequest).toBeGreaterThan(0);
    const profile = run.profile ?? '';
    // pstats printed twice: by own time, then cumulative.
    expect(profile).toContain('Ordered by: internal time');
    expect(profile).toContain('Ordered by: cumulative time');
    // The app's own files relative to it, Python's packages by name, no absolute app path left.
    expect(profile).toMatch(/ runtime\/\w+\.py:\d+\(/);
    expect(profile).toMatch(/ (starlette|fastapi)\/[\w/]+\.py:\d+\(/);
    expect(profile).not.toContain(appDir);
  });

  it('refuses an app whose route does not answer 200, with the driver’s reason', async () => {
    await expect(
      runInProcess({ appDir, app: 'main:app', path: '/api/nowhere', requests: 5, body: '{}' }),
    ).rejects.toThrow(
      /in-process driver on \/api\/nowhere failed \(exit 1\): .*\/api\/nowhere answered 404/s,
    );
  });

  it("shortens pstats paths to the app's own files and Python's packages", () => {
    const text =
      '  10 0.1 /tmp/app/runtime/executor.py:81(_run)\n  5 0.1 /usr/lib/python3/dist-packages/starlette/routing.py:63(app)\n  1 0.1 /usr/lib/python3.11/asyncio/tasks.py:389(wait)';
    expect(shortenProfile(text, '/tmp/app')).toBe(
      '10 0.1 runtime/executor.py:81(_run)\n  5 0.1 starlette/routing.py:63(app)\n  1 0.1 asyncio/tasks.py:389(wait)',
    );
  });
});
