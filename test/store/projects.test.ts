import { execFileSync } from 'node:child_process';
import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitInit, gitLog, gitStatus } from '../../src/store/git.js';
import {
  commitAll,
  createProject,
  deleteProject,
  describeProject,
  registerProject,
  setEnvVar,
  setSecret,
  updateProject,
} from '../../src/store/project-store.js';
import { openWorkspace } from '../../src/workspace/workspace.js';
import { bareGitEnv, readJson, tempDir } from './helpers.js';

describe('create project', () => {
  it('creates catalyst.json with a local Docker target, .gitignore, a git repo on main and a first commit', async () => {
    const root = await tempDir();
    const env = bareGitEnv(await tempDir());
    const ws = openWorkspace({ home: join(root, 'ws'), env: {} });
    try {
      const dir = join(root, 'shop');
      const created = await createProject(dir, { description: 'A shop' }, { workspace: ws, git: { env } });
      expect(created.manifest).toMatchObject({
        schemaVersion: 1,
        name: 'shop',
        description: 'A shop',
        version: '0.1.0',
        deploymentTargets: { local: { id: 'local', name: 'Local', platform: 'docker', platformConfig: {} } },
        envVars: {},
        secrets: {},
      });
      expect(created.manifest.id).toMatch(/^proj_[0-9a-f]{8}$/);
      expect(await readJson(join(dir, 'catalyst.json'))).toEqual(created.manifest);
      const log = await gitLog(dir, { env });
      expect(log.map((c) => [c.subject, c.author])).toEqual([['Create project shop', 'Catalyst']]);
      expect(log[0]!.sha).toBe(created.commit);
      expect((await gitStatus(dir, { env })).clean).toBe(true);
      expect(execFileSync('git', ['ls-files'], { cwd: dir, encoding: 'utf8' }).trim().split('\n')).toEqual([
        '.gitignore',
        'catalyst.json',
      ]);
      expect(created.registered).toMatchObject({ id: created.manifest.id, name: 'shop', path: dir });
      expect(ws.registry.list().map((p) => p.path)).toEqual([dir]);
    } finally {
      ws.close();
    }
  });

  it('creates the demo project with --example', async () => {
    const dir = join(await tempDir(), 'demo');
    const created = await createProject(dir, { example: true, name: 'My Demo' });
    expect(created.manifest.name).toBe('My Demo');
    expect(created.workflows.map((w) => w.file)).toEqual([
      'workflows/extract_data.json',
      'workflows/main_workflow.json',
      'workflows/process_results.json',
    ]);
    expect(Object.keys(created.manifest.deploymentTargets)).toEqual(['local', 'production']);
  });

  it('refuses a folder that already holds a project, and a folder name that is no project name', async () => {
    const root = await tempDir();
    const dir = join(root, 'p');
    await createProject(dir);
    await expect(createProject(dir)).rejects.toThrow(
      `${dir} already holds a Catalyst project (catalyst.json exists).`,
    );
    await expect(createProject(join(root, 'line\nbreak'))).rejects.toThrow(
      'The folder name "line\nbreak" is not a valid project name: pass --name (use 1–100 characters without line breaks, tabs or other control characters).',
    );
    await writeFile(join(root, 'file'), 'x');
    await expect(createProject(join(root, 'file'))).rejects.toThrow(
      `Cannot create a project in ${join(root, 'file')}: it is a file, not a folder. Choose another folder.`,
    );
    await expect(createProject(join(root, 'x'), { name: '' })).rejects.toThrow(
      'Invalid project name: Project name is required',
    );
  });

  it('adds to an existing folder and .gitignore, and gets its own repository inside another one', async () => {
    const outer = await tempDir();
    await gitInit(outer);
    const dir = join(outer, 'inner');
    await mkdir(dir);
    await writeFile(join(dir, '.gitignore'), 'node_modules/');
    await writeFile(join(dir, 'notes.md'), 'mine');
    await createProject(dir, { name: 'inner' });
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe(
      'node_modules/\n# Added by Catalyst (never committed)\n.catalyst/\n.env\n*.tmp\n',
    );
    await access(join(dir, '.git'));
    // Only Catalyst's files were committed; the user's own file is left for them.
    expect((await gitStatus(dir)).files).toEqual([{ path: 'notes.md', status: '??' }]);
  });
});

