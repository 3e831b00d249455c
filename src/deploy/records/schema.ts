import type { Database } from 'better-sqlite3';

/**
 * The deploy tables. `deployMigrations` are entries for the workspace's ordered migration
 * list; every statement is idempotent, so {@link ensureDeploySchema} can also run them on
 * a database the workspace has or has not migrated yet.
 */
export const deployMigrations: ReadonlyArray<{ name: string; sql: string }> = [
  {
    name: 'deploy-1-deployments',
    sql: `
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
`,
  },
];

/** Creates the deploy tables when missing (safe to call on every open); workspace migration 5. */
export function createDeployTables(db: Database): void {
  for (const migration of deployMigrations) db.exec(migration.sql);
}

/** For callers holding a database the workspace may not have migrated (tests, older workspaces). */
export const ensureDeploySchema = createDeployTables;
