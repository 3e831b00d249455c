import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE_TABLE_SQL, postgresProject } from '../../fixtures/postgres-project.js';
import { type PostgresCluster, postgresBin, startPostgres } from '../../support/postgres.js';
import {
  freePort,
  generate,
  PYTHON,
  postJson,
  type RunningApp,
  removeDir,
  startApp,
  writeApp,
} from './support.js';

// The postgresQuery node against a real PostgreSQL (a throwaway cluster) through Debian's
// asyncpg. Column values reach the JSON reply as: numeric → JSON number (whole values as
// exact integers, others as doubles, NaN as null), timestamp → ISO 8601 without offset,
// timestamptz → ISO 8601 in UTC with "+00:00", date → "YYYY-MM-DD", uuid → text,
// json/jsonb → the JSON value itself, arrays → lists, NULL → null.

let pg: PostgresCluster;
let app: RunningApp;
let appDir: string;
let downDsn: string;

beforeAll(async () => {
  // debug1 makes the server log a client that leaves without closing its connection.
  pg = await startPostgres({ log_min_messages: 'debug1' });
  pg.psql(PEOPLE_TABLE_SQL);
  appDir = writeApp(generate(postgresProject()));
  // A port nothing listens on, with a password that must never reach a client.
  downDsn = `postgresql://catalyst:s3cret-pw@127.0.0.1:${await freePort()}/app`;
  app = await startApp(appDir, { DATABASE_URL: pg.dsn, DOWN_DATABASE_URL: downDsn });
});

afterAll(async () => {
  await app?.stop();
  if (appDir) removeDir(appDir);
  pg?.stop();
});

/** Connections other than psql's own: the app's. */
function appConnections(): number {
  const sql =
    "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()";
  return Number(pg.psql(sql).trim());
}

