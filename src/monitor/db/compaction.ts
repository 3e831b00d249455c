import type { Database } from 'better-sqlite3';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How long each kind of history is kept. */
export interface RetentionPolicy {
  /** Raw samples (one per check) — what 24 h metrics and fine charts read. */
  rawMs: number;
  /** Hourly rollups — what 7 d uptime and long charts read. */
  rollupMs: number;
  /** Status change events. */
  eventsMs: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  rawMs: 48 * HOUR,
  rollupMs: 365 * DAY,
  eventsMs: 365 * DAY,
};

export interface CompactionResult {
  /** Raw samples folded into rollups and deleted. */
  samplesCompacted: number;
  rollupsWritten: number;
  rollupsDeleted: number;
  eventsDeleted: number;
}

interface RawRow {
  at: number;
  ok: number;
  latency_ms: number;
  d_total: number | null;
  d_errors: number | null;
}

/** One hour of one target, folded. */
interface HourRollup {
  hour: number;
  checks: number;
  okChecks: number;
  latencySum: number;
  latencyMax: number;
  latencies: number[];
  dTotal: number;
  dErrors: number;
  counted: number;
}

/**
 * Folds raw samples older than the raw retention into per-hour rollups and drops history
 * older than the policy allows. Only whole hours are folded, one target per transaction,
 * so the studio's writes are never blocked for long. Error deltas were computed when each
 * sample was recorded, so an hour's rollup needs nothing from the hour before it.
 */
export function compactHistory(
  db: Database,
  now: number,
  policy: RetentionPolicy = DEFAULT_RETENTION,
): CompactionResult {
  const result: CompactionResult = {
    samplesCompacted: 0,
    rollupsWritten: 0,
    rollupsDeleted: 0,
    eventsDeleted: 0,
  };
  const cutoff = Math.floor((now - policy.rawMs) / HOUR) * HOUR;
  const targets = db.prepare('SELECT id FROM monitor_targets').pluck().all() as number[];
  const stmts = {
    old: db.prepare(
      'SELECT at, ok, latency_ms, d_total, d_errors FROM monitor_samples WHERE target = ? AND at < ? ORDER BY at',
    ),
    deleteOld: db.prepare('DELETE FROM monitor_samples WHERE target = ? AND at < ?'),
    // A rollup for the same hour can exist if samples arrived late (clock steps): merge them.
    upsert: db.prepare(
      `INSERT INTO monitor_rollups (target, hour, checks, ok_checks, latency_sum, latency_max, latency_p95,
         d_total, d_errors, counted)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (target, hour) DO UPDATE SET
         checks = checks + excluded.checks, ok_checks = ok_checks + excluded.ok_checks,
         latency_sum = latency_sum + excluded.latency_sum,
         latency_max = max(latency_max, excluded.latency_max),
         latency_p95 = max(latency_p95, excluded.latency_p95),
         d_total = d_total + excluded.d_total, d_errors = d_errors + excluded.d_errors,
         counted = counted + excluded.counted`,
    ),
    deleteRollups: db.prepare('DELETE FROM monitor_rollups WHERE target = ? AND hour < ?'),
    deleteEvents: db.prepare('DELETE FROM monitor_events WHERE target = ? AND at < ?'),
  };

  for (const target of targets) {
    db.transaction(() => {
      let current: HourRollup | undefined;
      const flush = () => {
        if (!current) return;
        stmts.upsert.run(
          target,
          current.hour,
          current.checks,
          current.okChecks,
          current.latencySum,
          current.latencyMax,
          p95(current.latencies),
          current.dTotal,
          current.dErrors,
          current.counted,
        );
        result.rollupsWritten++;
      };
      for (const row of stmts.old.iterate(target, cutoff) as Iterable<RawRow>) {
        const hour = Math.floor(row.at / HOUR) * HOUR;
        if (current?.hour !== hour) {
          flush();
          current = emptyHour(hour);
        }
        current.checks++;
        if (row.ok === 1) {
          current.okChecks++;
          current.latencySum += row.latency_ms;
          current.latencyMax = Math.max(current.latencyMax, row.latency_ms);
          current.latencies.push(row.latency_ms);
        }
        if (row.d_total !== null) {
          current.counted++;
          current.dTotal += row.d_total;
          current.dErrors += row.d_errors ?? 0;
        }
        result.samplesCompacted++;
      }
      flush();
      stmts.deleteOld.run(target, cutoff);
      result.rollupsDeleted += stmts.deleteRollups.run(target, now - policy.rollupMs).changes;
      result.eventsDeleted += stmts.deleteEvents.run(target, now - policy.eventsMs).changes;
    })();
  }
  return result;
}

function emptyHour(hour: number): HourRollup {
  return {
    hour,
    checks: 0,
    okChecks: 0,
    latencySum: 0,
    latencyMax: 0,
    latencies: [],
    dTotal: 0,
    dErrors: 0,
    counted: 0,
  };
}

/** Nearest-rank 95th percentile (0 for an hour with no answers). */
function p95(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(0.95 * sorted.length)) - 1]!;
}
