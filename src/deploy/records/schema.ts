import type { Database } from 'better-sqlite3';
import type { Migration } from '../../workspace/migrations.js';

/**
 * The deploy tables: workspace migrations 5 ({@link createDeployTables}) and 6
 * ({@link addDeploymentOwner}), handed to the workspace as {@link DEPLOY_MIGRATIONS}. Both are
 * idempotent: a workspace whose deploy tables an older Catalyst made outside the migration list
 * gets them recorded without change.
 */
const TABLES_SQL = `
CREATE TABLE IF NOT EXISTS deployments (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  commit_sha TEXT NOT NULL,
  version TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'success', 'failed', 'rolled-back')),
  started_at TEXT NOT NULL,
  duration_ms INTEGER,
  logs TEXT NOT NULL DEFAULT '',
  error TEXT,
  url TEXT,
  rollback_of TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS deployments_by_target ON deployments (project_id, target_id, started_at);
CREATE TABLE IF NOT EXISTS deploy_target_state (
  project_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('deploying', 'deployed', 'error', 'stopped')),
  last_deployed_at TEXT,
  deployed_version TEXT,
  deployed_commit TEXT,
  url TEXT,
  last_deployment_id TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (project_id, target_id)
) STRICT;
CREATE TABLE IF NOT EXISTS deploy_local_apps (
  project_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('process', 'container')),
  pid INTEGER NOT NULL,
  container_name TEXT,
  port INTEGER NOT NULL,
  app_dir TEXT NOT NULL,
  log_path TEXT NOT NULL,
  commit_sha TEXT NOT NULL,
  started_at TEXT NOT NULL,
  PRIMARY KEY (project_id, target_id)
) STRICT;
`;

/** Creates the deploy tables when missing; workspace migration 5. */
export function createDeployTables(db: Database): void {
  db.exec(TABLES_SQL);
}

/**
 * Adds `deployments.owner_pid`, the process running a deployment, so a deployment whose
 * process died (Ctrl+C, a crash) can be told from one still under way; migration 6.
 */
export function addDeploymentOwner(db: Database): void {
  const columns = db.prepare('PRAGMA table_info(deployments)').all() as Array<{ name: string }>;
  if (!columns.some((c) => c.name === 'owner_pid'))
    db.exec('ALTER TABLE deployments ADD COLUMN owner_pid INTEGER');
}

/** Deploy's part of the workspace schema. Never edit a released entry: add one with a new id. */
export const DEPLOY_MIGRATIONS: readonly Migration[] = [
  { id: 5, name: 'deployments', up: createDeployTables },
  { id: 6, name: 'deployment owner process', up: addDeploymentOwner },
];
