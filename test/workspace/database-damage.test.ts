import { copyFile, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/workspace/home.js';
import { openWorkspace, type Workspace } from '../../src/workspace/workspace.js';
import { sandbox } from '../cli/helpers.js';
import { tempDir } from '../store/helpers.js';

const KEY = { CATALYST_SECRET_KEY: 'a passphrase of some length' };

/** A workspace with one project and one secret, closed again (so the file is complete). */
async function filledWorkspace(home: string): Promise<{ file: string; secretsPage: number }> {
  const ws = openWorkspace({ home, env: KEY });
  try {
    ws.registry.register({ id: 'proj_a', name: 'a', path: '/tmp/a' });
    ws.vault.set('proj_a', 'API_KEY', 'value');
    const { rootpage } = ws.db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'secrets'").get() as {
      rootpage: number;
    };
    return { file: join(home, DATABASE_FILE), secretsPage: rootpage };
  } finally {
    ws.close();
  }
}

/** Overwrites page `page` (1-based) with zeros; the page size comes from the file header. */
async function zeroPage(file: string, page: number): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    const header = Buffer.alloc(100);
    await handle.read(header, 0, 100, 0);
    const raw = header.readUInt16BE(16); // bytes 16-17: page size, 1 meaning 65536
    const size = raw === 1 ? 65_536 : raw;
    expect(header.toString('latin1', 0, 15)).toBe('SQLite format 3');
    await handle.write(Buffer.alloc(size), 0, size, (page - 1) * size);
  } finally {
    await handle.close();
  }
}

function damaged(file: string, why: string): string {
  return `The workspace database ${file} is damaged (${why}); move it aside and run again, or restore a backup.`;
}

describe('a damaged workspace database', () => {
  it('is named with its path at open when the header page is zeroed (SQLITE_NOTADB)', async () => {
    const home = join(await tempDir(), 'ws');
    const { file } = await filledWorkspace(home);
    await zeroPage(file, 1);
    expect(() => openWorkspace({ home, env: KEY })).toThrow(damaged(file, 'file is not a database'));
  });

  it('is named at the first query that reads a zeroed page (SQLITE_CORRUPT), not an unexpected error', async () => {
    const home = join(await tempDir(), 'ws');
    const { file, secretsPage } = await filledWorkspace(home);
    await zeroPage(file, secretsPage);
    const ws = openWorkspace({ home, env: KEY }); // the damaged table is not read at open
    try {
      expect(ws.registry.list().map((p) => p.id)).toEqual(['proj_a']);
      expect(() => ws.vault.list('proj_a')).toThrow(damaged(file, 'database disk image is malformed'));
      expect(() => ws.vault.set('proj_a', 'OTHER', 'x')).toThrow(
        damaged(file, 'database disk image is malformed'),
      );
    } finally {
      ws.close();
    }
  });

  it('the CLI says so in one line, with no stack and no "unexpected error"', async () => {
    const box = await sandbox(KEY);
    expect((await box.run(['init', 'p'])).code).toBe(0);
    const file = join(box.env['CATALYST_HOME']!, DATABASE_FILE);
    await zeroPage(file, 1);
    const result = await box.run(['secret', 'set', 'API_KEY', '--project', 'p'], 'value\n');
    expect(result.code).not.toBe(0);
    expect(result.stderr).not.toMatch(/unexpected/i);
    expect(result.stderr.replace(/^error: /i, '')).toBe(`${damaged(file, 'file is not a database')}\n`);
  });
});

describe('a workspace database deleted under a running process', () => {
  it('refuses the next write clearly instead of losing it; a restart creates a new database', async () => {
    const home = join(await tempDir(), 'ws');
    const file = join(home, DATABASE_FILE);
    const ws: Workspace = openWorkspace({ home, env: KEY });
    try {
      ws.vault.set('proj_a', 'FIRST', 'one');
      await rm(file); // e.g. `rm ~/.catalyst/catalyst.db` while the studio runs
      const gone = `The workspace database ${file} was deleted while Catalyst was running, so this change was not saved. Restart Catalyst: it then uses the database file that is there now (or creates a new one).`;
      expect(() => ws.vault.set('proj_a', 'SECOND', 'two')).toThrow(gone);
      expect(() => ws.registry.register({ id: 'proj_b', name: 'b', path: '/tmp/b' })).toThrow(gone);
    } finally {
      ws.close();
    }
    const restarted = openWorkspace({ home, env: KEY });
    try {
      restarted.vault.set('proj_a', 'SECOND', 'two');
      expect(restarted.vault.list('proj_a').map((s) => s.name)).toEqual(['SECOND']);
    } finally {
      restarted.close();
    }
  });

  it('refuses a write after the file was replaced by another one (restored from a backup)', async () => {
    const home = join(await tempDir(), 'ws');
    const file = join(home, DATABASE_FILE);
    const ws = openWorkspace({ home, env: KEY });
    try {
      ws.vault.set('proj_a', 'FIRST', 'one');
      await copyFile(file, `${file}.backup`);
      await rename(`${file}.backup`, file);
      expect(() => ws.vault.set('proj_a', 'SECOND', 'two')).toThrow(
        /^The workspace database .* was replaced while Catalyst was running, so this change was not saved\./,
      );
      // Reads still answer from the file this process opened.
      expect(ws.vault.list('proj_a').map((s) => s.name)).toEqual(['FIRST']);
    } finally {
      ws.close();
    }
  });
});
