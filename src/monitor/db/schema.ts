import type { Database } from 'better-sqlite3';
import type { Migration } from '../../workspace/migrations.js';
import { createLeaseTable } from './lease.js';

/** The monitor's part of the workspace schema. Never edit a released entry: add one with a new id. */
export const MONITOR_MIGRATIONS: readonly Migration[] = [
  { id: 4, name: 'health monitor', up: createHealthTables },
  { id: 7, name: 'monitor lease', up: createLeaseTable },
];

/**
 * The monitor's tables: the `up` of the "health monitor" entry of {@link MONITOR_MIGRATIONS},
 * which the CLI hands to the workspace at open. Never edit once released — add a migration.
 *
 * Size matters here (a year of 60 s checks × every target): samples are keyed by a small
 * integer target id, `WITHOUT ROWID` on (target, at), and raw rows live only 48 h before
 * they are rolled up per hour (see compaction.ts). Settings live in the workspace
 * `settings` table under `monitor.*` keys.
 */
export function createHealthTables(db: Database): void {
  db.exec(`
CREATE TABLE monitor_targets (
  id INTEGER PRIMARY KEY,
  project_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  url TEXT,
  status TEXT NOT NULL DEFAULT 'unknown',
  reason TEXT NOT NULL DEFAULT 'not checked yet',
  status_since INTEGER,
  last_checked_at INTEGER,
  UNIQUE (project_id, target_id)
) STRICT;
CREATE TABLE monitor_samples (
  target INTEGER NOT NULL,
  at INTEGER NOT NULL,
  ok INTEGER NOT NULL,
  http_status INTEGER,
  latency_ms INTEGER NOT NULL,
  reported_status TEXT,
  req_total INTEGER,
  req_errors INTEGER,
  app_uptime REAL,
  d_total INTEGER,
  d_errors INTEGER,
  error TEXT,
  PRIMARY KEY (target, at)
) STRICT, WITHOUT ROWID;
CREATE TABLE monitor_rollups (
  target INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  checks INTEGER NOT NULL,
  ok_checks INTEGER NOT NULL,
  latency_sum INTEGER NOT NULL,
  latency_max INTEGER NOT NULL,
  latency_p95 INTEGER NOT NULL,
  d_total INTEGER NOT NULL,
  d_errors INTEGER NOT NULL,
  counted INTEGER NOT NULL,
  PRIMARY KEY (target, hour)
) STRICT, WITHOUT ROWID;
CREATE TABLE monitor_events (
  id INTEGER PRIMARY KEY,
  target INTEGER NOT NULL,
  at INTEGER NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  reason TEXT NOT NULL
) STRICT;
CREATE INDEX monitor_events_target_at ON monitor_events (target, at);
`);
}
