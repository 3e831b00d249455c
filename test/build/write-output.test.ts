import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeOutput } from '../../src/build/write-output.js';
import { LOCK_FILE, sha256 } from '../../src/compiler/lock.js';
import type { GeneratedFile } from '../../src/compiler/types.js';
import { listFiles, readTree } from '../support/file-tree.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'catalyst-write-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** An app's files with a lock listing them, as renderPlan produces. */
function app(contents: Record<string, string>): GeneratedFile[] {
  const files: GeneratedFile[] = Object.entries(contents).map(([path, content]) => ({
    path,
    content,
    kind: 'other',
  }));
  const lock = { files: Object.fromEntries(files.map((f) => [f.path, sha256(f.content)])) };
  return [...files, { path: LOCK_FILE, content: JSON.stringify(lock), kind: 'config' }];
}

async function mtimes(dir: string, paths: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const p of paths) out[p] = (await stat(join(dir, p))).mtimeMs;
  return out;
}

const base = { 'main.py': 'print(1)\n', 'workflows/a.py': 'A = 1\n', 'README.md': '# app\n' };

describe('writeOutput', () => {
  it('creates a new folder with exactly the generated files and leaves no temp folder behind', async () => {
    const out = join(root, 'nested', 'app');
    const result = await writeOutput(out, app(base));
    expect(result.unchanged).toBe(false);
    expect(result.written).toEqual(['README.md', LOCK_FILE, 'main.py', 'workflows/a.py']);
    expect((await listFiles(out)).sort()).toEqual(['README.md', LOCK_FILE, 'main.py', 'workflows/a.py']);
    expect(await readdir(join(root, 'nested'))).toEqual(['app']);
  });

  it('refuses a non-empty folder without catalyst.lock.json and leaves it untouched', async () => {
    const out = join(root, 'mine');
    await mkdir(out);
    await writeFile(join(out, 'notes.txt'), 'my own notes');
    await expect(writeOutput(out, app(base))).rejects.toThrow(
      `Refusing to write into ${out}: the folder is not empty and has no catalyst.lock.json, so Catalyst did not create it. ` +
        'This protects your own files: choose an empty or new folder for --out, or empty this one first.',
    );
    expect(await readTree(out)).toEqual({ 'notes.txt': 'my own notes' });
  });

  it('writes into an existing empty folder', async () => {
    const out = join(root, 'empty');
    await mkdir(out);
    await writeOutput(out, app(base));
    expect((await readTree(out))['main.py']).toBe('print(1)\n');
  });

  it('rewrites nothing when every file is byte-identical (mtimes unchanged)', async () => {
    const out = join(root, 'app');
    await writeOutput(out, app(base));
    const paths = await listFiles(out);
    const before = await mtimes(out, paths);
    await new Promise((r) => setTimeout(r, 30));
    const result = await writeOutput(out, app(base));
    expect(result).toEqual({ outDir: out, written: [], removed: [], unchanged: true });
    expect(await mtimes(out, paths)).toEqual(before);
  });

  it('one changed file: only it (and the lock) get new bytes and mtimes; the rest keep theirs', async () => {
    const out = join(root, 'app');
    await writeOutput(out, app(base));
    const before = await mtimes(out, ['main.py', 'README.md', 'workflows/a.py']);
    await new Promise((r) => setTimeout(r, 30));
    const result = await writeOutput(out, app({ ...base, 'workflows/a.py': 'A = 2\n' }));
    expect(result.written).toEqual([LOCK_FILE, 'workflows/a.py']);
    const after = await mtimes(out, ['main.py', 'README.md', 'workflows/a.py']);
    expect(after['main.py']).toBe(before['main.py']);
    expect(after['README.md']).toBe(before['README.md']);
    expect(after['workflows/a.py']).not.toBe(before['workflows/a.py']);
    expect((await readTree(out))['workflows/a.py']).toBe('A = 2\n');
  });

  it('removes files a previous generation made and no longer makes, but keeps files the user added', async () => {
    const out = join(root, 'app');
    await writeOutput(out, app(base));
    await writeFile(join(out, 'my-notes.md'), 'keep me');
    const { 'workflows/a.py': _gone, ...rest } = base;
    const result = await writeOutput(out, app({ ...rest, 'workflows/b.py': 'B = 1\n' }));
    expect(result.removed).toEqual(['workflows/a.py']);
    const files = await readTree(out);
    expect(Object.keys(files).sort()).toEqual([
      'README.md',
      LOCK_FILE,
      'main.py',
      'my-notes.md',
      'workflows/b.py',
    ]);
    expect(files['my-notes.md']).toBe('keep me');
  });

  it('a generated file the user deleted is written again', async () => {
    const out = join(root, 'app');
    await writeOutput(out, app(base));
    await rm(join(out, 'main.py'));
    const result = await writeOutput(out, app(base));
    expect(result.written).toEqual(['main.py']);
    expect((await readTree(out))['main.py']).toBe('print(1)\n');
  });

  it('refuses to write where a file stands', async () => {
    const out = join(root, 'file');
    await writeFile(out, 'x');
    await expect(writeOutput(out, app(base))).rejects.toThrow(
      `Cannot write the app to ${out}: it is a file, not a folder. Choose another --out.`,
    );
  });
});

describe('writeOutput path safety', () => {
  it('never writes a generated path that could leave the app folder', async () => {
    const out = join(root, 'app');
    await expect(writeOutput(out, [{ path: '../escape.py', content: 'x', kind: 'python' }])).rejects.toThrow(
      'Refusing generated path "../escape.py": it must stay inside the app folder',
    );
    await expect(readdir(root)).resolves.toEqual([]);
  });
});
