import type { Database } from 'better-sqlite3';
import { addDeploymentOwner, createDeployTables } from '../deploy/records/schema.js';
import { createLeaseTable } from '../monitor/db/lease.js';
import { createHealthTables } from '../monitor/db/schema.js';

/**
 * The workspace database's schema, as an ordered list. Each migration runs once, in its
 * own transaction, and is recorded in `migrations`. Never edit a released migration: add
 * a new one at the end (later features add their deployments and health tables here).
 */
export interface Migration {
  id: number;
  name: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
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
  {
    id: 4,
    name: 'health monitor',
    up: createHealthTables,
  },
  {
    id: 5,
    name: 'deployments',
    up: createDeployTables,
  },
  {
    id: 6,
    name: 'deployment owner process',
    up: addDeploymentOwner,
  },
  {
    id: 7,
    name: 'monitor lease',
    up: createLeaseTable,
  },
];
