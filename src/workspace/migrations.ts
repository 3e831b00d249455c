import type { Database } from 'better-sqlite3';

/**
 * One step of the workspace database's schema. Each migration runs once, in its own
 * transaction, and is recorded in `migrations` by id. Never edit a released migration: add a
 * new one with the next free id.
 */
export interface Migration {
  id: number;
  name: string;
  up(db: Database): void;
}

/**
 * The workspace's own tables. Features keep their tables' migrations with them (deploy in
 * `deploy/records/schema.ts`, the monitor in `monitor/db/schema.ts`) and the edge that composes
 * the app hands them to `openWorkspace({ features })`, so the workspace imports neither.
 * Ids are one sequence shared with the features': 1–3 here, 4–7 taken by the features.
 */
export const WORKSPACE_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'settings',
    up: (db) => db.exec('CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT'),
  },
  {
    id: 2,
    name: 'project registry',
    up: (db) =>
      db.exec(`CREATE TABLE projects (
        id TEXT PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        registered_at TEXT NOT NULL
      ) STRICT`),
  },
  {
    id: 3,
    name: 'secret vault',
    up: (db) =>
      db.exec(`CREATE TABLE secrets (
        project_id TEXT NOT NULL,
        name TEXT NOT NULL,
        iv BLOB NOT NULL,
        tag BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (project_id, name)
      ) STRICT`),
  },
];

/**
 * The workspace's migrations and every feature's, as one list ordered by id: the order a database
 * is migrated in depends on the ids alone, never on the order the features are listed in. Two
 * migrations with one id are a programming error, reported with both names.
 */
export function schemaMigrations(features: readonly (readonly Migration[])[] = []): Migration[] {
  const all = [...WORKSPACE_MIGRATIONS, ...features.flat()].sort((a, b) => a.id - b.id);
  all.forEach((m, i) => {
    const previous = all[i - 1];
    if (previous && previous.id === m.id) {
      throw new Error(`Two migrations share id ${m.id}: "${previous.name}" and "${m.name}"`);
    }
  });
  return all;
}
