import type { Database } from 'better-sqlite3';
import type { TargetHealth } from '../types.js';
import type { TargetRow } from './monitor-store.js';

const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

interface WindowTotals {
  checks: number;
  okChecks: number;
  latencySum: number;
  counted: number;
  dTotal: number;
  dErrors: number;
}

/**
 * Builds {@link TargetHealth} for targets from their samples (last 24 h: raw rows;
 * 7 d: raw rows plus hourly rollups of what compaction already folded away).
 * Windows are half-open: a sample counts when `now - window < at <= now`.
 */
export class HealthSummaries {
  readonly #stmts;

  constructor(db: Database) {
    this.#stmts = {
      raw: db.prepare(
        `SELECT count(*) AS checks, coalesce(sum(ok), 0) AS okChecks,
           coalesce(sum(CASE WHEN ok = 1 THEN latency_ms END), 0) AS latencySum,
           count(req_total) AS counted, coalesce(sum(d_total), 0) AS dTotal, coalesce(sum(d_errors), 0) AS dErrors
         FROM monitor_samples WHERE target = ? AND at > ? AND at <= ?`,
      ),
      rolled: db.prepare(
        `SELECT coalesce(sum(checks), 0) AS checks, coalesce(sum(ok_checks), 0) AS okChecks,
           coalesce(sum(latency_sum), 0) AS latencySum, coalesce(sum(counted), 0) AS counted,
           coalesce(sum(d_total), 0) AS dTotal, coalesce(sum(d_errors), 0) AS dErrors
         FROM monitor_rollups WHERE target = ? AND hour > ? AND hour <= ?`,
      ),
      // Nearest-rank percentile: the k-th smallest answered latency.
      nth: db.prepare(
        `SELECT latency_ms AS v FROM monitor_samples WHERE target = ? AND at > ? AND at <= ? AND ok = 1
         ORDER BY latency_ms LIMIT 1 OFFSET ?`,
      ),
      last: db.prepare('SELECT ok, error FROM monitor_samples WHERE target = ? ORDER BY at DESC LIMIT 1'),
    };
  }

  forTarget(row: TargetRow, now: number, projectName: string | null = null): TargetHealth {
    const day = this.#stmts.raw.get(row.key, now - DAY, now) as WindowTotals;
    const week = add(
      this.#stmts.raw.get(row.key, now - 7 * DAY, now) as WindowTotals,
      this.#stmts.rolled.get(row.key, now - 7 * DAY, now) as WindowTotals,
    );
    const last = this.#stmts.last.get(row.key) as { ok: number; error: string | null } | undefined;
    const errorRate = errorRateOf(day);
    return {
      projectId: row.projectId,
      projectName,
      targetId: row.targetId,
      url: row.url,
      status: row.status,
      reason: row.reason,
      statusSince: row.statusSince,
      lastCheckedAt: row.lastCheckedAt,
      lastError: last && last.ok === 0 ? last.error : null,
      uptime24h: day.checks === 0 ? null : day.okChecks / day.checks,
      uptime7d: week.checks === 0 ? null : week.okChecks / week.checks,
      avgLatencyMs: day.okChecks === 0 ? null : day.latencySum / day.okChecks,
      p95LatencyMs: this.#percentile(row.key, now - DAY, now, day.okChecks, 0.95),
      errorRate: errorRate?.rate ?? null,
      errorRateSource: errorRate?.source ?? null,
      checks24h: day.checks,
    };
  }

  #percentile(key: number, from: number, to: number, n: number, p: number): number | null {
    if (n === 0) return null;
    const rank = Math.max(1, Math.ceil(p * n));
    return (this.#stmts.nth.get(key, from, to, rank - 1) as { v: number }).v;
  }
}

function add(a: WindowTotals, b: WindowTotals): WindowTotals {
  return {
    checks: a.checks + b.checks,
    okChecks: a.okChecks + b.okChecks,
    latencySum: a.latencySum + b.latencySum,
    counted: a.counted + b.counted,
    dTotal: a.dTotal + b.dTotal,
    dErrors: a.dErrors + b.dErrors,
  };
}

/** The app's counters when it reported any in the window; else the share of failed checks. */
function errorRateOf(w: WindowTotals): { rate: number; source: 'app' | 'probes' } | null {
  if (w.counted > 0) return { rate: w.dTotal === 0 ? 0 : w.dErrors / w.dTotal, source: 'app' };
  if (w.checks === 0) return null;
  return { rate: (w.checks - w.okChecks) / w.checks, source: 'probes' };
}
