import type { Database } from 'better-sqlite3';
import { type DerivedStatus, deriveStatus } from '../derive-status.js';
import type { ProbeResult } from '../probe.js';
import { counterDeltas, type Sample } from '../sample.js';
import { type HealthStatus, STATUS_RULES } from '../status-rules.js';
import type { MonitoredTarget, StatusChange } from '../types.js';

export interface TargetRow {
  key: number;
  projectId: string;
  targetId: string;
  url: string | null;
  status: HealthStatus;
  reason: string;
  statusSince: number | null;
  lastCheckedAt: number | null;
}

/** A status change and the id of its stored event. */
export interface StoredChange {
  eventId: number;
  change: StatusChange;
}

export interface RecordOutcome {
  sample: Sample;
  status: DerivedStatus;
  /** Set when this check changed the target's status (and an event was stored). */
  change: StatusChange | null;
}

export const STOPPED_REASON = 'stopped by the user; not checked while stopped';

/** How many recent samples status derivation needs. */
const RECENT = Math.max(STATUS_RULES.window, STATUS_RULES.downAfterFailures);

interface SampleRow {
  at: number;
  ok: number;
  http_status: number | null;
  latency_ms: number;
  reported_status: string | null;
  req_total: number | null;
  req_errors: number | null;
  app_uptime: number | null;
  d_total: number | null;
  d_errors: number | null;
  error: string | null;
}

const TARGET_COLUMNS = `id AS key, project_id AS projectId, target_id AS targetId, url, status, reason,
  status_since AS statusSince, last_checked_at AS lastCheckedAt`;

/**
 * Samples, per-target status and status events in the workspace database. Writes for one
 * check (sample, status, event) happen in one transaction, so a crash never leaves a
 * status that its samples do not explain.
 */
