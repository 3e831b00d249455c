import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectGitInfo, pushProject } from '../../src/deploy/git-info.js';
import { gitResolve } from '../../src/store/git.js';
import { createProject } from '../../src/store/operations/projects.js';
import { makeSandbox, type Sandbox } from './sandbox.js';

describe('project git info and push', () => {
  let box: Sandbox;
  let dir: string;
  let bare: string;

  beforeAll(async () => {
    box = await makeSandbox();
    dir = (
      await createProject(
        path.join(box.root, 'demo'),
        { example: true, name: 'demo' },
        { git: { env: box.env } },
      )
    ).dir;
    bare = path.join(box.root, 'remote.git');
    execFileSync('git', ['init', '--quiet', '--bare', bare]);
  });
  afterAll(async () => box.cleanup());

  it('reports branch, last commit and dirty state', async () => {
    const clean = await projectGitInfo(dir, { env: box.env });
    expect(clean).toMatchObject({ branch: 'main', dirty: false, changedFiles: [] });
    expect(clean.lastCommit?.subject).toBe('Create project demo');
    expect(clean.lastCommit?.sha).toBe(await gitResolve(dir, 'HEAD'));
    expect(clean.repoUrl).toBeUndefined();

    await writeFile(path.join(dir, 'notes.txt'), 'hello\n');
    const dirty = await projectGitInfo(dir, { env: box.env });
    expect(dirty.dirty).toBe(true);
    expect(dirty.changedFiles).toEqual(['notes.txt']);
  });

  it('refuses to push without git.repoUrl, saying what to set', async () => {
    await expect(pushProject(dir, { env: box.env })).rejects.toThrow(
      'This project has no git.repoUrl in catalyst.json: set it (e.g. `catalyst project set --repo-url URL`) before pushing.',
    );
  });

  it('pushes HEAD to git.repoUrl on git.branch', async () => {
    const manifestFile = path.join(dir, 'catalyst.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, unknown>;
    manifest.git = { repoUrl: `file://${bare}`, branch: 'release' };
    await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    const info = await projectGitInfo(dir, { env: box.env });
    expect(info.repoUrl).toBe(`file://${bare}`);
    expect(await pushProject(dir, { env: box.env })).toBe(`main → file://${bare} release`);
    const remoteHead = execFileSync('git', ['--git-dir', bare, 'rev-parse', 'refs/heads/release'], {
      encoding: 'utf8',
    });
    expect(remoteHead.trim()).toBe(await gitResolve(dir, 'HEAD'));
  });

  it('a push that fails names the remote and git’s reason', async () => {
    const manifestFile = path.join(dir, 'catalyst.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, unknown>;
    manifest.git = { repoUrl: `file://${path.join(box.root, 'missing.git')}` };
    await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    const missing = path.join(box.root, 'missing.git');
    await expect(pushProject(dir, { env: box.env })).rejects.toThrow(
      `git push to file://${missing} failed: '${missing}' does not appear to be a git repository`,
    );
  });
});
