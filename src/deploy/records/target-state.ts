import type { Database } from 'better-sqlite3';
import { z } from 'zod';

/** A target's runtime status (never stored in catalyst.json; DESIGN §3). */
export const TARGET_STATUSES = ['deploying', 'deployed', 'error', 'stopped'] as const;
export type TargetRuntimeStatus = (typeof TARGET_STATUSES)[number];

export const targetRuntimeSchema = z.object({
  targetId: z.string(),
  status: z.enum(TARGET_STATUSES),
  lastDeployedAt: z.string().optional(),
  deployedVersion: z.string().optional(),
  deployedCommit: z.string().optional(),
  url: z.string().optional(),
  lastDeploymentId: z.string().optional(),
  updatedAt: z.string(),
});
export type TargetRuntime = z.infer<typeof targetRuntimeSchema>;

interface Row {
  target_id: string;
  status: string;
  last_deployed_at: string | null;
  deployed_version: string | null;
  deployed_commit: string | null;
  url: string | null;
  last_deployment_id: string | null;
  updated_at: string;
}

function fromRow(row: Row): TargetRuntime {
  const optional = (key: string, value: string | null) => (value === null ? {} : { [key]: value });
  return targetRuntimeSchema.parse({
    targetId: row.target_id,
    status: row.status,
    ...optional('lastDeployedAt', row.last_deployed_at),
    ...optional('deployedVersion', row.deployed_version),
    ...optional('deployedCommit', row.deployed_commit),
    ...optional('url', row.url),
    ...optional('lastDeploymentId', row.last_deployment_id),
    updatedAt: row.updated_at,
  });
}

export interface DeployedInfo {
  deployedAt: string;
  version: string;
  commit: string;
  url?: string;
  deploymentId: string;
}

/** Per-target runtime state in the workspace database. */
export class TargetStates {
  constructor(private readonly db: Database) {}

  private upsert(projectId: string, targetId: string, status: TargetRuntimeStatus): void {
    this.db
      .prepare(
        `INSERT INTO deploy_target_state (project_id, target_id, status, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (project_id, target_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
      )
      .run(projectId, targetId, status, new Date().toISOString());
  }

  deploying(projectId: string, targetId: string): void {
    this.upsert(projectId, targetId, 'deploying');
  }

  deployed(projectId: string, targetId: string, info: DeployedInfo): void {
    this.upsert(projectId, targetId, 'deployed');
    this.db
      .prepare(
        `UPDATE deploy_target_state SET last_deployed_at = ?, deployed_version = ?, deployed_commit = ?,
           url = COALESCE(?, url), last_deployment_id = ? WHERE project_id = ? AND target_id = ?`,
      )
      .run(
        info.deployedAt,
        info.version,
        info.commit,
        info.url ?? null,
        info.deploymentId,
        projectId,
        targetId,
      );
  }

  /** A failed deploy; the previous deployment's version, commit and url are kept for reference. */
  failed(projectId: string, targetId: string): void {
    this.upsert(projectId, targetId, 'error');
  }

  /** A deploy whose process died: `deploying` becomes `error` (any other state is newer and kept). */
  interrupted(projectId: string, targetId: string): void {
    this.db
      .prepare(
        `UPDATE deploy_target_state SET status = 'error', updated_at = ? WHERE project_id = ? AND target_id = ? AND status = 'deploying'`,
      )
      .run(new Date().toISOString(), projectId, targetId);
  }

  /** The deployed version runs again (a restart): status and url change, the deploy facts stay. */
  resumed(projectId: string, targetId: string, url: string): void {
    this.upsert(projectId, targetId, 'deployed');
    this.db
      .prepare('UPDATE deploy_target_state SET url = ? WHERE project_id = ? AND target_id = ?')
      .run(url, projectId, targetId);
  }

  stopped(projectId: string, targetId: string): void {
    this.upsert(projectId, targetId, 'stopped');
  }

  get(projectId: string, targetId: string): TargetRuntime | undefined {
    const row = this.db
      .prepare('SELECT * FROM deploy_target_state WHERE project_id = ? AND target_id = ?')
      .get(projectId, targetId) as Row | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  list(projectId: string): TargetRuntime[] {
    const rows = this.db
      .prepare('SELECT * FROM deploy_target_state WHERE project_id = ? ORDER BY target_id')
      .all(projectId) as Row[];
    return rows.map(fromRow);
  }
}
