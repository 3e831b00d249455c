import { spawnSync } from 'node:child_process';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/monitor/manual-clock.js';
import { HealthMonitor, type HealthMonitorOptions } from '../../src/monitor/monitor.js';
import type { MonitoredTarget, StatusChange } from '../../src/monitor/types.js';
import { StandInServer } from './support/stand-in-server.js';
import { tempDb } from './support/temp-db.js';

const MINUTE = 60_000;

let clock: ManualClock;
let server: StandInServer;
let db: Database;
let dispose: () => Promise<void>;
let targets: MonitoredTarget[];
const monitors: HealthMonitor[] = [];

beforeEach(async () => {
  clock = new ManualClock(Date.UTC(2026, 5, 1, 12));
  server = await StandInServer.start({ clock });
  ({ db, dispose } = await tempDb());
  targets = [];
});
afterEach(async () => {
  for (const m of monitors.splice(0)) await m.stop();
  await server.close();
  await dispose();
});

/** A monitor of the shared database, as a studio or `catalyst status --watch` makes one. */
function monitor(label: string, options: Partial<HealthMonitorOptions> = {}): HealthMonitor {
  const m = new HealthMonitor({
    db,
    clock,
    targets: () => targets,
    random: () => 0.5,
    logger: { warn: () => {} },
    lease: { label },
    ...options,
  });
  monitors.push(m);
  return m;
}

/** A second at a time, letting every check that starts finish (over real sockets). */
async function tick(ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 1000) {
    clock.advance(1000);
    await new Promise((r) => setTimeout(r, 0));
    await Promise.all(monitors.map((m) => m.idle()));
  }
}

const sampleCount = () => (db.prepare('SELECT count(*) AS n FROM monitor_samples').get() as { n: number }).n;

describe('one monitor probes a workspace at a time (the lease)', () => {
  it('two monitors on one database: only the lease holder probes and records; the other follows it', async () => {
    const app = server.app('/prod');
    targets.push({ projectId: 'proj_shop', targetId: 'production', url: app.url });
    const studio = monitor('the studio');
    const watcher = monitor('catalyst status --watch');
    const seen: StatusChange[] = [];
    watcher.on('status-change', (c) => seen.push(c));
    await studio.start();
    await watcher.start();
    expect([studio.leading, watcher.leading]).toEqual([true, false]);
    expect(watcher.leader()).toMatchObject({ label: 'the studio', pid: process.pid });

    await tick(5 * MINUTE);
    // One target, 60 s interval, five minutes: five checks, not ten.
    expect(app.hits).toBe(5);
    expect(sampleCount()).toBe(5);
    expect(studio.stats.checks).toBe(5);
    expect(watcher.stats.checks).toBe(0);
    // A one-shot check through the follower checks nothing either.
    expect(await watcher.checkAll()).toEqual([]);
    expect(app.hits).toBe(5);

    // The follower shows what the holder records, status changes included.
    app.status = 'starting';
    await tick(2 * MINUTE);
    expect(watcher.health().map((h) => [h.targetId, h.status, h.checks24h])).toEqual([
      ['production', 'degraded', 7],
    ]);
    expect(seen.map((c) => `${c.from}→${c.to}`)).toEqual(['unknown→healthy', 'healthy→degraded']);
  });

  it('when the holder stops, the other takes over', async () => {
    const app = server.app('/prod');
    targets.push({ projectId: 'proj_shop', targetId: 'production', url: app.url });
    const first = monitor('the studio');
    const second = monitor('catalyst status --watch');
    await first.start();
    await second.start();
    await tick(2 * MINUTE);
    expect([app.hits, second.stats.checks]).toEqual([2, 0]);

    const took = new Promise<boolean>((resolve) => second.once('leading', resolve));
    await first.stop();
    await tick(10_000); // the next lease cycle of the other
    expect(await took).toBe(true);
    expect(second.leading).toBe(true);
    await tick(3 * MINUTE);
    expect(second.stats.checks).toBe(3);
    expect(app.hits).toBe(5);
    expect(sampleCount()).toBe(5);
  });

  it('takes the lease at once from a holder whose process is gone, and after expiry from one that hangs', async () => {
    const app = server.app('/prod');
    targets.push({ projectId: 'proj_shop', targetId: 'production', url: app.url });
    // A lease row left by a process that no longer exists (it crashed without releasing).
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    db.prepare('INSERT INTO monitor_lease (id, owner, pid, label, expires_at) VALUES (1, ?, ?, ?, ?)').run(
      'crashed',
      dead,
      'the studio',
      clock.now() + 60 * MINUTE,
    );
    const heir = monitor('catalyst status --watch');
    await heir.start();
    expect(heir.leading).toBe(true);
    await heir.stop();

    // A live holder that stopped renewing (hung): its lease is free once it expires.
    db.prepare('INSERT INTO monitor_lease (id, owner, pid, label, expires_at) VALUES (1, ?, ?, ?, ?)').run(
      'hung',
      process.pid,
      'the studio',
      clock.now() + 2 * MINUTE,
    );
    const patient = monitor('catalyst status --watch');
    await patient.start();
    expect(patient.leading).toBe(false);
    await tick(2 * MINUTE - 5_000);
    expect([patient.leading, app.hits]).toEqual([false, 0]);
    await tick(10_000);
    expect(patient.leading).toBe(true);
  });
});

