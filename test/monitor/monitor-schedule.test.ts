import { afterEach, describe, expect, it } from 'vitest';
import { updateMonitorSettings } from '../../src/monitor/db/settings-store.js';
import { HealthMonitor } from '../../src/monitor/monitor.js';
import { type MonitorFixture, monitorFixture } from './support/monitor-fixture.js';

let f: MonitorFixture;
afterEach(async () => {
  await f.dispose();
});

/** Lets checks started by fired timers run to completion over real sockets. */
async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 0));
  await f.monitor.idle();
}

/** Advances the manual clock one second at a time, letting started checks finish. */
async function advance(ms: number, step = 1000): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    f.clock.advance(step);
    await settle();
  }
}

describe('health monitor schedule', () => {
  it('spreads first checks over the interval and then checks each target once per interval', async () => {
    let i = 0;
    f = await monitorFixture({ random: () => (i++ % 20) / 20 });
    const apps = Array.from({ length: 20 }, (_, n) => f.server.app(`/t/${n}`));
    apps.forEach((app, n) => void f.targets.push({ projectId: 'p', targetId: `t${n}`, url: app.url }));
    const firstHit: number[] = [];
    const start = f.clock.now();
    f.monitor.on('sample', (o) => {
      const n = Number(o.target.targetId.slice(1));
      firstHit[n] ??= o.sample.at - start;
    });
    await f.monitor.start();
    await advance(59_000);
    // Phases i/20 of 60 s: one target every 3 s, none at the same instant.
    expect(firstHit).toEqual(Array.from({ length: 20 }, (_, n) => n * 3000));
    expect(apps.map((a) => a.hits)).toEqual(Array(20).fill(1));
    await advance(60_000);
    expect(apps.map((a) => a.hits)).toEqual(Array(20).fill(2));
    expect(f.monitor.stats).toMatchObject({ targets: 20, checks: 40, skipped: 0 });
  });

  it('never runs more checks at once than its concurrency', async () => {
    f = await monitorFixture({ settings: { concurrency: 3 } });
    const apps = Array.from({ length: 12 }, (_, n) => f.server.app(`/t/${n}`));
    for (const [n, app] of apps.entries()) {
      app.realDelayMs = 40;
      f.targets.push({ projectId: 'p', targetId: `t${n}`, url: app.url });
    }
    const outcomes = await f.monitor.checkAll();
    expect(outcomes).toHaveLength(12);
    expect(f.server.peakInFlight).toBe(3);
    expect(f.monitor.stats.peakConcurrency).toBe(3);
  });

  it('reads its interval from the workspace settings and follows target changes', async () => {
    f = await monitorFixture();
    updateMonitorSettings(f.db, { intervalMs: 30_000 });
    const monitor = new HealthMonitor({
      db: f.db,
      clock: f.clock,
      targets: () => f.targets,
      random: () => 0,
      logger: { warn: (m) => f.warnings.push(m) },
    });
    try {
      expect(monitor.settings.intervalMs).toBe(30_000);
      const a = f.server.app('/a');
      const b = f.server.app('/b');
      f.targets.push(
        { projectId: 'p', targetId: 'a', url: a.url },
        { projectId: 'p', targetId: 'none', url: null },
      );
      await monitor.start();
      f.clock.advance(0);
      await new Promise((r) => setTimeout(r, 0));
      await monitor.idle();
      expect(a.hits).toBe(1);
      // b is deployed and a removed: picked up at the next refresh, 30 s later (once per interval).
      f.targets.splice(0, f.targets.length, { projectId: 'p', targetId: 'b', url: b.url });
      for (let t = 0; t < 90_000; t += 1000) {
        f.clock.advance(1000);
        await new Promise((r) => setTimeout(r, 0));
        await monitor.idle();
      }
      expect(a.hits).toBe(2); // at 0 s and 30 s, then gone
      expect(b.hits).toBe(3); // found at 30 s and checked at once, then at 45 s and 75 s (phase 0 of the later half)
      expect(monitor.health().map((h) => h.targetId)).toEqual(['b']);
    } finally {
      await monitor.stop();
    }
  });

  it('checks a just-redeployed target at once when asked (same URL), not at its next phase', async () => {
    f = await monitorFixture({ random: () => 0.5 });
    const app = f.server.app('/a');
    f.targets.push({ projectId: 'p', targetId: 'a', url: app.url });
    await f.monitor.start();
    await advance(31_000);
    expect(app.hits).toBe(1); // its phase: 30 s
    // A redeploy keeps the URL: a plain refresh finds nothing new, so nothing is checked…
    await f.monitor.refresh();
    await settle();
    expect(app.hits).toBe(1);
    // …while the studio's refresh after the deploy names the target, and it is checked now,
    // with the clock standing still (its next phase would be at 90 s).
    await f.monitor.refresh({ checkNow: { projectId: 'p', targetId: 'a' } });
    await settle();
    expect(app.hits).toBe(2);
    expect(f.monitor.healthOf('p', 'a')?.lastCheckedAt).toBe(f.clock.now());
  });

  it('schedules targets first seen by a one-off checkAll once started', async () => {
    f = await monitorFixture({ random: () => 0.25 });
    const app = f.server.app('/a');
    f.targets.push({ projectId: 'p', targetId: 'a', url: app.url });
    await f.monitor.checkAll();
    await f.monitor.start();
    await advance(15_000);
    expect(app.hits).toBe(2); // the one-off check, then its phase at 15 s
  });

  it('applies a new interval from the workspace settings at its next refresh', async () => {
    f = await monitorFixture({ random: () => 0 });
    const app = f.server.app('/a');
    f.targets.push({ projectId: 'p', targetId: 'a', url: app.url });
    await f.monitor.start();
    await advance(1000); // first check at 0 s
    updateMonitorSettings(f.db, { intervalMs: 10_000 });
    await advance(58_000);
    expect(app.hits).toBe(1);
    expect(f.monitor.settings.intervalMs).toBe(60_000);
    // At 60 s the refresh reads 10 s and re-spreads every target (phase 0: right away)…
    await advance(1000);
    expect(f.monitor.settings.intervalMs).toBe(10_000);
    expect(app.hits).toBe(2);
    // …then every 10 s: at 70, 80 and 90 s.
    await advance(30_000);
    expect(app.hits).toBe(5);
  });

  it('stop() cancels a check in flight without storing it', async () => {
    f = await monitorFixture();
    const app = f.server.app('/hang');
    app.hang = true;
    f.targets.push({ projectId: 'p', targetId: 'hang', url: app.url });
    const pending = f.monitor.checkAll();
    while (app.hits === 0) await new Promise((r) => setTimeout(r, 5));
    await f.monitor.stop();
    expect(await pending).toEqual([]);
    expect(f.monitor.healthOf('p', 'hang')).toMatchObject({ status: 'unknown', checks24h: 0 });
    expect(f.clock.pending).toBe(0);
  });
});
