import type { Database } from 'better-sqlite3';
import type { Migration } from '../workspace/migrations.js';

/**
 * The draft history (DESIGN §14): prompts and the model's answers are kept here, in the
 * workspace database, and nowhere else — never in the project folder. Handed to the workspace
 * with the other features' migrations (src/cli/app-workspace.ts).
 */
export const DRAFT_MIGRATIONS: readonly Migration[] = [
  {
    id: 8,
    name: 'draft history',
    up: (db) =>
      db.exec(`CREATE TABLE drafts (
        id INTEGER PRIMARY KEY,
        project_id TEXT NOT NULL,
        project_dir TEXT NOT NULL,
        workflow_file TEXT,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        prompt TEXT NOT NULL,
        answers TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL,
        tokens_in INTEGER NOT NULL DEFAULT 0,
        tokens_out INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX drafts_by_project ON drafts (project_id, id)`),
  },
];

/** One answer of the model, as kept in the history. */
export interface DraftAnswer {
  round: number;
  /** The tool input as the model sent it (or null when it did not call the tool). */
  input: unknown;
  text: string;
  /** The problems sent back, one per line; empty when it validated. */
  problems: string;
}

export type DraftStatus = 'drafting' | 'valid' | 'invalid' | 'failed' | 'written';

export interface DraftRecord {
  id: number;
  projectId: string;
  projectDir: string;
  workflowFile: string | null;
  provider: string;
  model: string;
  prompt: string;
  answers: DraftAnswer[];
  status: DraftStatus;
  tokensIn: number;
  tokensOut: number;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: number;
  project_id: string;
  project_dir: string;
  workflow_file: string | null;
  provider: string;
  model: string;
  prompt: string;
  answers: string;
  status: string;
  tokens_in: number;
  tokens_out: number;
  created_at: string;
  updated_at: string;
}

/** Reads and writes the `drafts` table of a workspace database opened with DRAFT_MIGRATIONS. */
export class DraftHistory {
  constructor(private readonly db: Database) {}

  start(entry: {
    projectId: string;
    projectDir: string;
    provider: string;
    model: string;
    prompt: string;
  }): number {
    const now = new Date().toISOString();
    const info = this.db
      .prepare(
        `INSERT INTO drafts (project_id, project_dir, provider, model, prompt, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'drafting', ?, ?)`,
      )
      .run(entry.projectId, entry.projectDir, entry.provider, entry.model, entry.prompt, now, now);
    return Number(info.lastInsertRowid);
  }

  addAnswer(id: number, answer: DraftAnswer, tokens: { input: number; output: number }): void {
    const row = this.db.prepare('SELECT answers FROM drafts WHERE id = ?').get(id) as
      | { answers: string }
      | undefined;
    if (!row) return;
    const answers = [...(JSON.parse(row.answers) as DraftAnswer[]), answer];
    this.db
      .prepare('UPDATE drafts SET answers = ?, tokens_in = ?, tokens_out = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(answers), tokens.input, tokens.output, new Date().toISOString(), id);
  }

  finish(id: number, status: DraftStatus, workflowFile?: string): void {
    this.db
      .prepare(
        'UPDATE drafts SET status = ?, workflow_file = COALESCE(?, workflow_file), updated_at = ? WHERE id = ?',
      )
      .run(status, workflowFile ?? null, new Date().toISOString(), id);
  }

  get(id: number): DraftRecord | undefined {
    const row = this.db.prepare('SELECT * FROM drafts WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** A project's drafts, newest first. */
  list(projectId: string, limit = 50): DraftRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM drafts WHERE project_id = ? ORDER BY id DESC LIMIT ?')
      .all(projectId, limit) as Row[];
    return rows.map(toRecord);
  }
}

function toRecord(row: Row): DraftRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    projectDir: row.project_dir,
    workflowFile: row.workflow_file,
    provider: row.provider,
    model: row.model,
    prompt: row.prompt,
    answers: JSON.parse(row.answers) as DraftAnswer[],
    status: row.status as DraftStatus,
    tokensIn: row.tokens_in,
    tokensOut: row.tokens_out,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
