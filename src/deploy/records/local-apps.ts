import type { Database } from 'better-sqlite3';
import type { LocalProcess, LocalProcessStore } from '../local/local-process-store.js';

interface Row {
  project_id: string;
  target_id: string;
  kind: 'process' | 'container';
  pid: number;
  container_name: string | null;
  port: number;
  app_dir: string;
  log_path: string;
  commit_sha: string;
  started_at: string;
}

/** Running local apps, one row per target, in the workspace database. */
export class SqliteLocalProcessStore implements LocalProcessStore {
  constructor(private readonly db: Database) {}

  get(projectId: string, targetId: string): LocalProcess | undefined {
    const row = this.db
      .prepare('SELECT * FROM deploy_local_apps WHERE project_id = ? AND target_id = ?')
      .get(projectId, targetId) as Row | undefined;
    if (row === undefined) return undefined;
    return {
      projectId: row.project_id,
      targetId: row.target_id,
      kind: row.kind,
      pid: row.pid,
      ...(row.container_name === null ? {} : { containerName: row.container_name }),
      port: row.port,
      appDir: row.app_dir,
      logPath: row.log_path,
      commit: row.commit_sha,
      startedAt: row.started_at,
    };
  }

  put(p: LocalProcess): void {
    this.db
      .prepare(
        `INSERT INTO deploy_local_apps (project_id, target_id, kind, pid, container_name, port, app_dir, log_path, commit_sha, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (project_id, target_id) DO UPDATE SET kind = excluded.kind, pid = excluded.pid,
           container_name = excluded.container_name, port = excluded.port, app_dir = excluded.app_dir,
           log_path = excluded.log_path, commit_sha = excluded.commit_sha, started_at = excluded.started_at`,
      )
      .run(
        p.projectId,
        p.targetId,
        p.kind,
        p.pid,
        p.containerName ?? null,
        p.port,
        p.appDir,
        p.logPath,
        p.commit,
        p.startedAt,
      );
  }

  remove(projectId: string, targetId: string): void {
    this.db
      .prepare('DELETE FROM deploy_local_apps WHERE project_id = ? AND target_id = ?')
      .run(projectId, targetId);
  }

  /** Every recorded local app (for `catalyst stop --all` and test clean-up). */
  all(): LocalProcess[] {
    const rows = this.db.prepare('SELECT project_id, target_id FROM deploy_local_apps').all() as Row[];
    return rows.flatMap((r) => this.get(r.project_id, r.target_id) ?? []);
  }
}
