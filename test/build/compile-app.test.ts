import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { types } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPlan, type CompiledApp, compileApp } from '../../src/build/compile-app.js';
import { LOCK_FILE } from '../../src/compiler/lock.js';
import { sourceAtCommit } from '../../src/deploy/source-at-commit.js';
import { gitResolve } from '../../src/store/git.js';
import { MANIFEST_FILE } from '../../src/store/project-folder.js';
import { readTree } from '../support/file-tree.js';
import { runCli, sandbox } from './cli-harness.js';

let box: Awaited<ReturnType<typeof sandbox>>;
let project: string;
let head: string;

beforeAll(async () => {
  box = await sandbox();
  project = join(box.root, 'demo');
  const init = await runCli(['init', project, '--example', '--name', 'demo'], box.env, box.root);
  expect(init.code, init.stderr).toBe(0);
  head = await gitResolve(project, 'HEAD');
});
afterAll(async () => {
  await box.cleanup();
});

async function fromCommit(outDir: string): Promise<CompiledApp> {
  const source = await sourceAtCommit(project, head);
  return compileApp({
    from: { kind: 'commit', dir: project, commit: head, source },
    targetId: 'local',
    outDir,
  });
}

describe('compileApp: one path from a project (work tree or commit) to an app', () => {
  it('the clean work tree and its commit from git make the same app, lock included', async () => {
    const tree = await compileApp({
      from: { kind: 'worktree', dir: project },
      targetId: 'local',
      outDir: join(box.root, 'tree'),
    });
    const commit = await fromCommit(join(box.root, 'commit'));
    expect(tree.kind).toBe('generated');
    expect(commit.kind).toBe('generated');
    expect(commit.commit).toBe(head);
    expect(commit.lock.inputs).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(commit.files).toEqual(tree.files);
    expect(await readTree(join(box.root, 'commit'))).toEqual(await readTree(join(box.root, 'tree')));
  });

  it('a second compile of the same commit reuses the app: an explicit value whose plan equals the generated one', async () => {
    const out = join(box.root, 'again');
    const first = await fromCommit(out);
    const mainBefore = (await stat(join(out, 'main.py'))).mtimeMs;
    const second = await fromCommit(out);
    expect(first.kind).toBe('generated');
    expect(second.kind).toBe('reused');
    expect(second.files).toEqual(first.files);
    expect(second.lock).toEqual(JSON.parse(await readFile(join(out, LOCK_FILE), 'utf8')));
    expect((await stat(join(out, 'main.py'))).mtimeMs).toBe(mainBefore);
    const plan = appPlan(second);
    // A real plan, not a stand-in that computes itself on access.
    expect(types.isProxy(plan)).toBe(false);
    expect(plan).toEqual(appPlan(first));
    expect(plan.secrets).toEqual(appPlan(first).secrets);
  });

  it('a commit’s app ignores the work tree’s edits; the work tree’s app is marked -dirty', async () => {
    const out = join(box.root, 'dirty');
    const manifestPath = join(project, MANIFEST_FILE);
    const original = await readFile(manifestPath, 'utf8');
    const manifest = JSON.parse(original);
    manifest.description = 'edited, not committed';
    await fromCommit(out);
    try {
      await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
      expect((await fromCommit(out)).kind).toBe('reused');
      const tree = await compileApp({
        from: { kind: 'worktree', dir: project },
        targetId: 'local',
        outDir: out,
      });
      expect(tree.kind).toBe('generated');
      expect(tree.commit).toBe(`${head}-dirty`);
      expect(appPlan(tree).project.manifest.description).toBe('edited, not committed');
    } finally {
      await writeFile(manifestPath, original);
    }
  });
});
