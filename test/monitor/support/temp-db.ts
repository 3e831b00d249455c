import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { FEATURE_MIGRATIONS } from '../../../src/cli/app-workspace.js';
import { openDatabase } from '../../../src/workspace/database.js';
import { schemaMigrations } from '../../../src/workspace/migrations.js';

/** A real, fully migrated workspace database in a fresh temp dir; `dispose()` closes and removes it. */
export async function tempDb(): Promise<{ db: Database; path: string; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'catalyst-monitor-'));
  const path = join(dir, 'catalyst.db');
  const db = openDatabase(path, schemaMigrations(FEATURE_MIGRATIONS));
  return {
    db,
    path,
    dispose: async () => {
      if (db.open) db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