describe('update, describe, register, delete, commit', () => {
  it('updates name, description, version and git settings, bumping updatedAt', async () => {
    const dir = join(await tempDir(), 'p');
    const { manifest } = await createProject(dir);
    const updated = await updateProject(dir, {
      name: 'Renamed',
      description: 'new',
      version: '1.2.3',
      git: { repoUrl: 'https://github.com/acme/p', branch: 'main' },
    });
    expect(updated).toMatchObject({
      name: 'Renamed',
      description: 'new',
      version: '1.2.3',
      git: { repoUrl: 'https://github.com/acme/p', branch: 'main' },
    });
    expect(updated.updatedAt > manifest.updatedAt).toBe(true);
    expect(updated.createdAt).toBe(manifest.createdAt);
    const cleared = await updateProject(dir, { git: { repoUrl: null, branch: null } });
    expect(cleared.git).toBeUndefined();
    await expect(updateProject(dir, { version: 'one' })).rejects.toThrow(
      'Invalid project changes: version: Version must be semver, e.g. 0.1.0',
    );
    await expect(updateProject(dir, { git: { repoUrl: 'not a url' } })).rejects.toThrow(
      'Invalid git settings: repoUrl: Invalid URL',
    );
  });

  it('describes the project with served endpoints and git state', async () => {
    const dir = join(await tempDir(), 'demo');
    await createProject(dir, { example: true });
    const described = await describeProject(dir);
    expect(described.workflows).toEqual([
      {
        id: 'wf_extract',
        name: 'extract_data',
        file: 'workflows/extract_data.json',
        deploymentTargetId: 'local',
        visibility: 'internal',
        nodeCount: 2,
      },
      {
        id: 'wf_main',
        name: 'main_workflow',
        file: 'workflows/main_workflow.json',
        deploymentTargetId: 'local',
        visibility: 'public',
        endpoint: { method: 'POST', path: '/api/main' },
        nodeCount: 3,
      },
      {
        id: 'wf_process',
        name: 'process_results',
        file: 'workflows/process_results.json',
        deploymentTargetId: 'local',
        visibility: 'internal',
        nodeCount: 2,
      },
    ]);
    expect(described.git).toMatchObject({
      branch: 'main',
      clean: true,
      changedFiles: [],
      lastCommit: { subject: 'Create project demo' },
    });
    await setEnvVar(dir, 'MODE', 'x');
    expect((await describeProject(dir)).git).toMatchObject({ clean: false, changedFiles: ['catalyst.json'] });
  });

  it('commits everything on request, and nothing when clean', async () => {
    const dir = join(await tempDir(), 'p');
    await createProject(dir);
    expect(await commitAll(dir, 'nothing')).toBeUndefined();
    await setEnvVar(dir, 'MODE', 'x');
    const sha = await commitAll(dir, 'Set MODE');
    expect((await gitLog(dir))[0]).toMatchObject({ sha, subject: 'Set MODE' });
    expect((await gitStatus(dir)).clean).toBe(true);
  });

  it('unregisters, and deletes the folder and its secret values only when asked', async () => {
    const root = await tempDir();
    const ws = openWorkspace({ home: join(root, 'ws'), env: {} });
    try {
      const dir = join(root, 'p');
      const { manifest } = await createProject(dir, {}, { workspace: ws });
      await setSecret(dir, ws, { name: 'TOKEN', value: 'v' });
      expect(await deleteProject(dir, ws)).toEqual({
        id: manifest.id,
        path: dir,
        unregistered: true,
        deletedFolder: false,
        deletedSecrets: 0,
      });
      await access(join(dir, 'catalyst.json'));
      expect(ws.vault.has(manifest.id, 'TOKEN')).toBe(true);
      expect((await registerProject(dir, ws)).id).toBe(manifest.id);
      expect(await deleteProject(manifest.id, ws, { deleteFolder: true })).toEqual({
        id: manifest.id,
        path: dir,
        unregistered: true,
        deletedFolder: true,
        deletedSecrets: 1,
      });
      await expect(access(dir)).rejects.toThrow(/ENOENT/);
      // A registered folder that lost its catalyst.json is not deleted, and stays registered.
      const other = join(root, 'other');
      await createProject(other, {}, { workspace: ws });
      await rm(join(other, 'catalyst.json'));
      await expect(deleteProject(other, ws, { deleteFolder: true })).rejects.toThrow(
        `Refusing to delete ${other}: it holds no catalyst.json.`,
      );
      await access(join(other, '.gitignore'));
      expect(ws.registry.list().map((p) => p.path)).toEqual([other]);
      await expect(deleteProject(join(root, 'nothing'), ws)).rejects.toThrow(
        `No registered project and no Catalyst project at ${join(root, 'nothing')}.`,
      );
    } finally {
      ws.close();
    }
  });
});
