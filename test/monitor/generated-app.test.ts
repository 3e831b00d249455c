import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/build/app-server.js';
import { freePort } from '../../src/build/free-port.js';
import { generateApp } from '../../src/build/generate.js';
import { ManualClock } from '../../src/monitor/manual-clock.js';
import { HealthMonitor } from '../../src/monitor/monitor.js';
import type { MonitoredTarget } from '../../src/monitor/types.js';
import { tempDb } from './support/temp-db.js';

const PYTHON = process.env['CATALYST_PYTHON'] ?? '/usr/bin/python3';

let dir: string;
let app: RunningApp;

/** A project with one public workflow whose code node fails when asked to (→ HTTP 500). */
async function writeProject(root: string): Promise<void> {
  await mkdir(join(root, 'workflows'), { recursive: true });
  const manifest = {
    schemaVersion: 1,
    id: 'proj_monitor',
    name: 'monitored',
    description: '',
    version: '0.1.0',
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-05T10:00:00.000Z',
    deploymentTargets: { local: { id: 'local', name: 'Local', platform: 'docker' } },
  };
  const workflow = {
    id: 'wf_echo',
    name: 'echo',
    description: '',
    deploymentTargetId: 'local',
    visibility: 'public',
    endpoint: { method: 'POST', path: '/api/echo' },
    nodes: {
      run: {
        id: 'run',
        type: 'code',
        name: 'Run',
        position: { x: 0, y: 0 },
        config: {
          code: 'if input.get("fail"):\n    raise ValueError("asked to fail")\nreturn {"ok": True}\n',
        },
      },
    },
    edges: [],
  };
  await writeFile(join(root, 'catalyst.json'), JSON.stringify(manifest, null, 2));
  await writeFile(join(root, 'workflows', 'echo.json'), JSON.stringify(workflow, null, 2));
}

async function call(fail: boolean): Promise<number> {
  const response = await fetch(`${app.url}/api/echo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fail }),
  });
  await response.arrayBuffer();
  return response.status;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'catalyst-monitor-app-'));
  const project = join(dir, 'project');
  await writeProject(project);
  const out = join(dir, 'app');
  await generateApp({
    projectDir: project,
    targetId: 'local',
    outDir: out,
    env: { ...process.env, CATALYST_PYTHON: PYTHON },
  });
  app = await startApp({
    python: PYTHON,
    dir: out,
    host: '127.0.0.1',
    port: await freePort(),
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    healthTimeoutMs: 40_000,
  });
}, 120_000);

afterAll(async () => {
  await app?.stop(5_000);
  await rm(dir, { recursive: true, force: true });
});

describe('monitoring a real generated app', () => {
  it('reads its health and request counters: healthy, then degraded by its own error rate, then down', async () => {
    const clock = new ManualClock();
    const { db, dispose } = await tempDb();
    const targets: MonitoredTarget[] = [{ projectId: 'proj_monitor', targetId: 'local', url: app.url }];
    const monitor = new HealthMonitor({ db, clock, targets: () => targets, logger: { warn: () => {} } });
    const round = async () => {
      clock.advance(60_000);
      const [outcome] = await monitor.checkAll();
      return outcome!;
    };
    try {
      const first = await round();
      expect(first.sample).toMatchObject({
        ok: true,
        httpStatus: 200,
        reportedStatus: 'healthy',
        error: null,
      });
      expect(first.sample.requestsTotal).toBe(0);
      expect(first.status.status).toBe('healthy');

      for (let i = 0; i < 19; i++) expect(await call(false)).toBe(200);
      expect(await call(true)).toBe(500);
      // 1 error in 20 requests = 5 %: not above the limit.
      expect((await round()).status).toEqual({
        status: 'healthy',
        reason: expect.stringMatching(/^answering in \d+ ms on average$/),
      });
      expect(monitor.healthOf('proj_monitor', 'local')).toMatchObject({
        errorRate: 0.05,
        errorRateSource: 'app',
      });

      for (let i = 0; i < 8; i++) expect(await call(false)).toBe(200);
      expect(await call(true)).toBe(500);
      expect(await call(true)).toBe(500);
      // 3 errors in 30 requests over the window = 10 %.
      expect((await round()).status).toEqual({
        status: 'degraded',
        reason: 'error rate 10 % (3 of 30 requests) over the last 3 checks (limit 5 %)',
      });

      await app.stop(5_000);
      expect((await round()).status.status).toBe('degraded');
      const down = await round();
      expect(down.status).toEqual({ status: 'down', reason: '2 checks in a row failed: connection refused' });
      expect(
        monitor.store
          .events()
          .map((e) => `${e.from}→${e.to}`)
          .reverse(),
      ).toEqual(['unknown→healthy', 'healthy→degraded', 'degraded→down']);
    } finally {
      await monitor.stop();
      await dispose();
    }
  });
});
