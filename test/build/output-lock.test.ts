import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticProject } from '../../bench/codegen/synthetic-project.js';
import { writeProjectFolder } from '../../bench/lib/project-folder.js';
import { forgetBuildMemory } from '../../src/build/build-memory.js';
import { compileApp } from '../../src/build/compile-app.js';
import { cacheDirOf, cachePathOf } from '../../src/build/generate-cache.js';
import { onStoreNotice } from '../../src/store/notices.js';
import { readTree } from '../support/file-tree.js';

/**
 * Two processes generating one project into one app folder (the studio's Run and a
 * `catalyst exec` in a terminal, say) take turns: the generate lock beside the folder's cache
 * in .catalyst/cache makes the second wait, so neither writes into the other's half-written app.
 */

const TARGET = 'production';
const REPO = fileURLToPath(new URL('../..', import.meta.url));
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'catalyst-output-lock-'));
});
afterAll(async () => {
  forgetBuildMemory();
  await rm(root, { recursive: true, force: true });
});

/** A synthetic project of `workflows` workflows in `dir` (not a git repository). */
const writeProject = (dir: string, workflows: number) =>
  writeProjectFolder(dir, syntheticProject(workflows), { git: false });

const generate = (dir: string, out: string) =>
  compileApp({ from: { kind: 'worktree', dir }, targetId: TARGET, outDir: out });

/** A node process that runs `script` (ES module, tsx) and exits with its own code. */
function node(script: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('one app folder, two generating processes', () => {
  it('waits while a live process holds the folder’s generate lock, then generates', async () => {
    const dir = join(root, 'held');
    const out = join(root, 'held-app');
    writeProject(dir, 3);
    // Another live process holds the lock: this test's parent (the vitest runner) is one.
    const lock = cachePathOf(dir, out).replace(/\.json$/, '.lock');
    await mkdir(dirname(lock), { recursive: true });
    await writeFile(lock, `${process.ppid}\n`);
    let settled = false;
    const generation = generate(dir, out).finally(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(settled).toBe(false);
    await expect(readdir(out)).rejects.toMatchObject({ code: 'ENOENT' });
    await rm(lock);
    const app = await generation;
    expect(app.kind).toBe('generated');
    expect(Object.keys(await readTree(out))).toContain('main.py');
    // Released: no lock file left behind.
    expect((await readdir(cacheDirOf(dir))).filter((n) => n.endsWith('.lock'))).toEqual([]);
  });

  it('takes over a lock whose process is gone', async () => {
    const dir = join(root, 'abandoned');
    const out = join(root, 'abandoned-app');
    writeProject(dir, 2);
    const lock = cachePathOf(dir, out).replace(/\.json$/, '.lock');
    await mkdir(dirname(lock), { recursive: true });
    await writeFile(lock, '999999999\n'); // no such process
    const notices: string[] = [];
    const stop = onStoreNotice((m) => notices.push(m));
    try {
      expect((await generate(dir, out)).kind).toBe('generated');
    } finally {
      stop();
    }
    expect(notices).toEqual([
      `Took over the generate lock ${lock}: its process (pid 999999999) is no longer running.`,
    ]);
    expect((await readdir(cacheDirOf(dir))).filter((n) => n.endsWith('.lock'))).toEqual([]);
  });

  it('two processes generating at once both succeed, and the folder is the app of the project', async () => {
    const dir = join(root, 'race');
    const out = join(root, 'race-app');
    writeProject(dir, 40);
    const script = `
      const { compileApp } = await import(${JSON.stringify(join(REPO, 'src/build/compile-app.ts'))});
      await compileApp({ from: { kind: 'worktree', dir: ${JSON.stringify(dir)} }, targetId: '${TARGET}', outDir: ${JSON.stringify(out)} });
    `;
    const runs = await Promise.all([node(script), node(script)]);
    for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0 });
    // The same bytes as one generation alone, into a fresh folder.
    forgetBuildMemory();
    const alone = join(root, 'race-alone');
    await generate(dir, alone);
    const tree = await readTree(out);
    expect(tree).toEqual(await readTree(alone));
    const lockText = await readFile(join(out, 'catalyst.lock.json'), 'utf8');
    expect(JSON.parse(lockText).files).toBeTypeOf('object');
  }, 60_000);
});