describe('postgresQuery against a real PostgreSQL', () => {
  // First, while the app has no pool yet: the first requests arrive together.
  it('shares one pool per DSN: 20 first requests at once open at most its 10 connections', async () => {
    expect(appConnections()).toBe(0);
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => postJson(`${app.url}/api/people`, { minAge: 40, exclude: '' })),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
    const connections = appConnections();
    expect(connections).toBeGreaterThanOrEqual(1);
    expect(connections).toBeLessThanOrEqual(10);
  });

  it('runs a $1/$2 query with values from the trigger and replies with the rows, each column type as JSON', async () => {
    const res = await postJson(`${app.url}/api/people`, { minAge: 20, exclude: 'Linus' });
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body).toEqual({
      people: [
        {
          id: 1,
          name: 'Ada',
          age: 36,
          balance: 1234.5,
          joined: '2024-03-01T09:30:00',
          seen: '2024-03-01T07:30:00+00:00',
          born: '1815-12-10',
          active: true,
          nickname: null,
          uid: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
          tags: ['a', 'b'],
        },
        {
          id: 2,
          name: 'Grace',
          age: 45,
          balance: 20,
          joined: '2023-12-31T23:59:59.500000',
          seen: null,
          born: null,
          active: false,
          nickname: 'Amazing Grace',
          uid: null,
          tags: [],
        },
      ],
    });
    // Columns keep the query's order.
    expect(Object.keys(body.people[0])).toEqual([
      'id',
      'name',
      'age',
      'balance',
      'joined',
      'seen',
      'born',
      'active',
      'nickname',
      'uid',
      'tags',
    ]);
  });

  it('writes numeric values as JSON numbers: whole ones exactly, fractions as doubles; NaN and infinity as null', async () => {
    const res = await postJson(`${app.url}/api/numbers`, {});
    expect(await res.text()).toBe(
      '[{"whole":20,"tenth":0.1,"big":12345678901234567890,"nan":null,"inf":null}]',
    );
  });

  it('returns json and jsonb columns as JSON values, not their text', async () => {
    const res = await postJson(`${app.url}/api/profiles`, {});
    expect(await res.json()).toEqual([
      { id: 1, profile: { langs: ['en', 'fr'], level: 3 }, doc: { n: 1.5 } },
      { id: 2, profile: { level: 2 }, doc: { n: 1.5 } },
      { id: 3, profile: null, doc: { n: 1.5 } },
      { id: 4, profile: [], doc: { n: 1.5 } },
    ]);
  });

  it('sends the second parameter too: excluding by name changes the rows', async () => {
    const res = await postJson(`${app.url}/api/people`, { minAge: 20, exclude: 'Ada' });
    const names = ((await res.json()).people as Array<{ name: string }>).map((p) => p.name);
    expect(names).toEqual(['Grace', 'Linus']);
  });

  it('passes an injection attempt as a plain value: no rows, and the table survives', async () => {
    const res = await postJson(`${app.url}/api/by_name`, { name: "'; DROP TABLE people; --" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
    expect(pg.psql('SELECT count(*) FROM people').trim()).toBe('4');
    // The same characters match the one row whose name really holds them.
    const bobby = await postJson(`${app.url}/api/by_name`, { name: "Robert'); DROP TABLE people; --" });
    expect(await bobby.json()).toEqual([{ id: 4, nickname: 'Bobby' }]);
    expect(await (await postJson(`${app.url}/api/count`, {})).json()).toEqual([{ people: 4 }]);
  });

  it('passes an object to a jsonb parameter as JSON', async () => {
    const res = await postJson(`${app.url}/api/by_profile`, { match: { level: 3 } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([{ id: 1, name: 'Ada' }]);
  });

  it('fails on a SQL error with the 500 shape: workflow, node and the database message, no stack trace', async () => {
    const res = await postJson(`${app.url}/api/broken`, { id: 1 });
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body).toEqual({
      error: 'UndefinedTableError: relation "no_such_table" does not exist',
      workflow: 'broken',
      node: 'Bad table',
      requestId: res.headers.get('x-request-id'),
    });
    // The trace goes to the app's log only.
    await expect
      .poll(() => app.log())
      .toContain(`request ${body.requestId}: node "Bad table" of workflow "broken" failed`);
    expect(app.log()).toContain('Traceback (most recent call last)');
  });

  it('fails a parameter of the wrong type with asyncpg’s message naming the argument', async () => {
    const res = await postJson(`${app.url}/api/people`, { minAge: '20', exclude: 'Linus' });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({
      error:
        "DataError: invalid input for query argument $1: '20' ('str' object cannot be interpreted as an integer)",
      workflow: 'people',
      node: 'Find people',
    });
  });

  it('cancels a query that runs past the node timeout and fails the node saying so', async () => {
    const res = await postJson(`${app.url}/api/slow`, {});
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({
      error: 'PostgreSQL query timed out after 1s',
      workflow: 'slow',
      node: 'Sleep',
    });
    // asyncpg cancels the statement on the server (its cancel request travels on its own
    // connection, so it may land a moment later): the sleep ends well before its 5 s.
    const running =
      "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(5)%' AND state = 'active'";
    let left = Number(pg.psql(running).trim());
    for (let i = 0; i < 20 && left > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = Number(pg.psql(running).trim());
    }
    expect(left).toBe(0);
  });

  it('reports a database it cannot reach as a node failure, without the DSN or its password', async () => {
    const res = await postJson(`${app.url}/api/offline`, {});
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('s3cret-pw');
    expect(JSON.parse(text)).toMatchObject({
      error: expect.stringMatching(/^ConnectionRefusedError: .*Connect call failed \('127\.0\.0\.1', \d+\)$/),
      workflow: 'offline',
      node: 'Down database',
    });
  });

  it('closes its pool when the app shuts down: no connection is dropped without a goodbye', async () => {
    expect(appConnections()).toBeGreaterThanOrEqual(1);
    await app.stop();
    expect(pg.log()).not.toMatch(/unexpected EOF on client connection|could not receive data from client/);
    expect(appConnections()).toBe(0);
  });
});

describe('postgresQuery app startup', () => {
  it('refuses to start without DATABASE_URL, naming it', async () => {
    const port = await freePort();
    const result = spawnSync(
      PYTHON,
      ['-m', 'uvicorn', 'main:app', '--host', '127.0.0.1', '--port', String(port)],
      {
        cwd: appDir,
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', DATABASE_URL: '', DOWN_DATABASE_URL: downDsn },
        encoding: 'utf8',
        timeout: 15_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      'Missing secrets: DATABASE_URL. Set them as environment variables before starting the app.',
    );
    expect(result.stderr).not.toContain('Traceback');
  });
});

describe('the throwaway cluster helper', () => {
  it('fails, naming scripts/setup.sh, when PostgreSQL is not installed', () => {
    const empty = mkdtempSync(join(tmpdir(), 'catalyst-no-pg-'));
    try {
      expect(() => postgresBin(empty)).toThrow(
        `PostgreSQL is not installed (no ${empty}/*/bin/initdb). Run scripts/setup.sh to install PostgreSQL (it installs the postgresql package).`,
      );
    } finally {
      removeDir(empty);
    }
  });
});
