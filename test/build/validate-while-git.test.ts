import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticProject, syntheticWorkflow, workflowName } from '../../bench/codegen/synthetic-project.js';
import { workflowText, writeProjectFolder } from '../../bench/lib/project-folder.js';
import { forgetBuildMemory } from '../../src/build/build-memory.js';
import { compileApp } from '../../src/build/compile-app.js';
import { parsedWorkflow } from '../../src/build/load-memo.js';
import { isCatalystError } from '../../src/errors.js';
import { readTree } from '../support/file-tree.js';

/**
 * The commit of a work tree comes from `git status`, a child process. After a workflow file
 * changed, the project is validated while git is still answering (issue 14 item 4: a
 * regeneration's wall time is then the longer of the two, not their sum) — and whatever the
 * validation finds is still reported where it always was, after the commit is known.
 *
 * A real git runs behind a `git` on PATH that, for `status`, waits until the test lets it go:
 * so the test can look at the process while git has not answered yet.
 */

const TARGET = 'production';
const WORKFLOWS = 4;
let root: string;
let release: string;
let asked: string;
let pathBefore: string | undefined;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'catalyst-validate-while-git-'));
  const bin = join(root, 'bin');
  release = join(root, 'release');
  asked = join(root, 'status-asked');
  const realGit = ['/usr/bin/git', '/usr/local/bin/git', '/bin/git'].find((p) => existsSync(p))!;
  const script = [
    '#!/bin/sh',
    'for a in "$@"; do',
    '  if [ "$a" = status ]; then',
    `    touch '${asked}'`,
    `    while [ ! -e '${release}' ]; do sleep 0.01; done`,
    '  fi',
    'done',
    `exec '${realGit}' "$@"`,
    '',
  ].join('\n');
  mkdirSync(bin);
  writeFileSync(join(bin, 'git'), script);
  chmodSync(join(bin, 'git'), 0o755);
  pathBefore = process.env.PATH;
  process.env.PATH = `${bin}:${pathBefore ?? ''}`;
  writeFileSync(release, '');
});

afterAll(() => {
  process.env.PATH = pathBefore;
  forgetBuildMemory();
  rmSync(root, { recursive: true, force: true });
});

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

let counter = 0;
function generatedProject(): { dir: string; out: string; generate: () => ReturnType<typeof compileApp> } {
  const dir = join(root, `project-${++counter}`);
  const out = join(root, `app-${counter}`);
  writeProjectFolder(dir, syntheticProject(WORKFLOWS), { git: true });
  return {
    dir,
    out,
    generate: () => compileApp({ from: { kind: 'worktree', dir }, targetId: TARGET, outDir: out }),
  };
}

/** Starts `work` with git's `status` held back; resolves once git was asked, with the work's promise. */
async function withGitHeld<T>(work: () => Promise<T>): Promise<{ done: Promise<T>; settled: () => boolean }> {
  rmSync(release, { force: true });
  rmSync(asked, { force: true });
  let settled = false;
  const done = work().finally(() => {
    settled = true;
  });
  done.catch(() => undefined);
  while (!existsSync(asked) && !settled) await pause(5);
  return { done, settled: () => settled };
}

describe('validation while git answers for the commit', () => {
  it('validates a changed workflow before git has answered, and makes the same app', async () => {
    const p = generatedProject();
    await p.generate();
    const file = join(p.dir, 'workflows', `${workflowName(1)}.json`);
    const text = workflowText(syntheticWorkflow(1, 1));
    writeFileSync(file, text);

    const held = await withGitHeld(p.generate);
    // Bounded wait (a guard against hanging, not a speed check): before this change the changed
    // workflow was parsed only after git answered, so it never is while git is held.
    let parsedWhileHeld = false;
    for (let i = 0; i < 400 && !held.settled(); i++) {
      if (parsedWorkflow(sha(text)) !== undefined) {
        parsedWhileHeld = true;
        break;
      }
      await pause(5);
    }
    expect(held.settled()).toBe(false); // nothing finishes before the commit is known
    writeFileSync(release, '');
    const app = await held.done;
    expect(parsedWhileHeld).toBe(true);
    expect(app.kind).toBe('generated');
    expect(app.commit).toMatch(/^[0-9a-f]{40}-dirty$/);

    // The same bytes as a generation by a process that remembers nothing.
    const again = join(root, `full-${counter}`);
    forgetBuildMemory();
    await compileApp({ from: { kind: 'worktree', dir: p.dir }, targetId: TARGET, outDir: again });
    expect(readTree(p.out)).toEqual(readTree(again));
  });

  it('reports an invalid change only after git has answered, as a fresh process reports it', async () => {
    const p = generatedProject();
    await p.generate();
    // Two workflows with one id: a cross-workflow problem.
    const twin = { ...syntheticWorkflow(2, 1), id: syntheticWorkflow(3, 0).id };
    writeFileSync(join(p.dir, 'workflows', `${workflowName(2)}.json`), workflowText(twin));

    const held = await withGitHeld(p.generate);
    await pause(200);
    expect(held.settled()).toBe(false);
    writeFileSync(release, '');
    const error = await held.done.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCatalystError(error) && error.code).toBe('invalid_project');

    forgetBuildMemory();
    const fresh = await p.generate().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCatalystError(fresh) && fresh.code).toBe('invalid_project');
    expect((error as Error).message).toBe((fresh as Error).message);
    expect((error as Error).message).toContain(twin.id);
  });
});
