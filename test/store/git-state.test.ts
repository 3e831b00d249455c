import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectCommit } from '../../src/build/project-commit.js';
import { shortSha } from '../../src/server/projects/project-views.js';
import { gitState } from '../../src/store/git.js';
import { describeProject } from '../../src/store/operations/describe.js';
import { createProject } from '../../src/store/project-store.js';

const identity = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@localhost',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@localhost',
};
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: dir, env: { ...process.env, ...identity }, encoding: 'utf8' }).trim();

describe('gitState: the one reader of git state', () => {
  let dir = '';
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function repo(): Promise<string> {
    dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'catalyst-git-state-')));
    git(dir, 'init', '--quiet', '--initial-branch=main');
    return dir;
  }

  async function commitFile(d: string, name: string): Promise<string> {
    await writeFile(path.join(d, name), name);
    git(d, 'add', '.');
    git(d, 'commit', '--quiet', '-m', `add ${name}`);
    return git(d, 'rev-parse', 'HEAD');
  }

  it('knows the branch before the first commit', async () => {
    const d = await repo();
    expect(await gitState(d)).toEqual({ root: d, branch: 'main', sha: null });
  });

  it('agrees with git for a loose ref, a packed ref and a detached head', async () => {
    const d = await repo();
    const sha = await commitFile(d, 'a.txt');
    expect(await gitState(d)).toEqual({ root: d, branch: 'main', sha });
    git(d, 'pack-refs', '--all');
    expect(await gitState(d)).toEqual({ root: d, branch: 'main', sha });
    git(d, 'checkout', '--quiet', '--detach');
    expect(await gitState(d)).toEqual({ root: d, branch: null, sha });
    expect(shortSha(sha)).toBe(git(d, 'rev-parse', '--short=7', 'HEAD'));
  });

  it('is undefined for a folder that is in no repository', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'catalyst-git-state-'));
    expect(await gitState(dir)).toBeUndefined();
    expect(shortSha(null)).toBeNull();
  });

  it('finds the repository of a project in a subfolder, and asks git for a worktree', async () => {
    const d = await repo();
    const sha = await commitFile(d, 'a.txt');
    const sub = path.join(d, 'projects', 'shop');
    await mkdir(sub, { recursive: true });
    expect(await gitState(sub)).toEqual({ root: d, branch: 'main', sha });
    // A linked worktree has a `.git` file, not a folder: git itself is asked.
    const tree = path.join(d, 'tree');
    git(d, 'worktree', 'add', '--quiet', '-b', 'side', tree);
    expect(await gitState(tree)).toEqual({ root: tree, branch: 'side', sha });
  });

  it('adds the last commit and the changes only when asked', async () => {
    const d = await repo();
    const sha = await commitFile(d, 'a.txt');
    await writeFile(path.join(d, 'b.txt'), 'b');
    const state = await gitState(d, { lastCommit: true, status: true });
    expect(state?.lastCommit).toMatchObject({ sha, subject: 'add a.txt' });
    expect(state?.status).toEqual({ clean: false, files: [{ path: 'b.txt', status: '??' }] });
    // Asked from a subfolder (git runs there): paths are still relative to the repository's top,
    // and changes outside the subfolder count too.
    const sub = path.join(d, 'apps', 'shop');
    await mkdir(sub, { recursive: true });
    await writeFile(path.join(sub, 'c.txt'), 'c');
    const fromSub = await gitState(sub, { status: true });
    expect(fromSub?.root).toBe(d);
    expect(fromSub?.status?.files).toEqual([
      { path: 'apps/shop/c.txt', status: '??' },
      { path: 'b.txt', status: '??' },
    ]);
  });

  it('the project description and the lock commit read the same state as the card', async () => {
    // A project in a subfolder of a repository: the dashboard card used to read only
    // `<project>/.git` and showed no git at all, while `project show` and the lock saw the repo.
    const d = await repo();
    const created = await createProject(path.join(d, 'apps', 'shop'), { name: 'Shop' });
    // createProject makes a repository of its own; this one lives in the outer one.
    await rm(path.join(created.dir, '.git'), { recursive: true, force: true });
    git(d, 'add', '.');
    git(d, 'commit', '--quiet', '-m', 'shop');
    const sha = git(d, 'rev-parse', 'HEAD');
    const description = await describeProject(created.dir);
    expect(description.git).toMatchObject({ branch: 'main', clean: true, lastCommit: { sha } });
    expect(await projectCommit(created.dir)).toBe(sha);
    expect(await gitState(created.dir)).toMatchObject({ branch: 'main', sha });
    git(d, 'checkout', '--quiet', '--detach');
    expect((await describeProject(created.dir)).git?.branch).toBeNull();
  });
});
