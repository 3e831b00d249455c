import BetterSqlite3, { type Database } from 'better-sqlite3';
import { CatalystError } from '../errors.js';
import { damagedDatabase, guardDatabase, isDatabaseDamage } from './database-guard.js';
import { type Migration, WORKSPACE_MIGRATIONS } from './migrations.js';

/**
 * Opens (creating if needed) the workspace database and brings its schema up to date with
 * `migrations` (ordered by id; `schemaMigrations` adds the features' to the workspace's own).
 * WAL lets the studio server and a CLI command use the database at the same time; the
 * busy timeout makes a writer wait for the other instead of failing.
 */
export function openDatabase(
  file: string,
  migrations: readonly Migration[] = WORKSPACE_MIGRATIONS,
): Database {
  let db: Database;
  try {
    db = new BetterSqlite3(file);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
  } catch (error) {
    if (isDatabaseDamage(error)) throw damagedDatabase(file, error);
    throw new CatalystError(
      'workspace',
      `Cannot open the workspace database ${file}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  // From here on, damage found by any query and writes to a deleted file are clear errors.
  const guarded = guardDatabase(db, file);
  try {
    migrate(guarded, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return guarded;
}

export function migrate(db: Database, migrations: readonly Migration[]): void {
  assertOrdered(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = new Set(
    (db.prepare('SELECT id FROM migrations').all() as { id: number }[]).map((row) => row.id),
  );
  const newest = Math.max(0, ...applied);
  const known = migrations.at(-1)?.id ?? 0;
  if (newest > known) {
    throw new CatalystError(
      'workspace',
      `The workspace database ${db.name} was created by a newer Catalyst (schema ${newest}, this one knows ${known}): upgrade Catalyst or point CATALYST_HOME elsewhere.`,
    );
  }
  const record = db.prepare('INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)');
  const isApplied = db.prepare('SELECT 1 FROM migrations WHERE id = ?');
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    // Checked again inside the write lock: another process may have migrated meanwhile.
    db.transaction(() => {
      if (isApplied.get(migration.id)) return;
      migration.up(db);
      record.run(migration.id, migration.name, new Date().toISOString());
    }).immediate();
  }
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    const previous = migrations[i - 1];
    if (previous && m.id <= previous.id) {
      throw new Error(`Migration ids must increase: ${m.id} (${m.name}) follows ${previous.id}`);
    }
  });
}
