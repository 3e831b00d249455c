import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresProject } from '../../fixtures/postgres-project.js';
import { type PostgresCluster, startPostgres } from '../../support/postgres.js';
import { generate, postJson, type RunningApp, removeDir, startApp, writeApp } from './support.js';

let db: PostgresCluster;
let app: RunningApp;

beforeAll(async () => {
  db = await startPostgres();
  db.psql(
    [
      'CREATE TABLE users (id int PRIMARY KEY, name text, team text, joined timestamptz, score numeric, tags text[])',
      "INSERT INTO users VALUES (1, 'Ada', 'core', '2024-01-02T03:04:05Z', 1.5, '{a,b}'), " +
        "(2, 'Grace', 'core', NULL, 2, '{}'), (3, 'Linus', 'kernel', NULL, NULL, NULL)",
    ].join('; '),
  );
  app = await startApp(writeApp(generate(postgresProject())), { DATABASE_URL: db.dsn });
}, 90_000);

afterAll(async () => {
  await app?.stop();
  if (app) removeDir(app.dir);
  db?.stop();
});

describe('postgresQuery against a real PostgreSQL', () => {
  it('passes templates as $n parameters and returns rows as objects with JSON-friendly values', async () => {
    const res = await postJson(`${app.url}/api/by_team`, { team: 'core', from: 1 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { id: 1, name: 'Ada', joined: '2024-01-02T03:04:05+00:00', score: 1.5, tags: ['a', 'b'] },
      { id: 2, name: 'Grace', joined: null, score: 2, tags: [] },
    ]);
  });

  it('never splices values into the SQL: an injection attempt is just a name', async () => {
    const res = await postJson(`${app.url}/api/find`, { name: "x'; DROP TABLE users; --" });
    expect(await res.json()).toEqual([{ n: 0 }]);
    expect(db.psql('SELECT count(*) FROM users').trim()).toBe('3');
  });

  it('fails the node with the database error message', async () => {
    const res = await postJson(`${app.url}/api/broken`, {});
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({
      error: 'UndefinedTableError: relation "no_such_table" does not exist',
      workflow: 'broken',
      node: 'Query broken',
    });
  });
});
