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
      // One pass over the raw rows of the last 7 d (at most 48 h of them exist) for both windows.
      raw: db.prepare(
        `SELECT count(*) FILTER (WHERE at > @day) AS checks, coalesce(sum(ok) FILTER (WHERE at > @day), 0) AS okChecks,
           coalesce(sum(latency_ms) FILTER (WHERE at > @day AND ok = 1), 0) AS latencySum,
           count(req_total) FILTER (WHERE at > @day) AS counted,
           coalesce(sum(d_total) FILTER (WHERE at > @day), 0) AS dTotal,
           coalesce(sum(d_errors) FILTER (WHERE at > @day), 0) AS dErrors,
           count(*) AS weekChecks, coalesce(sum(ok), 0) AS weekOkChecks
         FROM monitor_samples WHERE target = @key AND at > @week AND at <= @now`,
      ),
      rolled: db.prepare(
        `SELECT coalesce(sum(checks), 0) AS checks, coalesce(sum(ok_checks), 0) AS okChecks
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
    const day = this.#stmts.raw.get({
      key: row.key,
      day: now - DAY,
      week: now - 7 * DAY,
      now,
    }) as WindowTotals & {
      weekChecks: number;
      weekOkChecks: number;
    };
    const rolled = this.#stmts.rolled.get(row.key, now - 7 * DAY, now) as {
      checks: number;
      okChecks: number;
    };
    const weekChecks = day.weekChecks + rolled.checks;
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
      // A stopped target is not checked: the failure of its last check is not news.
      lastError: row.status !== 'stopped' && last && last.ok === 0 ? last.error : null,
      uptime24h: day.checks === 0 ? null : day.okChecks / day.checks,
      uptime7d: weekChecks === 0 ? null : (day.weekOkChecks + rolled.okChecks) / weekChecks,
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

/** The app's counters when it reported any in the window; else the share of failed checks. */
function errorRateOf(w: WindowTotals): { rate: number; source: 'app' | 'probes' } | null {
  if (w.counted > 0) return { rate: w.dTotal === 0 ? 0 : w.dErrors / w.dTotal, source: 'app' };
  if (w.checks === 0) return null;
  return { rate: (w.checks - w.okChecks) / w.checks, source: 'probes' };
}
