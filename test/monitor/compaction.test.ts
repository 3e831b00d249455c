import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compactHistory, HistoryCompactor } from '../../src/monitor/db/compaction.js';
import { MonitorStore } from '../../src/monitor/db/monitor-store.js';
import type { ProbeResult } from '../../src/monitor/probe.js';
import { tempDb } from './support/temp-db.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 1);

let env: Awaited<ReturnType<typeof tempDb>>;
let store: MonitorStore;
let key: number;
let counters = { total: 0, errors: 0 };

beforeEach(async () => {
  env = await tempDb();
  store = new MonitorStore(env.db);
  key = store.upsertTarget({
    projectId: 'proj_7f3a9c',
    targetId: 'production',
    url: 'https://vh.example',
  }).key;
  counters = { total: 0, errors: 0 };
});
afterEach(async () => {
  await env.dispose();
});

/** A check result as the probe would produce it (storage is what is under test here). */
function probe(at: number, latencyMs: number, ok = true, traffic = 0, errors = 0): ProbeResult {
  counters.total += traffic;
  counters.errors += errors;
  return {
    at,
    ok,
    httpStatus: ok ? 200 : null,
    latencyMs,
    reportedStatus: ok ? 'healthy' : null,
    requestsTotal: ok ? counters.total : null,
    requestsErrors: ok ? counters.errors : null,
    appUptime: ok ? (at - T0) / 1000 : null,
    error: ok ? null : 'connection refused',
  };
}

const count = (table: string) => env.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('history compaction', () => {
  it('folds an hour of samples into one exact rollup', () => {
    store.recordCheck(key, probe(T0 - MINUTE, 5, true, 0)); // the baseline reading for the counters
    const latencies = [
      30, 10, 50, 20, 40, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200,
    ];
    latencies.forEach(
      (ms, i) =>
        void store.recordCheck(key, probe(T0 + i * 3 * MINUTE, ms, i !== 7, 100, i % 4 === 0 ? 1 : 0)),
    );
    const result = compactHistory(env.db, T0 + 49 * HOUR);
    expect(result).toEqual({ samplesCompacted: 21, rollupsWritten: 2, rollupsDeleted: 0, eventsDeleted: 0 });
    const rollup = env.db.prepare('SELECT * FROM monitor_rollups WHERE hour = ?').get(T0);
    // 19 answers (the 8th check failed), their latency sum 2020 - 80; p95 = 19th of 19 = 200.
    // Counter deltas: each answer grew by 100 (the one after the failure by 200); errors on checks 0,4,8,12,16.
    expect(rollup).toEqual({
      target: key,
      hour: T0,
      checks: 20,
      ok_checks: 19,
      latency_sum: 2100 - 80,
      latency_max: 200,
      latency_p95: 200,
      d_total: 2000,
      d_errors: 5,
      counted: 19,
    });
    expect(count('monitor_samples')).toBe(0);
  });

  it('keeps a year of 60 s checks small: 48 h of raw samples plus one row per hour', () => {
    const compactor = new HistoryCompactor(env.db);
    let maxRaw = 0;
    // 400 days of hourly checks, then 3 days of 60 s checks: the tables then hold what a year
    // of 60 s checks leaves (a rollup row per hour for a year, 48 h of raw rows), at a
    // fraction of the simulation cost (a rollup row's size does not depend on its counts).
    const record = env.db.transaction((from: number, to: number, step: number) => {
      for (let at = from; at < to; at += step)
        store.recordCheck(key, probe(at, 20 + (at % 97), at % 89 !== 0, 50, 1));
    });
    let at = T0;
    for (let day = 0; day < 400; day++, at += DAY) {
      record(at, at + DAY, HOUR);
      compactor.run(at + DAY);
    }
    for (let hour = 0; hour < 72; hour++, at += HOUR) {
      record(at, at + HOUR, MINUTE);
      compactor.run(at + HOUR);
      maxRaw = Math.max(maxRaw, count('monitor_samples'));
    }
    // Raw rows never exceed 48 h plus the hour being filled (60 s checks: 60 per hour).
    expect(maxRaw).toBeLessThanOrEqual(49 * 60);
    expect(count('monitor_samples')).toBe(48 * 60);
    // One rollup per hour for the year before the raw 48 h, nothing older.
    expect(count('monitor_rollups')).toBe(365 * 24 - 48);
    const oldest = env.db.prepare('SELECT min(hour) FROM monitor_rollups').pluck().get() as number;
    expect(oldest).toBeGreaterThanOrEqual(at - 365 * DAY);
    env.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = statSync(env.path).size;
    // A year of raw 60 s rows would be 525,600 rows (> 15 MB); compacted, well under 1.5 MB.
    expect(bytes).toBeLessThan(1.5 * 1024 * 1024);
  });

  it('drops status events older than a year', () => {
    store.recordCheck(key, probe(T0, 20));
    store.recordCheck(key, probe(T0 + 400 * DAY, 20, false));
    store.recordCheck(key, probe(T0 + 400 * DAY + MINUTE, 20, false));
    const transitions = () => store.events().map((e) => `${e.from}→${e.to}`);
    expect(transitions()).toEqual(['healthy→down', 'unknown→healthy']);
    const result = compactHistory(env.db, T0 + 400 * DAY + HOUR);
    expect(result.eventsDeleted).toBe(1);
    expect(transitions()).toEqual(['healthy→down']);
  });
});
