import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverPairMeasurements } from '../../bench/calls/bare-bench.js';
import { CALL_TARGET, callProject, ENDPOINTS, REQUEST_BODY } from '../../bench/calls/call-project.js';
import { loadGenerator } from '../../bench/lib/generate-app.js';
import { pythonPath } from '../../bench/lib/machine.js';
import { writeProjectFolder } from '../../bench/lib/project-folder.js';

describe('uvicorn in-process pair (bench/calls/server_pair.py)', () => {
  it('judges nothing and pairs each batch: bare CPU / generated CPU', () => {
    const got = serverPairMeasurements({ gen_us: [100, 120], bare_us: [90, 90] });
    const ratio = got.find((m) => m.metric === 'generated / bare ASGI throughput, uvicorn in-process, flat')!;
    expect(ratio.runs).toEqual([0.9, 0.75]);
    expect(ratio.target).toBeUndefined();
  });

  it('drives the generated app and bare.py through uvicorn’s H11 protocol in one process', async () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'server-pair-'));
    try {
      const project = path.join(tmp, 'project');
      const app = path.join(tmp, 'app');
      writeProjectFolder(project, callProject(), { git: false });
      await (await loadGenerator())(project, CALL_TARGET, app);
      const script = path.join(process.cwd(), 'bench', 'calls', 'server_pair.py');
      const bare = path.join(process.cwd(), 'bench', 'baseline');
      const args = [
        script,
        app,
        bare,
        ENDPOINTS.flat,
        '--body',
        REQUEST_BODY,
        '--batches',
        '2',
        '--requests',
        '20',
      ];
      const run = spawnSync(pythonPath(), args, { cwd: app, encoding: 'utf8', timeout: 120_000 });
      expect(run.stderr).toBe('');
      const out = JSON.parse(run.stdout.trim()) as { gen_us: number[]; bare_us: number[] };
      expect(out.gen_us).toHaveLength(2);
      expect(out.bare_us).toHaveLength(2);
      expect([...out.gen_us, ...out.bare_us].every((us) => us > 0)).toBe(true);
      // A wrong path is refused, not measured.
      const wrong = spawnSync(pythonPath(), [script, app, bare, '/api/nowhere', '--batches', '1'], {
        cwd: app,
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(wrong.status).not.toBe(0);
      expect(wrong.stderr).toMatch(/app answered b'HTTP\/1.1 404/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 180_000);
});
