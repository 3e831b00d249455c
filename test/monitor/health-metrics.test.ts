import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compactHistory } from '../../src/monitor/db/compaction.js';
import { type MonitorFixture, monitorFixture } from './support/monitor-fixture.js';
import type { StandInApp } from './support/stand-in-server.js';

const HOUR = 3_600_000;
let f: MonitorFixture;
let app: StandInApp;

beforeEach(async () => {
  f = await monitorFixture();
  app = f.server.app();
  f.targets.push({ projectId: 'p', targetId: 'prod', url: app.url });
});
afterEach(async () => {
  await f.dispose();
});

function fail(): void {
  app.httpStatus = 500;
  app.rawBody = 'Internal Server Error';
}
function recover(): void {
  app.httpStatus = 200;
  app.rawBody = null;
}

describe('health metrics, computed exactly as specified', () => {
  it('uptime is the share of good checks; latency and error rate cover the answers of the window', async () => {
    // Day 0: two failures, two answers of 1000 ms.
    fail();
    await f.round();
    await f.round();
    recover();
    app.virtualDelayMs = 1000;
    await f.round();
    await f.round();

    // 25 h later: 20 checks, one failed; answers take 10, 20, … 190 ms; 200 requests, 2 errors.
    f.clock.advance(25 * HOUR);
    let latency = 10;
    for (let round = 1; round <= 20; round++) {
      app.traffic(10, round === 5 ? 2 : 0);
      if (round === 10) fail();
      else {
        recover();
        app.virtualDelayMs = latency;
        latency += 10;
      }
      await f.round();
    }

    const health = f.monitor.healthOf('p', 'prod')!;
    expect(health).toMatchObject({
      status: 'healthy',
      checks24h: 20,
      uptime24h: 19 / 20,
      uptime7d: (2 + 19) / (4 + 20),
      avgLatencyMs: (10 + 190) / 2, // mean of 10…190
      p95LatencyMs: 190, // nearest rank: ceil(0.95 × 19) = 19th of 19
      errorRate: 2 / 200,
      errorRateSource: 'app',
      lastError: null,
      lastCheckedAt: f.clock.now() - 190, // when the last check started
    });

    // Three quiet days later and compacted: nothing raw is left, but 7 d uptime still holds.
    f.clock.advance(3 * 24 * HOUR);
    const compacted = compactHistory(f.db, f.clock.now());
    expect(compacted.samplesCompacted).toBe(24);
    expect(f.db.prepare('SELECT count(*) FROM monitor_samples').pluck().get()).toBe(0);
    expect(f.monitor.healthOf('p', 'prod')).toMatchObject({
      checks24h: 0,
      uptime24h: null,
      uptime7d: 21 / 24,
      avgLatencyMs: null,
      p95LatencyMs: null,
      errorRate: null,
    });
  });

  it('uses failed probes as the error rate when the app reports no counters', async () => {
    app.rawBody = JSON.stringify({ status: 'healthy' });
    for (let i = 0; i < 3; i++) await f.round();
    fail();
    await f.round();
    expect(f.monitor.healthOf('p', 'prod')).toMatchObject({
      status: 'degraded',
      reason: '1 of 4 checks failed: HTTP 500 from ' + app.url + '/health',
      errorRate: 1 / 4,
      errorRateSource: 'probes',
      uptime24h: 3 / 4,
    });
  });
});
