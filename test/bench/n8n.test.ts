import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGenerator } from '../../bench/lib/generate-app.js';
import type { LoadSample } from '../../bench/lib/load.js';
import { writeProjectFolder } from '../../bench/lib/project-folder.js';
import { servePython } from '../../bench/lib/python-server.js';
import { N8N_CONFIGS } from '../../bench/n8n/n8n-configs.js';
import { n8nMeasurements } from '../../bench/n8n/n8n-measurements.js';
import {
  N8N_BODY,
  N8N_EXPECTED,
  N8N_TARGET,
  n8nEquivalentProject,
  PATHS,
} from '../../bench/n8n/n8n-project.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catalyst-bench-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function sample(rps: number): LoadSample {
  return {
    rps,
    p50Ms: 1,
    p90Ms: 2,
    p99Ms: 3,
    maxMs: 4,
    requests: rps * 20,
    socketErrors: 0,
    httpErrors: 0,
    cpuSeconds: 20,
    cpuShare: 1,
  };
}

describe('bench:n8n', () => {
  it('derives the sub-workflow cost of each side and their ratios', () => {
    const ms = n8nMeasurements(
      'legacy',
      new Map([
        ['gen-flat', [sample(3500), sample(3400)]],
        ['gen-parent', [sample(3300), sample(3200)]],
        ['n8n-legacy-flat', [sample(26), sample(25)]],
        ['n8n-legacy-parent', [sample(17), sample(16)]],
      ]),
    );
    const byName = Object.fromEntries(ms.map((m) => [m.metric, m]));
    // 1000/17 − 1000/26 = 20.4 ms; 1000/16 − 1000/25 = 22.5 ms
    expect(byName['n8n (legacy): cost of one sub-workflow execution']!.median).toBeCloseTo(
      (20.362 + 22.5) / 2,
      2,
    );
    expect(byName['generated / n8n requests/s, flat']!.runs).toEqual([3500 / 26, 3400 / 25]);
    expect(byName['n8n sub-workflow / generated local call']!.median).toBeGreaterThan(1000);
    expect(Object.keys(N8N_CONFIGS)).toEqual(['vm', 'legacy', 'legacy-nosave']);
  });

  it("generates the n8n kit's flow as a Catalyst app that answers what n8n answers", async () => {
    const projectDir = path.join(tmp, 'project');
    const appDir = path.join(tmp, 'app');
    writeProjectFolder(projectDir, n8nEquivalentProject(), { git: false });
    await (await loadGenerator())(projectDir, N8N_TARGET, appDir);
    const app = await servePython({ cwd: appDir, app: 'main:app', readyPath: '/health' });
    try {
      const post = async (p: string) =>
        (
          await fetch(`${app.url}${p}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: N8N_BODY,
          })
        ).json();
      expect(await post(PATHS.flat)).toEqual(N8N_EXPECTED);
      expect(await post(PATHS.parent)).toEqual({
        result: N8N_EXPECTED,
        workflow: 'bench_child',
        call_type: 'local',
      });
    } finally {
      await app.stop();
    }
  });
});
