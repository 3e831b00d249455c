import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { CatalystError } from '../../errors.js';

/**
 * `running` while a deploy is under way; `success`/`failed` when it ends; `rolled-back`
 * when a later rollback undid it: a successful rollback to deployment A marks every
 * successful deployment of the same target started after A (other than the rollback
 * itself) as rolled-back, since what they shipped is no longer serving.
 */
export const DEPLOYMENT_STATUSES = ['running', 'success', 'failed', 'rolled-back'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export const deploymentRecordSchema = z.object({
  id: z.string().regex(/^dep_[a-z0-9]+$/),
  projectId: z.string(),
  targetId: z.string(),
  commit: z.string(),
  /** The project's version at that commit. */
  version: z.string(),
  status: z.enum(DEPLOYMENT_STATUSES),
  startedAt: z.string(),
  durationMs: z.number().int().nullable(),
  /** Progress and CLI output, secret values scrubbed. */
  logs: z.string(),
  /** The user-facing reason of a failure. */
  error: z.string().nullable(),
  url: z.string().nullable(),
  /** The deployment this one rolled back to. */
  rollbackOf: z.string().nullable(),
});
export type DeploymentRecord = z.infer<typeof deploymentRecordSchema>;

interface Row {
  id: string;
  project_id: string;
  target_id: string;
  commit_sha: string;
  version: string;
  status: string;
  started_at: string;
  duration_ms: number | null;
  logs: string;
  error: string | null;
  url: string | null;
  rollback_of: string | null;
  owner_pid: number | null;
}

function fromRow(row: Row): DeploymentRecord {
  return deploymentRecordSchema.parse({
    id: row.id,
    projectId: row.project_id,
    targetId: row.target_id,
    commit: row.commit_sha,
    version: row.version,
    status: row.status,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    logs: row.logs,
    error: row.error,
    url: row.url,
    rollbackOf: row.rollback_of,
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function newDeploymentId(): string {
  return `dep_${randomBytes(6).toString('hex')}`;
}

export interface NewDeployment {
  projectId: string;
  targetId: string;
  commit: string;
  version: string;
  startedAt: string;
  rollbackOf?: string;
}

export interface FinishedDeployment {
  status: 'success' | 'failed';
  durationMs: number;
  logs: string;
  error?: string;
  url?: string;
}

/** The deployment history in the workspace database. */
export class DeploymentRecords {
  constructor(private readonly db: Database) {}

  /**
   * Records a new running deployment, refusing while another deployment of the same target
   * is under way (one at a time per target, across the CLI and the studio). The check and
   * the insert share one write transaction, so two processes cannot both pass it.
   */
  start(d: NewDeployment): DeploymentRecord {
    const id = newDeploymentId();
    this.db
      .transaction(() => {
        this.reapInterrupted(d.projectId);
        const busy = this.db
          .prepare(
            `SELECT id, started_at FROM deployments WHERE project_id = ? AND target_id = ? AND status = 'running'`,
          )
          .get(d.projectId, d.targetId) as { id: string; started_at: string } | undefined;
        if (busy !== undefined) {
          throw new CatalystError(
            'conflict',
            `Target ${d.targetId} is already being deployed (${busy.id}, started ${busy.started_at}): wait for it to finish, then try again.`,
          );
        }
        this.db
          .prepare(
            `INSERT INTO deployments (id, project_id, target_id, commit_sha, version, status, started_at, rollback_of, owner_pid)
             VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?)`,
          )
          .run(
            id,
            d.projectId,
            d.targetId,
            d.commit,
            d.version,
            d.startedAt,
            d.rollbackOf ?? null,
            process.pid,
          );
      })
      .immediate();
    return this.require(id);
  }

  /**
   * Marks running deployments whose process has died as failed, and returns their target
   * ids (so their `deploying` state can be corrected). Owners are process ids on this
   * machine: the workspace database is local.
   */
  reapInterrupted(projectId: string): string[] {
    const running = this.db
      .prepare(`SELECT id, target_id, owner_pid FROM deployments WHERE project_id = ? AND status = 'running'`)
      .all(projectId) as Array<{ id: string; target_id: string; owner_pid: number | null }>;
    const reaped: string[] = [];
    for (const r of running) {
      if (r.owner_pid !== null && processAlive(r.owner_pid)) continue;
      this.db
        .prepare(`UPDATE deployments SET status = 'failed', error = ? WHERE id = ? AND status = 'running'`)
        .run(
          `Interrupted: the process deploying it (pid ${r.owner_pid ?? 'unknown'}) ended before it finished.`,
          r.id,
        );
      reaped.push(r.target_id);
    }
    return reaped;
  }

  finish(id: string, f: FinishedDeployment): DeploymentRecord {
    const record = this.require(id);
    this.db.transaction(() => {
      this.db
        .prepare(
          'UPDATE deployments SET status = ?, duration_ms = ?, logs = ?, error = ?, url = ? WHERE id = ?',
        )
        .run(f.status, f.durationMs, f.logs, f.error ?? null, f.url ?? null, id);
      if (f.status === 'success' && record.rollbackOf !== null) this.markRolledBack(record);
    })();
    return this.require(id);
  }

  /** See {@link DEPLOYMENT_STATUSES}: the deployments a successful rollback undid. */
  private markRolledBack(rollback: DeploymentRecord): void {
    const target = this.get(rollback.rollbackOf ?? '');
    if (target === undefined) return;
    this.db
      .prepare(
        `UPDATE deployments SET status = 'rolled-back'
         WHERE project_id = ? AND target_id = ? AND status = 'success' AND id <> ? AND started_at > ?`,
      )
      .run(rollback.projectId, rollback.targetId, rollback.id, target.startedAt);
  }

  get(id: string): DeploymentRecord | undefined {
    const row = this.db.prepare('SELECT * FROM deployments WHERE id = ?').get(id) as Row | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  private require(id: string): DeploymentRecord {
    const record = this.get(id);
    if (record === undefined) throw new Error(`deployment ${id} vanished from the database`);
    return record;
  }

  /** Newest first. */
  list(projectId: string, options: { targetId?: string; limit?: number } = {}): DeploymentRecord[] {
    const rows =
      options.targetId === undefined
        ? this.db
            .prepare(
              'SELECT * FROM deployments WHERE project_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?',
            )
            .all(projectId, options.limit ?? -1)
        : this.db
            .prepare(
              'SELECT * FROM deployments WHERE project_id = ? AND target_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?',
            )
            .all(projectId, options.targetId, options.limit ?? -1);
    return (rows as Row[]).map(fromRow);
  }
}
