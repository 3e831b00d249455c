import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalystError } from '../../src/errors.js';
import {
  FALLBACK_IDENTITY,
  gitAdd,
  gitCommit,
  gitCurrentBranch,
  gitInit,
  gitLastCommit,
  gitListFiles,
  gitLog,
  gitResolve,
  gitShowFile,
  gitStatus,
  gitTopLevel,
} from '../../src/store/git.js';
import { bareGitEnv, tempDir } from './helpers.js';

async function repo() {
  const dir = await tempDir();
  const env = bareGitEnv(await tempDir('catalyst-home-'));
  await gitInit(dir, { env });
  return { dir, env };
}

describe('git wrapper', () => {
  it('initialises on main and commits with the fallback identity when none is configured', async () => {
    const { dir, env } = await repo();
    expect(await gitCurrentBranch(dir, { env })).toBe('main');
    expect(await gitLog(dir, { env })).toEqual([]);
    expect(await gitLastCommit(dir, { env })).toBeUndefined();

    await writeFile(join(dir, 'a.json'), '{}\n');
    await gitAdd(dir, ['.'], { env });
    const sha = await gitCommit(dir, 'First commit', { env });
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    const last = await gitLastCommit(dir, { env });
    expect(last).toMatchObject({
      sha,
      short: sha.slice(0, 7),
      subject: 'First commit',
      author: FALLBACK_IDENTITY.name,
    });
    expect(Date.parse(last!.date)).not.toBeNaN();
    const email = execFileSync('git', ['log', '-1', '--format=%ae'], {
      cwd: dir,
      env,
      encoding: 'utf8',
    }).trim();
    expect(email).toBe('catalyst@localhost');
  });

  it('uses the identity the environment provides over the fallback', async () => {
    const { dir, env } = await repo();
    const withIdentity = { ...env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com' };
    await writeFile(join(dir, 'a.txt'), 'a');
    await gitAdd(dir, ['.'], { env: withIdentity });
    await gitCommit(dir, 'by Ada', { env: withIdentity });
    expect((await gitLastCommit(dir, { env }))?.author).toBe('Ada');
  });

  it('reports status, log order, files and content at a revision', async () => {
    const { dir, env } = await repo();
    await mkdir(join(dir, 'workflows'));
    await writeFile(join(dir, 'catalyst.json'), 'v1');
    await writeFile(join(dir, 'workflows', 'b.json'), 'b1');
    await writeFile(join(dir, 'workflows', 'a.json'), 'a1');
    expect(await gitStatus(dir, { env })).toEqual({
      clean: false,
      files: [
        { path: 'catalyst.json', status: '??' },
        { path: 'workflows/a.json', status: '??' },
        { path: 'workflows/b.json', status: '??' },
      ],
    });
    await gitAdd(dir, ['.'], { env });
    const first = await gitCommit(dir, 'one', { env });
    expect((await gitStatus(dir, { env })).clean).toBe(true);

    await writeFile(join(dir, 'catalyst.json'), 'v2');
    await writeFile(join(dir, 'workflows', 'a.json'), 'a2');
    expect((await gitStatus(dir, { env })).files).toEqual([
      { path: 'catalyst.json', status: 'M' },
      { path: 'workflows/a.json', status: 'M' },
    ]);
    await gitAdd(dir, ['.'], { env });
    const second = await gitCommit(dir, 'two', { env });

    expect((await gitLog(dir, { env })).map((c) => c.subject)).toEqual(['two', 'one']);
    expect((await gitLog(dir, { env, limit: 1 })).map((c) => c.sha)).toEqual([second]);
    expect(await gitShowFile(dir, first, 'catalyst.json', { env })).toBe('v1');
    expect(await gitShowFile(dir, 'HEAD', 'workflows/a.json', { env })).toBe('a2');
    expect(await gitListFiles(dir, first, 'workflows', { env })).toEqual([
      'workflows/a.json',
      'workflows/b.json',
    ]);
    expect(await gitListFiles(dir, first, '', { env })).toEqual([
      'catalyst.json',
      'workflows/a.json',
      'workflows/b.json',
    ]);
    expect(await gitResolve(dir, first.slice(0, 8), { env })).toBe(first);
    expect(await gitTopLevel(dir, { env })).toBe(dir);
  });

  it('wraps failures in clear messages', async () => {
    const { dir, env } = await repo();
    const nothing = await gitCommit(dir, 'empty', { env }).catch((e: unknown) => e);
    expect(nothing).toBeInstanceOf(CatalystError);
    expect((nothing as CatalystError).message).toBe(`Nothing to commit in ${dir}: no changes are staged.`);
    await writeFile(join(dir, 'a.txt'), 'a');
    await expect(gitAdd(dir, ['missing.txt'], { env })).rejects.toThrow(
      `git add failed in ${dir}: pathspec 'missing.txt' did not match any files`,
    );
    await expect(gitShowFile(dir, 'HEAD', 'nope.json', { env })).rejects.toThrow(
      new RegExp(`^Cannot read nope\\.json at HEAD in ${dir}: `),
    );
    await expect(gitResolve(dir, 'deadbeef', { env })).rejects.toThrow(`No commit deadbeef in ${dir}`);
    const outside = await tempDir();
    expect(await gitTopLevel(outside, { env })).toBeUndefined();
    const noGit = await gitStatus(dir, { env: { ...env, PATH: '/nonexistent' } }).catch((e: unknown) => e);
    expect((noGit as CatalystError).message).toBe(
      'git is not installed or not on PATH: install git (e.g. `apt-get install git`) and try again',
    );
  });
});
