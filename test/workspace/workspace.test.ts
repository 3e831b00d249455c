import { chmod, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/workspace/database.js';
import { catalystHome } from '../../src/workspace/home.js';
import { WORKSPACE_MIGRATIONS } from '../../src/workspace/migrations.js';
import { openWorkspace } from '../../src/workspace/workspace.js';
import { tempDir } from '../store/helpers.js';

describe('workspace home and database', () => {
  it('lives in CATALYST_HOME, else ~/.catalyst', () => {
    expect(catalystHome({ CATALYST_HOME: '/srv/cat' })).toBe('/srv/cat');
    expect(catalystHome({ HOME: '/home/ada' })).toMatch(/\/\.catalyst$/);
  });

  it('creates a private home folder and a WAL database with every migration applied once', async () => {
    const home = join(await tempDir(), 'ws');
    const ws = openWorkspace({ env: { CATALYST_HOME: home } });
    try {
      expect(ws.home).toBe(home);
      expect((await stat(home)).mode & 0o777).toBe(0o700);
      expect(ws.db.pragma('journal_mode', { simple: true })).toBe('wal');
      const applied = ws.db.prepare('SELECT id, name FROM migrations ORDER BY id').all();
      expect(applied).toEqual(WORKSPACE_MIGRATIONS.map((m) => ({ id: m.id, name: m.name })));
    } finally {
      ws.close();
    }
    // Opening again applies nothing twice.
    const again = openWorkspace({ home });
    expect(again.db.prepare('SELECT count(*) AS n FROM migrations').get()).toEqual({
      n: WORKSPACE_MIGRATIONS.length,
    });
    again.close();
  });

  it('tightens an existing home to 0700 and its database files to 0600, and refuses a shared folder', async () => {
    const home = join(await tempDir(), 'ws');
    const first = openWorkspace({ home });
    first.close();
    await chmod(home, 0o755);
    await chmod(join(home, 'catalyst.db'), 0o644);
    const ws = openWorkspace({ home });
    try {
      ws.db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('t', 'x')").run();
      expect((await stat(home)).mode & 0o777).toBe(0o700);
      const files = (await readdir(home)).filter((f) => f.startsWith('catalyst.db'));
      expect(files).toEqual(expect.arrayContaining(['catalyst.db', 'catalyst.db-wal', 'catalyst.db-shm']));
      for (const f of files) expect([f, (await stat(join(home, f))).mode & 0o777]).toEqual([f, 0o600]);
    } finally {
      ws.close();
    }
    const shared = join(await tempDir(), 'shared');
    await mkdir(shared);
    await chmod(shared, 0o1777);
    expect(() => openWorkspace({ home: shared })).toThrow(
      `The workspace folder ${shared} is a shared folder (mode 1777): point CATALYST_HOME at a folder of your own, e.g. ~/.catalyst.`,
    );
    expect((await stat(shared)).mode & 0o7777).toBe(0o1777);
  });

  it('runs migrations added later, in order, and refuses a database from a newer Catalyst', async () => {
    const file = join(await tempDir(), 'x.db');
    const base = [
      { id: 1, name: 'a', up: (db: import('better-sqlite3').Database) => db.exec('CREATE TABLE a (x)') },
    ];
    openDatabase(file, base).close();
    const more = [
      ...base,
      { id: 2, name: 'b', up: (db: import('better-sqlite3').Database) => db.exec('CREATE TABLE b (y)') },
    ];
    const db = openDatabase(file, more);
    expect(db.prepare('SELECT name FROM migrations ORDER BY id').all()).toEqual([
      { name: 'a' },
      { name: 'b' },
    ]);
    db.close();
    expect(() => openDatabase(file, base)).toThrow(
      `The workspace database ${file} was created by a newer Catalyst (schema 2, this one knows 1): upgrade Catalyst or point CATALYST_HOME elsewhere.`,
    );
    expect(() => openDatabase(join(file, '..', 'y.db'), [more[1]!, more[0]!])).toThrow(
      'Migration ids must increase',
    );
  });

  it('reports a home it cannot create', async () => {
    const file = join(await tempDir(), 'file');
    await writeFile(file, 'x');
    expect(() => openWorkspace({ home: join(file, 'ws') })).toThrow(
      new RegExp(`^Cannot create the workspace folder ${file}/ws: `),
    );
  });
});

describe('project registry', () => {
  it('registers, lists, finds and unregisters project folders', async () => {
    const root = await tempDir();
    const ws = openWorkspace({ home: join(root, 'ws') });
    try {
      const a = join(root, 'a');
      const b = join(root, 'b');
      const first = ws.registry.register({ id: 'proj_a', name: 'zeta', path: a });
      expect(first).toMatchObject({ id: 'proj_a', name: 'zeta', path: a });
      ws.registry.register({ id: 'proj_b', name: 'alpha', path: b });
      expect(ws.registry.list().map((p) => p.name)).toEqual(['alpha', 'zeta']);
      // Registering again refreshes the name and keeps the date.
      const renamed = ws.registry.register({ id: 'proj_a', name: 'omega', path: a });
      expect(renamed.registeredAt).toBe(first.registeredAt);
      expect(ws.registry.find(a)?.name).toBe('omega');
      expect(ws.registry.find('proj_b')?.path).toBe(b);
      expect(ws.registry.unregister('proj_b')?.path).toBe(b);
      expect(ws.registry.unregister(b)).toBeUndefined();
      expect(ws.registry.list().map((p) => p.id)).toEqual(['proj_a']);
    } finally {
      ws.close();
    }
  });

  it('refuses a copied folder with the same project id, but follows a moved one', async () => {
    const root = await tempDir();
    const ws = openWorkspace({ home: join(root, 'ws') });
    try {
      const original = join(root, 'original');
      await mkdir(original);
      await writeFile(join(original, 'catalyst.json'), JSON.stringify({ id: 'proj_same' }));
      ws.registry.register({ id: 'proj_same', name: 'p', path: original });
      expect(() => ws.registry.register({ id: 'proj_same', name: 'p', path: join(root, 'copy') })).toThrow(
        new RegExp(
          `^Project id proj_same is already registered for ${original}\\. A copied project folder keeps the original's id: give the copy a new "id" in catalyst\\.json`,
        ),
      );
      // The original folder no longer holds the project: it moved, so the new path wins.
      await writeFile(join(original, 'catalyst.json'), JSON.stringify({ id: 'proj_other' }));
      ws.registry.register({ id: 'proj_same', name: 'p', path: join(root, 'moved') });
      expect(ws.registry.list().map((p) => p.path)).toEqual([join(root, 'moved')]);
    } finally {
      ws.close();
    }
  });
});
