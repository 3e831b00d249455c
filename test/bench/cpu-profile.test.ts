import { describe, expect, it } from 'vitest';
import { type CpuProfile, profileCpu, topFunctions } from '../../bench/profile/cpu-profile.js';
import { shortenProfile } from '../../bench/profile/in-process.js';

describe('CPU profile summary', () => {
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

  it('profiles real work in this process', async () => {
    const { result, profile } = await profileCpu(async () => {
      let x = 0;
      for (let i = 0; i < 2e6; i++) x += Math.sqrt(i);
      return x;
    });
    expect(result).toBeGreaterThan(0);
    expect(profile.nodes.length).toBeGreaterThan(1);
  });

  it("shortens pstats paths to the app's own files and Python's packages", () => {
    const text =
      '  10 0.1 /tmp/app/runtime/executor.py:81(_run)\n  5 0.1 /usr/lib/python3/dist-packages/starlette/routing.py:63(app)\n  1 0.1 /usr/lib/python3.11/asyncio/tasks.py:389(wait)';
    expect(shortenProfile(text, '/tmp/app')).toBe(
      '10 0.1 runtime/executor.py:81(_run)\n  5 0.1 starlette/routing.py:63(app)\n  1 0.1 asyncio/tasks.py:389(wait)',
    );
  });
});