export class MonitorStore {
  readonly db: Database;
  readonly #stmts;
  readonly #recordCheck: (key: number, probe: ProbeResult) => RecordOutcome | null;
  readonly #setStatus: (
    key: number,
    at: number,
    to: HealthStatus,
    reason: string,
    unless: (current: HealthStatus) => boolean,
  ) => StoredChange | null;

  constructor(db: Database) {
    this.db = db;
    this.#stmts = {
      upsertTarget: db.prepare(
        `INSERT INTO monitor_targets (project_id, target_id, url) VALUES (?, ?, ?)
         ON CONFLICT (project_id, target_id) DO UPDATE SET url = excluded.url
         RETURNING ${TARGET_COLUMNS}`,
      ),
      targetByKey: db.prepare(`SELECT ${TARGET_COLUMNS} FROM monitor_targets WHERE id = ?`),
      targetById: db.prepare(
        `SELECT ${TARGET_COLUMNS} FROM monitor_targets WHERE project_id = ? AND target_id = ?`,
      ),
      allTargets: db.prepare(`SELECT ${TARGET_COLUMNS} FROM monitor_targets ORDER BY project_id, target_id`),
      lastCounted: db.prepare(
        `SELECT req_total AS requestsTotal, req_errors AS requestsErrors, app_uptime AS appUptime
         FROM monitor_samples WHERE target = ? AND req_total IS NOT NULL ORDER BY at DESC LIMIT 1`,
      ),
      insertSample: db.prepare(
        `INSERT INTO monitor_samples (target, at, ok, http_status, latency_ms, reported_status,
           req_total, req_errors, app_uptime, d_total, d_errors, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      recent: db.prepare(
        'SELECT * FROM monitor_samples WHERE target = ? AND at >= ? ORDER BY at DESC LIMIT ?',
      ),
      // When the target last ran again after a stop: its status starts over from there.
      resumedAt: db.prepare(
        `SELECT max(at) AS at FROM monitor_events WHERE target = ? AND from_status = 'stopped'`,
      ),
      setStatus: db.prepare(
        'UPDATE monitor_targets SET status = ?, reason = ?, status_since = ? WHERE id = ?',
      ),
      since: db.prepare('SELECT * FROM monitor_samples WHERE target = ? AND at > ? ORDER BY at'),
      touch: db.prepare('UPDATE monitor_targets SET last_checked_at = ?, reason = ? WHERE id = ?'),
      changeStatus: db.prepare(
        'UPDATE monitor_targets SET status = ?, reason = ?, status_since = ?, last_checked_at = ? WHERE id = ?',
      ),
      insertEvent: db.prepare(
        'INSERT INTO monitor_events (target, at, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?)',
      ),
      eventsAfter: db.prepare(
        `SELECT e.id AS eventId, t.project_id AS projectId, t.target_id AS targetId, t.url, e.at,
           e.from_status AS "from", e.to_status AS "to", e.reason
         FROM monitor_events e JOIN monitor_targets t ON t.id = e.target WHERE e.id > ? ORDER BY e.id`,
      ),
      maxEventId: db.prepare('SELECT coalesce(max(id), 0) AS id FROM monitor_events'),
      stoppedKeys: db.prepare(`SELECT id FROM monitor_targets WHERE status = 'stopped'`),
      events: db.prepare(
        `SELECT t.project_id AS projectId, t.target_id AS targetId, t.url, e.at, e.from_status AS "from",
           e.to_status AS "to", e.reason
         FROM monitor_events e JOIN monitor_targets t ON t.id = e.target
         WHERE (@key IS NULL OR e.target = @key) ORDER BY e.at DESC, e.id DESC LIMIT @limit`,
      ),
    };
    this.#recordCheck = db.transaction((key: number, probe: ProbeResult) => this.#record(key, probe));
    this.#setStatus = db.transaction(
      (key: number, at: number, to: HealthStatus, reason: string, unless: (s: HealthStatus) => boolean) =>
        this.#changeTo(key, at, to, reason, unless),
    );
  }

  /** Registers a target (or updates its URL) and returns its row. */
  upsertTarget(target: Pick<MonitoredTarget, 'projectId' | 'targetId' | 'url'>): TargetRow {
    return this.#stmts.upsertTarget.get(target.projectId, target.targetId, target.url) as TargetRow;
  }

  target(projectId: string, targetId: string): TargetRow | undefined {
    return this.#stmts.targetById.get(projectId, targetId) as TargetRow | undefined;
  }

  targets(): TargetRow[] {
    return this.#stmts.allTargets.all() as TargetRow[];
  }

  /**
   * Stores one check, re-derives the status and records a status change if there is one.
   * Null, storing nothing, when the target is `stopped` (its stop may have come from
   * another process while this check ran).
   */
  recordCheck(key: number, probe: ProbeResult): RecordOutcome | null {
    return this.#recordCheck(key, probe);
  }

  /**
   * The user stopped the target: status `stopped` at once (and an event), whatever its
   * samples say. Null when it already was. Safe to call from any monitor of the workspace.
   */
  markStopped(key: number, at: number): StoredChange | null {
    return this.#setStatus(key, at, 'stopped', STOPPED_REASON, (s) => s === 'stopped');
  }

  /**
   * A stopped target runs again: `unknown` until its first check, which is derived only
   * from samples taken since (the failures of before the stop say nothing about this run).
   */
  markResumed(key: number, at: number): StoredChange | null {
    return this.#setStatus(key, at, 'unknown', 'running again; not checked yet', (s) => s !== 'stopped');
  }

  #changeTo(
    key: number,
    at: number,
    to: HealthStatus,
    reason: string,
    unless: (current: HealthStatus) => boolean,
  ): StoredChange | null {
    const row = this.#stmts.targetByKey.get(key) as TargetRow | undefined;
    if (!row || unless(row.status)) return null;
    // One instant per event of a target, so the order of a stop and a resume is never ambiguous.
    const last = this.events({ key, limit: 1 })[0]?.at;
    const when = last !== undefined && at <= last ? last + 1 : at;
    this.#stmts.setStatus.run(to, reason, when, key);
    const eventId = Number(this.#stmts.insertEvent.run(key, when, row.status, to, reason).lastInsertRowid);
    const change: StatusChange = {
      projectId: row.projectId,
      targetId: row.targetId,
      url: row.url,
      at: when,
      from: row.status,
      to,
      reason,
    };
    return { eventId, change };
  }

  #record(key: number, probe: ProbeResult): RecordOutcome | null {
    const row = this.#stmts.targetByKey.get(key) as TargetRow;
    if (row.status === 'stopped') return null;
    // The recent samples give the previous instant, usually the previous counters, and
    // (with the new one) the window the status is derived from.
    const before = this.recentSamples(key, RECENT, this.#resumedAt(key));
    const previousCounted =
      before.findLast((s) => s.requestsTotal !== null) ??
      (this.#stmts.lastCounted.get(key) as Parameters<typeof counterDeltas>[0]);
    const deltas = counterDeltas(previousCounted, probe);
    // (target, at) is the key: two checks in one millisecond get consecutive instants.
    const lastAt = before.at(-1)?.at;
    const at = lastAt !== undefined && probe.at <= lastAt ? lastAt + 1 : probe.at;
    const sample: Sample = { ...probe, at, ...deltas };
    this.#stmts.insertSample.run(
      key,
      sample.at,
      sample.ok ? 1 : 0,
      sample.httpStatus,
      Math.round(sample.latencyMs),
      sample.reportedStatus,
      sample.requestsTotal,
      sample.requestsErrors,
      sample.appUptime,
      sample.deltaTotal,
      sample.deltaErrors,
      sample.error,
    );
    const status = deriveStatus([...before.slice(1 - RECENT), sample]);
    if (row.status === status.status) {
      this.#stmts.touch.run(sample.at, status.reason, key);
      return { sample, status, change: null };
    }
    this.#stmts.changeStatus.run(status.status, status.reason, sample.at, sample.at, key);
    this.#stmts.insertEvent.run(key, sample.at, row.status, status.status, status.reason);
    const change: StatusChange = {
      projectId: row.projectId,
      targetId: row.targetId,
      url: row.url,
      at: sample.at,
      from: row.status,
      to: status.status,
      reason: status.reason,
    };
    return { sample, status, change };
  }

  /** The newest `n` samples (taken at or after `since`), oldest first. */
  recentSamples(key: number, n: number, since = 0): Sample[] {
    return (this.#stmts.recent.all(key, since, n) as SampleRow[]).reverse().map(toSample);
  }

  #resumedAt(key: number): number {
    return (this.#stmts.resumedAt.get(key) as { at: number | null }).at ?? 0;
  }

  /** Raw samples after `since` (epoch ms), oldest first — for charts of the last 48 h. */
  samplesSince(key: number, since: number): Sample[] {
    return (this.#stmts.since.all(key, since) as SampleRow[]).map(toSample);
  }

  /** Status changes stored after event `id` (by any monitor of the workspace), oldest first. */
  eventsAfter(id: number): StoredChange[] {
    return (this.#stmts.eventsAfter.all(id) as Array<StatusChange & { eventId: number }>).map(
      ({ eventId, ...change }) => ({ eventId, change }),
    );
  }

  maxEventId(): number {
    return (this.#stmts.maxEventId.get() as { id: number }).id;
  }

  /** Keys of the targets whose stored status is `stopped`. */
  stoppedKeys(): Set<number> {
    return new Set((this.#stmts.stoppedKeys.all() as Array<{ id: number }>).map((r) => r.id));
  }

  /** Status changes, newest first; all targets when `key` is omitted. */
  events(options: { key?: number; limit?: number } = {}): StatusChange[] {
    return this.#stmts.events.all({
      key: options.key ?? null,
      limit: options.limit ?? 100,
    }) as StatusChange[];
  }
}

function toSample(row: SampleRow): Sample {
  return {
    at: row.at,
    ok: row.ok === 1,
    httpStatus: row.http_status,
    latencyMs: row.latency_ms,
    reportedStatus: row.reported_status,
    requestsTotal: row.req_total,
    requestsErrors: row.req_errors,
    appUptime: row.app_uptime,
    deltaTotal: row.d_total,
    deltaErrors: row.d_errors,
    error: row.error,
  };
}
