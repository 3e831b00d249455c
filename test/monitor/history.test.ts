import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compactHistory } from '../../src/monitor/db/compaction.js';
import { HealthHistory } from '../../src/monitor/db/health-history.js';
import { MonitorStore } from '../../src/monitor/db/monitor-store.js';
import type { ProbeResult } from '../../src/monitor/probe.js';
import { tempDb } from './support/temp-db.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 2, 1);

let env: Awaited<ReturnType<typeof tempDb>>;
let store: MonitorStore;
let history: HealthHistory;
let key: number;
let total = 0;
let errors = 0;

beforeEach(async () => {
  env = await tempDb();
  store = new MonitorStore(env.db);
  history = new HealthHistory(env.db);
  key = store.upsertTarget({ projectId: 'p', targetId: 't', url: 'https://a.example' }).key;
  total = 0;
  errors = 0;
});
afterEach(async () => {
  await env.dispose();
});

function check(at: number, latencyMs: number, ok = true, traffic = 0, failed = 0): void {
  total += traffic;
  errors += failed;
  const probe: ProbeResult = {
    at,
    ok,
    httpStatus: ok ? 200 : null,
    latencyMs,
    reportedStatus: ok ? 'healthy' : null,
    requestsTotal: ok ? total : null,
    requestsErrors: ok ? errors : null,
    appUptime: ok ? (at - T0) / 1000 : null,
    error: ok ? null : 'connection refused',
  };
  store.recordCheck(key, probe);
}

describe('health history for charts', () => {
  it('buckets raw samples: uptime, average and max response time, error rate', () => {
    // Bucket 0 (0–5 min): 100, 300 ms and a failure; bucket 1 (5–10 min): 50 ms with 10 % errors.
    check(T0, 100, true, 0);
    check(T0 + MINUTE, 300, true, 20, 0);
    check(T0 + 2 * MINUTE, 0, false);
    check(T0 + 6 * MINUTE, 50, true, 30, 3);
    expect(history.series(key, { from: T0, to: T0 + 10 * MINUTE, bucketMs: 5 * MINUTE })).toEqual([
      { at: T0, checks: 3, uptime: 2 / 3, avgLatencyMs: 200, maxLatencyMs: 300, errorRate: 0 },
      { at: T0 + 5 * MINUTE, checks: 1, uptime: 1, avgLatencyMs: 50, maxLatencyMs: 50, errorRate: 0.1 },
    ]);
  });

  it('reads hourly rollups once raw samples are compacted, and adds both in a bucket', () => {
    for (let m = 0; m < 60; m++) check(T0 + m * MINUTE, m < 30 ? 10 : 30, m !== 59, 10, m === 0 ? 0 : 1);
    check(T0 + 50 * HOUR, 70, true, 10, 0); // still raw after compaction
    compactHistory(env.db, T0 + 50 * HOUR);
    expect(env.db.prepare('SELECT count(*) FROM monitor_samples').pluck().get()).toBe(1);
    const day = history.series(key, { from: T0, to: T0 + 72 * HOUR, bucketMs: 24 * HOUR });
    // Day 0: 60 checks, 59 answered (30 × 10 ms + 29 × 30 ms); 59 counter deltas… the first has none.
    // Errors: 58 of 580 requests in the hour (the 59th check failed and read nothing).
    expect(day[0]).toEqual({
      at: T0,
      checks: 60,
      uptime: 59 / 60,
      avgLatencyMs: (30 * 10 + 29 * 30) / 59,
      maxLatencyMs: 30,
      errorRate: 58 / 580,
    });
    // Day 2: the raw check at 50 h: its delta spans the failed check (20 requests, 1 error).
    expect(day[1]).toEqual({
      at: T0 + 48 * HOUR,
      checks: 1,
      uptime: 1,
      avgLatencyMs: 70,
      maxLatencyMs: 70,
      errorRate: 1 / 20,
    });
  });
});
