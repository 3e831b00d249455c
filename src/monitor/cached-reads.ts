import type { Database } from 'better-sqlite3';
import type { Clock } from './clock.js';
import { HealthHistory, type HistoryPoint, type HistoryQuery } from './db/health-history.js';
import { HealthSummaries } from './db/health-summary.js';
import type { MonitorStore, TargetRow } from './db/monitor-store.js';
import { entryId } from './schedule.js';
import type { MonitoredTarget, StatusChange, TargetHealth } from './types.js';

const SUMMARY_MAX_AGE_MS = 60_000;

/** What a cached summary was built from: a new check or status anywhere changes it. */
function rowStamp(row: TargetRow): string {
  return `${row.status}|${row.statusSince}|${row.lastCheckedAt}|${row.url}`;
}

/**
 * What the monitor answers about targets from the database: summaries, chart points,
 * status changes. Summaries are a few queries each (p95 sorts a day of latencies); the
 * dashboard asks often, so each is kept until its target is checked again or it is a
 * minute old.
 */
export class CachedReads {
  readonly #store: MonitorStore;
  readonly #clock: Clock;
  readonly #summaries: HealthSummaries;
  readonly #history: HealthHistory;
  readonly #cache = new Map<string, { health: TargetHealth; at: number; stamp: string }>();

  constructor(db: Database, store: MonitorStore, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
    this.#summaries = new HealthSummaries(db);
    this.#history = new HealthHistory(db);
  }

  /** Health of one target (also one no longer monitored, from its stored history). */
  healthOf(projectId: string, targetId: string, projectName: string | null): TargetHealth | undefined {
    const id = entryId({ projectId, targetId });
    const now = this.#clock.now();
    // The row is one indexed read; it tells whether anyone (another monitor too) stored news since.
    const row = this.#store.target(projectId, targetId);
    if (!row) return undefined;
    const stamp = rowStamp(row);
    const cached = this.#cache.get(id);
    if (cached && cached.stamp === stamp && now - cached.at < SUMMARY_MAX_AGE_MS && now >= cached.at)
      return cached.health;
    const health = this.#summaries.forTarget(row, now, projectName);
    this.#cache.set(id, { health, at: now, stamp });
    return health;
  }

  /** Chart points of one target (response time, uptime, error rate per bucket). */
  history(projectId: string, targetId: string, query: HistoryQuery): HistoryPoint[] {
    const row = this.#store.target(projectId, targetId);
    return row ? this.#history.series(row.key, query) : [];
  }

  /** Status changes of one target (or of all when omitted), newest first. */
  statusChanges(target: { projectId: string; targetId: string } | undefined, limit: number): StatusChange[] {
    if (!target) return this.#store.events({ limit });
    const row = this.#store.target(target.projectId, target.targetId);
    return row ? this.#store.events({ key: row.key, limit }) : [];
  }

  /** The target's stored state changed: its summary is built again next time. */
  forget(target: Pick<MonitoredTarget, 'projectId' | 'targetId'>): void {
    this.#cache.delete(entryId(target));
  }
}
