import type { Database, Statement } from 'better-sqlite3';

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
  req_total: number | null;
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
 * older than the policy allows. Only whole hours are folded, at most a day of one target
 * per transaction, so the studio's writes are never blocked for long. Error deltas were
 * computed when each sample was recorded, so an hour's rollup needs nothing from the hour
 * before it.
 */
export class HistoryCompactor {
  readonly #policy: RetentionPolicy;
  readonly #stmts: Record<
    'targets' | 'firstOld' | 'range' | 'deleteRange' | 'upsert' | 'deleteRollups' | 'deleteEvents',
    Statement
  >;
  readonly #foldChunk: (target: number, from: number, to: number, result: CompactionResult) => void;
  readonly #prune: (target: number, now: number, result: CompactionResult) => void;

  constructor(db: Database, policy: RetentionPolicy = DEFAULT_RETENTION) {
    this.#policy = policy;
    this.#stmts = {
      targets: db.prepare('SELECT id FROM monitor_targets').pluck(),
      firstOld: db.prepare('SELECT min(at) FROM monitor_samples WHERE target = ? AND at < ?').pluck(),
      range: db.prepare(
        `SELECT at, ok, latency_ms, req_total, d_total, d_errors FROM monitor_samples
         WHERE target = ? AND at >= ? AND at < ? ORDER BY at`,
      ),
      deleteRange: db.prepare('DELETE FROM monitor_samples WHERE target = ? AND at >= ? AND at < ?'),
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
    this.#foldChunk = db.transaction((target: number, from: number, to: number, result: CompactionResult) =>
      this.#fold(target, from, to, result),
    );
    this.#prune = db.transaction((target: number, now: number, result: CompactionResult) => {
      result.rollupsDeleted += this.#stmts.deleteRollups.run(target, now - this.#policy.rollupMs).changes;
      result.eventsDeleted += this.#stmts.deleteEvents.run(target, now - this.#policy.eventsMs).changes;
    });
  }

  run(now: number): CompactionResult {
    const result: CompactionResult = {
      samplesCompacted: 0,
      rollupsWritten: 0,
      rollupsDeleted: 0,
      eventsDeleted: 0,
    };
    const cutoff = Math.floor((now - this.#policy.rawMs) / HOUR) * HOUR;
    for (const target of this.#stmts.targets.all() as number[]) {
      // At most a day of one target's samples is in memory (and in one transaction) at a time.
      for (
        let first = this.#firstOld(target, cutoff);
        first !== null;
        first = this.#firstOld(target, cutoff)
      ) {
        const from = Math.floor(first / HOUR) * HOUR;
        this.#foldChunk(target, from, Math.min(cutoff, from + DAY), result);
      }
      this.#prune(target, now, result);
    }
    return result;
  }

  #firstOld(target: number, cutoff: number): number | null {
    return this.#stmts.firstOld.get(target, cutoff) as number | null;
  }

  #fold(target: number, from: number, to: number, result: CompactionResult): void {
    const hours = new Map<number, HourRollup>();
    for (const row of this.#stmts.range.all(target, from, to) as RawRow[]) {
      const hour = Math.floor(row.at / HOUR) * HOUR;
      let h = hours.get(hour);
      if (!h) {
        h = emptyHour(hour);
        hours.set(hour, h);
      }
      h.checks++;
      if (row.ok === 1) {
        h.okChecks++;
        h.latencySum += row.latency_ms;
        h.latencyMax = Math.max(h.latencyMax, row.latency_ms);
        h.latencies.push(row.latency_ms);
      }
      // `counted`: checks where the app reported its counters (a first reading has no delta yet).
      if (row.req_total !== null) {
        h.counted++;
        h.dTotal += row.d_total ?? 0;
        h.dErrors += row.d_errors ?? 0;
      }
      result.samplesCompacted++;
    }
    for (const h of hours.values()) {
      this.#stmts.upsert.run(
        target,
        h.hour,
        h.checks,
        h.okChecks,
        h.latencySum,
        h.latencyMax,
        p95(h.latencies),
        h.dTotal,
        h.dErrors,
        h.counted,
      );
      result.rollupsWritten++;
    }
    this.#stmts.deleteRange.run(target, from, to);
  }
}

/** One-off compaction (prepares its statements each call; keep a {@link HistoryCompactor} when repeating). */
export function compactHistory(
  db: Database,
  now: number,
  policy: RetentionPolicy = DEFAULT_RETENTION,
): CompactionResult {
  return new HistoryCompactor(db, policy).run(now);
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
