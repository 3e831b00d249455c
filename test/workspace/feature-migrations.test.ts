import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FEATURE_MIGRATIONS, openAppWorkspace } from '../../src/cli/app-workspace.js';
import { createDeployTables, DEPLOY_MIGRATIONS } from '../../src/deploy/records/schema.js';
import { DRAFT_MIGRATIONS } from '../../src/draft/history.js';
import { MONITOR_MIGRATIONS } from '../../src/monitor/db/schema.js';
import { RUN_MIGRATIONS } from '../../src/server/run/run-history.js';
import { openDatabase } from '../../src/workspace/database.js';
import { DATABASE_FILE } from '../../src/workspace/home.js';
import { schemaMigrations, WORKSPACE_MIGRATIONS } from '../../src/workspace/migrations.js';
import { tempDir } from '../store/helpers.js';

/** Everything that makes up a database's schema: tables, columns, indexes, and the migrations it records. */
function schemaOf(db: Database) {
  const objects = db
    .prepare(
      "SELECT type, name, tbl_name AS tbl, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
    .all() as Array<{ type: string; name: string; tbl: string; sql: string | null }>;
  const columns = objects
    .filter((o) => o.type === 'table')
    .map((o) => ({ table: o.name, columns: db.prepare(`PRAGMA table_info(${o.name})`).all() }));
  const migrations = db.prepare('SELECT id, name FROM migrations ORDER BY id').all();
  return {
    objects: objects.map((o) => ({ ...o, sql: o.sql?.replace(/\s+/g, ' ') ?? null })),
    columns,
    migrations,
  };
}

/** The schema of a workspace opened the way the CLI opens it, in a fresh home. */
async function freshAppSchema() {
  const ws = openAppWorkspace({ home: join(await tempDir(), 'ws'), env: {} });
  try {
    return schemaOf(ws.db);
  } finally {
    ws.close();
  }
}

const APP_IDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe('feature migrations handed to the workspace', () => {
  it('the app runs the workspace’s and every feature’s migrations, in id order, whatever the order of the features', () => {
    const ids = (list: { id: number }[]) => list.map((m) => m.id);
    expect(ids(schemaMigrations(FEATURE_MIGRATIONS))).toEqual(APP_IDS);
    expect(
      ids(schemaMigrations([RUN_MIGRATIONS, DRAFT_MIGRATIONS, MONITOR_MIGRATIONS, DEPLOY_MIGRATIONS])),
    ).toEqual(APP_IDS);
    expect(
      ids(schemaMigrations([DEPLOY_MIGRATIONS, MONITOR_MIGRATIONS, DRAFT_MIGRATIONS, RUN_MIGRATIONS])),
    ).toEqual(APP_IDS);
    expect(ids(schemaMigrations())).toEqual(ids([...WORKSPACE_MIGRATIONS]));
    // The released names stay as they were recorded in existing databases.
    expect(schemaMigrations(FEATURE_MIGRATIONS).map((m) => m.name)).toEqual([
      'settings',
      'project registry',
      'secret vault',
      'health monitor',
      'deployments',
      'deployment owner process',
      'monitor lease',
      'draft history',
      'workflow runs and pinned test inputs',
      'how a run ended: its answer status, or stopped at the time limit',
    ]);
  });

  it('refuses two migrations with one id, naming both', () => {
    const clash = [{ id: 5, name: 'another feature', up: () => {} }];
    expect(() => schemaMigrations([DEPLOY_MIGRATIONS, clash])).toThrow(
      'Two migrations share id 5: "deployments" and "another feature"',
    );
    expect(() => schemaMigrations([[{ id: 2, name: 'mine', up: () => {} }]])).toThrow(
      'Two migrations share id 2: "project registry" and "mine"',
    );
  });

  it('a fresh workspace and one made by the previous schema version end at the same schema, keeping their data', async () => {
    const fresh = await freshAppSchema();
    expect(fresh.migrations.map((m) => (m as { id: number }).id)).toEqual(APP_IDS);

    // The previous schema version: every migration but the newest (how a run ended).
    const home = join(await tempDir(), 'old');
    const old = openAppWorkspace({ home, env: {} });
    old.close();
    const file = join(home, DATABASE_FILE);
    const previous = openDatabase(
      join(await tempDir(), 'prev.db'),
      schemaMigrations(FEATURE_MIGRATIONS).slice(0, -1),
    );
    expect(
      previous
        .prepare("SELECT count(*) AS n FROM pragma_table_info('runs') WHERE name = 'answer_status'")
        .get(),
    ).toEqual({ n: 0 });
    previous.prepare("INSERT INTO projects VALUES ('proj_a', '/p/a', 'A', '2026-01-01T00:00:00.000Z')").run();
    previous
      .prepare(
        `INSERT INTO runs (id, project_id, workflow_id, started_at, status, duration_ms, input, trace)
         VALUES ('run_a', 'proj_a', 'wf_a', '2026-01-01T00:00:00.000Z', 'ok', 1, '{}', '{}')`,
      )
      .run();
    const previousFile = previous.name;
    previous.close();
    const upgraded = openDatabase(previousFile, schemaMigrations(FEATURE_MIGRATIONS));
    try {
      expect(schemaOf(upgraded)).toEqual(fresh);
      expect(upgraded.prepare('SELECT id, name FROM projects').all()).toEqual([{ id: 'proj_a', name: 'A' }]);
      // A run kept before: how it ended was not recorded (null), and it was not stopped at the limit.
      expect(upgraded.prepare('SELECT id, answer_status, timed_out FROM runs').all()).toEqual([
        { id: 'run_a', answer_status: null, timed_out: 0 },
      ]);
    } finally {
      upgraded.close();
    }

    // Reopening a migrated workspace changes nothing.
    const again = openAppWorkspace({ home, env: {} });
    try {
      expect(again.db.name).toBe(file);
      expect(schemaOf(again.db)).toEqual(fresh);
    } finally {
      again.close();
    }
  });

  it('an older workspace whose deploy tables were made outside the migration list gets the same schema', async () => {
    const fresh = await freshAppSchema();
    // Before deploy's tables were migrations, deploy created them on first use (no owner column yet).
    const db = openDatabase(
      join(await tempDir(), 'older.db'),
      schemaMigrations([MONITOR_MIGRATIONS]).slice(0, 4),
    );
    createDeployTables(db);
    db.prepare(
      "INSERT INTO deployments (id, project_id, target_id, commit_sha, version, status, started_at) VALUES ('d1', 'p', 't', 'c', '1.0.0', 'success', '2026-01-01')",
    ).run();
    const olderFile = db.name;
    db.close();
    const upgraded = openDatabase(olderFile, schemaMigrations(FEATURE_MIGRATIONS));
    try {
      expect(schemaOf(upgraded)).toEqual(fresh);
      expect(upgraded.prepare('SELECT id, owner_pid FROM deployments').all()).toEqual([
        { id: 'd1', owner_pid: null },
      ]);
    } finally {
      upgraded.close();
    }
  });
});