describe('a stopped target', () => {
  it('is marked stopped, never probed while stopped, and checked afresh when it runs again', async () => {
    const app = server.app('/prod');
    const target: MonitoredTarget = { projectId: 'proj_shop', targetId: 'local', url: app.url };
    targets.push(target);
    let stopped = false;
    const m = monitor('the studio', { isStopped: () => stopped });
    const changes: StatusChange[] = [];
    m.on('status-change', (c) => changes.push(c));
    await m.start();
    await tick(2 * MINUTE);
    app.status = 'broken';
    await tick(MINUTE);
    expect(m.health()[0]?.status).toBe('degraded');

    // Stopped between two refreshes: the next due check finds it stopped instead of probing.
    stopped = true;
    const hits = app.hits;
    const samples = sampleCount();
    await tick(10 * MINUTE);
    expect(app.hits).toBe(hits);
    expect(sampleCount()).toBe(samples);
    expect(m.health()).toEqual([
      expect.objectContaining({
        targetId: 'local',
        status: 'stopped',
        reason: expect.stringMatching(/^stopped/),
      }),
    ]);

    // It runs again (healthy now): checked at once, its status from the new run only.
    app.status = 'healthy';
    stopped = false;
    await m.refresh();
    await m.idle();
    expect(app.hits).toBe(hits + 1);
    expect(m.health()[0]).toMatchObject({ status: 'healthy' });
    expect(changes.map((c) => `${c.from}→${c.to}`)).toEqual([
      'unknown→healthy',
      'healthy→degraded',
      'degraded→stopped',
      'stopped→unknown',
      'unknown→healthy',
    ]);
  });

  it('a target the source lists as stopped is shown stopped and not probed; a crashed one (not stopped) still is', async () => {
    const stoppedApp = server.app('/stopped');
    // A crashed app: its server is gone, its port refuses.
    const gone = await StandInServer.start({ clock });
    const crashedUrl = gone.app('/crashed').url;
    await gone.close();
    targets.push(
      { projectId: 'proj_shop', targetId: 'a', url: stoppedApp.url, stopped: true },
      { projectId: 'proj_shop', targetId: 'b', url: crashedUrl },
    );
    const m = monitor('the studio');
    await m.start();
    await tick(3 * MINUTE);
    expect(stoppedApp.hits).toBe(0);
    expect(m.health().map((h) => [h.targetId, h.status])).toEqual([
      ['a', 'stopped'],
      ['b', 'down'],
    ]);
  });
});
