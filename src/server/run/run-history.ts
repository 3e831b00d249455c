import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { ExecTrace } from '../../build/exec-workflow.js';
import type { Migration } from '../../workspace/migrations.js';

/** How many runs of one workflow the history keeps; older ones are pruned on insert. */
export const RUNS_KEPT = 50;

/**
 * The studio's run history and pinned test inputs (DESIGN §13), in the workspace database
 * (never the project folder). Handed to the workspace with the other features' migrations
 * (src/cli/app-workspace.ts).
 */
export const RUN_MIGRATIONS: readonly Migration[] = [
  {
    id: 9,
    name: 'workflow runs and pinned test inputs',
    up: (db) =>
      db.exec(`CREATE TABLE runs (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        project_id TEXT NOT NULL,
        workflow_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        status TEXT NOT NULL,
        duration_ms REAL NOT NULL,
        input TEXT NOT NULL,
        trace TEXT NOT NULL
      ) STRICT;
      CREATE INDEX runs_by_workflow ON runs (project_id, workflow_id, seq);
      CREATE TABLE test_inputs (
        project_id TEXT NOT NULL,
        workflow_id TEXT NOT NULL,
        input TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (project_id, workflow_id)
      ) STRICT`),
  },
  {
    id: 10,
    name: 'how a run ended: its answer status, or stopped at the time limit',
    up: (db) =>
      db.exec(`ALTER TABLE runs ADD COLUMN answer_status INTEGER;
      ALTER TABLE runs ADD COLUMN timed_out INTEGER NOT NULL DEFAULT 0`),
  },
];

/** One kept run: the input sent and its §13 trace (secrets already hidden). */
export interface WorkflowRun {
  id: string;
  workflowId: string;
  startedAt: string;
  input: unknown;
  trace: ExecTrace;
  /**
   * The HTTP status the workflow's endpoint would have answered: 200 (or a Response node's
   * status), 400 when the input failed the inputSchema, 500 when the run failed. Unset for a
   * run stopped at the time limit (it never answered) and for runs kept before it was recorded.
   */
  answerStatus?: number;
  /** Stopped at the studio's time limit: the process was killed, no node data came back. */
  timedOut?: true;
}

/** A run in the history list. */
export interface WorkflowRunSummary {
  id: string;
  startedAt: string;
  status: ExecTrace['status'];
  durationMs: number;
  answerStatus?: number;
  timedOut?: true;
}

interface RunRow {
  id: string;
  workflow_id: string;
  started_at: string;
  input: string;
  trace: string;
  answer_status: number | null;
  timed_out: number;
}

export class RunHistory {
  constructor(private readonly db: Database) {}

  /** Keeps the run and prunes the workflow's runs beyond the newest RUNS_KEPT. */
  add(projectId: string, run: Omit<WorkflowRun, 'id'>): WorkflowRun {
    const kept: WorkflowRun = { id: randomUUID(), ...run };
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO runs (id, project_id, workflow_id, started_at, status, duration_ms, input, trace, answer_status, timed_out)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          kept.id,
          projectId,
          kept.workflowId,
          kept.startedAt,
          kept.trace.status,
          kept.trace.durationMs,
          JSON.stringify(kept.input ?? null),
          JSON.stringify(kept.trace),
          kept.answerStatus ?? null,
          kept.timedOut ? 1 : 0,
        );
      this.db
        .prepare(
          `DELETE FROM runs WHERE project_id = ? AND workflow_id = ? AND seq NOT IN (
             SELECT seq FROM runs WHERE project_id = ? AND workflow_id = ? ORDER BY seq DESC LIMIT ?)`,
        )
        .run(projectId, kept.workflowId, projectId, kept.workflowId, RUNS_KEPT);
    })();
    return kept;
  }

  /** The workflow's kept runs, newest first. */
  list(projectId: string, workflowId: string): WorkflowRunSummary[] {
    const rows = this.db
      .prepare(
        `SELECT id, started_at, status, duration_ms, answer_status, timed_out FROM runs
         WHERE project_id = ? AND workflow_id = ? ORDER BY seq DESC`,
      )
      .all(projectId, workflowId) as {
      id: string;
      started_at: string;
      status: string;
      duration_ms: number;
      answer_status: number | null;
      timed_out: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      startedAt: r.started_at,
      status: r.status === 'ok' ? 'ok' : 'error',
      durationMs: r.duration_ms,
      ...(r.answer_status === null ? {} : { answerStatus: r.answer_status }),
      ...(r.timed_out ? { timedOut: true as const } : {}),
    }));
  }

  get(projectId: string, workflowId: string, runId: string): WorkflowRun | undefined {
    const row = this.db
      .prepare(
        `SELECT id, workflow_id, started_at, input, trace, answer_status, timed_out FROM runs
         WHERE project_id = ? AND workflow_id = ? AND id = ?`,
      )
      .get(projectId, workflowId, runId) as RunRow | undefined;
    if (!row) return undefined;
    return {
      id: row.id,
      workflowId: row.workflow_id,
      startedAt: row.started_at,
      input: JSON.parse(row.input) as unknown,
      trace: JSON.parse(row.trace) as ExecTrace,
      ...(row.answer_status === null ? {} : { answerStatus: row.answer_status }),
      ...(row.timed_out ? { timedOut: true as const } : {}),
    };
  }

  /** The pinned test input of a workflow (undefined when none was pinned). */
  testInput(projectId: string, workflowId: string): { input: unknown } | undefined {
    const row = this.db
      .prepare('SELECT input FROM test_inputs WHERE project_id = ? AND workflow_id = ?')
      .get(projectId, workflowId) as { input: string } | undefined;
    return row ? { input: JSON.parse(row.input) as unknown } : undefined;
  }

  pinTestInput(projectId: string, workflowId: string, input: unknown): void {
    this.db
      .prepare(
        `INSERT INTO test_inputs (project_id, workflow_id, input, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (project_id, workflow_id) DO UPDATE SET input = excluded.input, updated_at = excluded.updated_at`,
      )
      .run(projectId, workflowId, JSON.stringify(input ?? null), new Date().toISOString());
  }
}
