import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readGitHead, shortSha } from '../../src/server/git-head.js';

const identity = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@localhost',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@localhost',
};
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: dir, env: { ...process.env, ...identity }, encoding: 'utf8' }).trim();

describe('reading the git head from .git', () => {
  let dir = '';
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function repo(): Promise<string> {
    dir = await mkdtemp(path.join(os.tmpdir(), 'catalyst-git-head-'));
    git(dir, 'init', '--quiet', '--initial-branch=main');
    return dir;
  }

  it('knows the branch before the first commit', async () => {
    expect(await readGitHead(await repo())).toEqual({ branch: 'main', sha: null });
  });

  it('agrees with git for a loose ref, a packed ref and a detached head', async () => {
    const d = await repo();
    await writeFile(path.join(d, 'a.txt'), 'a');
    git(d, 'add', '.');
    git(d, 'commit', '--quiet', '-m', 'one');
    const sha = git(d, 'rev-parse', 'HEAD');
    expect(await readGitHead(d)).toEqual({ branch: 'main', sha });
    git(d, 'pack-refs', '--all');
    expect(await readGitHead(d)).toEqual({ branch: 'main', sha });
    git(d, 'checkout', '--quiet', '--detach');
    expect(await readGitHead(d)).toEqual({ branch: null, sha });
    expect(shortSha(sha)).toBe(git(d, 'rev-parse', '--short=7', 'HEAD'));
  });

  it('answers nulls for a folder that is not a repository', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'catalyst-git-head-'));
    expect(await readGitHead(dir)).toEqual({ branch: null, sha: null });
    expect(shortSha(null)).toBeNull();
  });
});
