import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/monitor/clock.js';
import { type MonitorFixture, monitorFixture } from './support/monitor-fixture.js';
import type { StandInApp } from './support/stand-in-server.js';

let f: MonitorFixture;
let app: StandInApp;

beforeEach(async () => {
  f = await monitorFixture();
  app = f.server.app('/prod');
  f.targets.push({ projectId: 'proj_a', targetId: 'production', url: app.url });
});
afterEach(async () => {
  await f.dispose();
});

const health = () => f.monitor.healthOf('proj_a', 'production')!;
const statuses = () =>
  f.monitor.store
    .events()
    .map((e) => `${e.from}→${e.to}`)
    .reverse();

describe('health monitor status (real HTTP, manual clock)', () => {
  it('is unknown before the first check and healthy when the app answers fast', async () => {
    await f.monitor.refresh();
    expect(health()).toMatchObject({
      status: 'unknown',
      reason: 'not checked yet',
      lastCheckedAt: null,
      checks24h: 0,
    });
    app.virtualDelayMs = 20;
    await f.round();
    app.virtualDelayMs = 40;
    await f.round();
    expect(health()).toMatchObject({
      status: 'healthy',
      reason: 'answering in 30 ms on average',
      uptime24h: 1,
      avgLatencyMs: 30,
      p95LatencyMs: 40,
      lastError: null,
      checks24h: 2,
    });
    expect(statuses()).toEqual(['unknown→healthy']);
  });

  it('turns degraded when the last 5 answers average more than 1000 ms', async () => {
    app.virtualDelayMs = 20;
    for (let i = 0; i < 5; i++) await f.round();
    app.virtualDelayMs = 2500;
    await f.round(); // (4 × 20 + 2500) / 5 = 516 ms
    expect(health().status).toBe('healthy');
    await f.round(); // (3 × 20 + 2 × 2500) / 5 = 1012 ms
    expect(health()).toMatchObject({
      status: 'degraded',
      reason: 'slow: 1012 ms average over the last 5 answers (limit 1000 ms)',
    });
    app.virtualDelayMs = 20;
    for (let i = 0; i < 3; i++) await f.round(); // (2 × 2500 + 3 × 20) / 5 = 1012 ms: still slow
    expect(health().status).toBe('degraded');
    await f.round(); // (2500 + 4 × 20) / 5 = 516 ms
    expect(health().status).toBe('healthy');
    expect(statuses()).toEqual(['unknown→healthy', 'healthy→degraded', 'degraded→healthy']);
  });

  it('turns degraded on a real slow answer measured with the system clock', async () => {
    const real = await monitorFixture({ clock: systemClock });
    try {
      const slow = real.server.app('/slow');
      slow.realDelayMs = 1100;
      real.targets.push({ projectId: 'p', targetId: 'slow', url: slow.url });
      const [outcome] = await real.monitor.checkAll();
      expect(outcome!.sample.latencyMs).toBeGreaterThanOrEqual(1100);
      expect(outcome!.status.status).toBe('degraded');
      expect(outcome!.status.reason).toMatch(
        /^slow: 1\d{3} ms average over the last answer \(limit 1000 ms\)$/,
      );
    } finally {
      await real.dispose();
    }
  });

  it('turns degraded when the app counters show more than 5 % errors, with that error rate', async () => {
    app.traffic(100, 0);
    await f.round(); // first reading: no delta yet
    app.traffic(100, 2);
    await f.round(); // 2 of 100
    expect(health()).toMatchObject({ status: 'healthy', errorRate: 0.02, errorRateSource: 'app' });
    app.traffic(100, 10);
    await f.round(); // 12 of 200 = 6 %
    expect(health()).toMatchObject({
      status: 'degraded',
      reason: 'error rate 6 % (12 of 200 requests) over the last 3 checks (limit 5 %)',
      errorRate: 0.06,
      errorRateSource: 'app',
    });
  });

  it('is down after two failed checks in a row, not after one, and healthy again after a restart', async () => {
    app.traffic(500, 5);
    await f.round();
    app.traffic(100, 0);
    await f.round();
    await f.server.stop();
    await f.round();
    expect(health()).toMatchObject({ status: 'healthy', lastError: 'connection refused' });
    await f.round();
    expect(health()).toMatchObject({
      status: 'down',
      reason: '2 checks in a row failed: connection refused',
      lastError: 'connection refused',
    });
    await f.server.restart();
    app.traffic(50, 1); // counters restarted from zero: 1 of 50 = 2 %
    await f.round();
    expect(health()).toMatchObject({
      status: 'healthy',
      lastError: null,
      errorRate: 1 / 150,
      uptime24h: 3 / 5,
    });
    expect(statuses()).toEqual(['unknown→healthy', 'healthy→down', 'down→healthy']);
    const down = f.monitor.store.events().find((e) => e.to === 'down')!;
    expect(down).toEqual({
      projectId: 'proj_a',
      targetId: 'production',
      url: app.url,
      at: Date.UTC(2026, 5, 1, 12, 4),
      from: 'healthy',
      to: 'down',
      reason: '2 checks in a row failed: connection refused',
    });
  });

  it('turns degraded when the app reports a status other than healthy', async () => {
    await f.round();
    app.status = 'degraded';
    app.httpStatus = 503;
    await f.round();
    expect(health()).toMatchObject({ status: 'degraded', reason: 'app reports "degraded"', uptime24h: 1 });
    app.status = 'healthy';
    app.httpStatus = 200;
    await f.round();
    expect(health().status).toBe('healthy');
  });

  it('emits sample and status-change events', async () => {
    const seen: string[] = [];
    f.monitor.on('sample', (o) => seen.push(`sample ${o.target.targetId} ${o.status.status}`));
    f.monitor.on('status-change', (c) => seen.push(`change ${c.from}→${c.to}`));
    await f.round();
    await f.round();
    expect(seen).toEqual([
      'sample production healthy',
      'change unknown→healthy',
      'sample production healthy',
    ]);
  });

  it('logs a listener that throws and keeps monitoring', async () => {
    f.monitor.on('sample', () => {
      throw new Error('stream closed');
    });
    await f.round();
    await f.round();
    expect(f.warnings).toEqual([
      'a sample listener failed: stream closed',
      'a sample listener failed: stream closed',
    ]);
    expect(health()).toMatchObject({ status: 'healthy', checks24h: 2 });
  });
});
