import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAppWorkspace } from '../../src/cli/app-workspace.js';
import { deployRecords } from '../../src/deploy/deploy-workspace.js';
import { createWorkspaceMonitor, ManualClock, type StatusChange } from '../../src/monitor/index.js';
import type { Workspace } from '../../src/workspace/workspace.js';
import { StandInServer } from './support/stand-in-server.js';

let dir: string;
let workspace: Workspace;
let server: StandInServer;
let clock: ManualClock;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'catalyst-ws-monitor-'));
  workspace = openAppWorkspace({ home: join(dir, 'home'), env: {} });
  clock = new ManualClock();
  server = await StandInServer.start({ clock });
});
afterEach(async () => {
  await server.close();
  workspace.close();
  await rm(dir, { recursive: true, force: true });
});

function deployed(targetId: string, url: string): void {
  deployRecords(workspace).states.deployed('proj_shop', targetId, {
    deployedAt: '2026-06-01T12:00:00.000Z',
    version: '0.1.0',
    commit: 'abc1234',
    url,
    deploymentId: `dep_${targetId}`,
  });
}

/** Moves the clock a second at a time, letting the checks it starts finish (over real sockets). */
async function tick(ms: number, monitor: { idle(): Promise<void> }): Promise<void> {
  for (let t = 0; t < ms; t += 1000) {
    clock.advance(1000);
    await new Promise((r) => setTimeout(r, 0));
    await monitor.idle();
  }
}

describe('the workspace monitor (what the studio runs)', () => {
  it('watches deployed targets of registered projects from start to stop, and picks up new deploys', async () => {
    workspace.registry.register({ id: 'proj_shop', name: 'Shop', path: join(dir, 'shop') });
    const prod = server.app('/prod');
    deployed('production', prod.url);
    const monitor = createWorkspaceMonitor(workspace, {
      clock,
      random: () => 0.5,
      logger: { warn: () => {} },
    });
    const changes: StatusChange[] = [];
    monitor.on('status-change', (c) => changes.push(c));
    await monitor.start();
    await tick(30_000, monitor);
    expect(monitor.health().map((h) => [h.projectName, h.targetId, h.status])).toEqual([
      ['Shop', 'production', 'healthy'],
    ]);

    const staging = server.app('/staging');
    staging.status = 'starting';
    deployed('staging', staging.url);
    await tick(29_000, monitor);
    expect(staging.hits).toBe(0);
    await tick(1000, monitor); // the refresh at 60 s finds it and checks it at once
    expect(staging.hits).toBe(1);
    await monitor.refresh(); // what the studio does after a deploy: a known target is not re-checked
    await monitor.idle();
    expect(staging.hits).toBe(1);
    expect(monitor.health().map((h) => [h.targetId, h.status, h.reason])).toEqual([
      ['production', 'healthy', 'answering in 0 ms on average'],
      ['staging', 'degraded', 'app reports "starting"'],
    ]);
    expect(changes.map((c) => `${c.targetId} ${c.from}→${c.to}`)).toEqual([
      'production unknown→healthy',
      'staging unknown→degraded',
    ]);
    await monitor.stop();
    expect(clock.pending).toBe(0);
  });
});
