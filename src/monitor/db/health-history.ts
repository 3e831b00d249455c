import type { Database } from 'better-sqlite3';

const HOUR = 3_600_000;

/** One point of a health chart: the checks that started in `[at, at + bucketMs)`. */
export interface HistoryPoint {
  at: number;
  checks: number;
  /** Share (0–1) of good checks in the bucket. */
  uptime: number;
  /** Over the answered checks; null when none answered. */
  avgLatencyMs: number | null;
  maxLatencyMs: number | null;
  /** From the app's counters (null when it reported none in the bucket). */
  errorRate: number | null;
}

export interface HistoryQuery {
  from: number;
  to: number;
  /** Bucket width; below an hour only raw samples (the last 48 h) can fill it. */
  bucketMs: number;
}

interface BucketRow {
  t: number;
  checks: number;
  okChecks: number;
  latencySum: number;
  latencyMax: number | null;
  counted: number;
  dTotal: number;
  dErrors: number;
}

/**
 * Chart data for one target: raw samples and hourly rollups folded into equal buckets.
 * Raw rows and rollups never cover the same hour (compaction moves one into the other),
 * so a bucket simply adds both.
 */
export class HealthHistory {
  readonly #raw;
  readonly #rolled;

  constructor(db: Database) {
    this.#raw = db.prepare(
      `SELECT CAST((at - @from) / @bucket AS INTEGER) AS t, count(*) AS checks, coalesce(sum(ok), 0) AS okChecks,
         coalesce(sum(latency_ms) FILTER (WHERE ok = 1), 0) AS latencySum,
         max(latency_ms) FILTER (WHERE ok = 1) AS latencyMax,
         count(req_total) AS counted, coalesce(sum(d_total), 0) AS dTotal, coalesce(sum(d_errors), 0) AS dErrors
       FROM monitor_samples WHERE target = @key AND at >= @from AND at < @to GROUP BY t`,
    );
    this.#rolled = db.prepare(
      `SELECT CAST((hour - @from) / @bucket AS INTEGER) AS t, sum(checks) AS checks, sum(ok_checks) AS okChecks,
         sum(latency_sum) AS latencySum, max(CASE WHEN ok_checks > 0 THEN latency_max END) AS latencyMax,
         sum(counted) AS counted, sum(d_total) AS dTotal, sum(d_errors) AS dErrors
       FROM monitor_rollups WHERE target = @key AND hour >= @from AND hour < @to GROUP BY t`,
    );
  }

  /** Points in time order; buckets without checks are left out (a gap in the chart). */
  series(key: number, query: HistoryQuery): HistoryPoint[] {
    const bucket = Math.max(1, Math.floor(query.bucketMs));
    const params = { key, from: query.from, to: query.to, bucket };
    const buckets = new Map<number, BucketRow>();
    const rows = [
      ...(this.#raw.all(params) as BucketRow[]),
      ...(bucket >= HOUR ? (this.#rolled.all(params) as BucketRow[]) : []),
    ];
    for (const row of rows) {
      const seen = buckets.get(row.t);
      if (!seen) {
        buckets.set(row.t, { ...row });
        continue;
      }
      seen.checks += row.checks;
      seen.okChecks += row.okChecks;
      seen.latencySum += row.latencySum;
      seen.latencyMax = maxOf(seen.latencyMax, row.latencyMax);
      seen.counted += row.counted;
      seen.dTotal += row.dTotal;
      seen.dErrors += row.dErrors;
    }
    return [...buckets.values()]
      .sort((a, b) => a.t - b.t)
      .map((b) => ({
        at: query.from + b.t * bucket,
        checks: b.checks,
        uptime: b.okChecks / b.checks,
        avgLatencyMs: b.okChecks === 0 ? null : b.latencySum / b.okChecks,
        maxLatencyMs: b.okChecks === 0 ? null : b.latencyMax,
        errorRate: b.counted === 0 ? null : b.dTotal === 0 ? 0 : b.dErrors / b.dTotal,
      }));
  }
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
