import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** A real SQLite file in a fresh temp dir; `dispose()` closes and removes it. */
export async function tempDb(): Promise<{
  db: Database.Database;
  path: string;
  dispose: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'catalyst-monitor-'));
  const path = join(dir, 'workspace.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  return {
    db,
    path,
    dispose: async () => {
      if (db.open) db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
