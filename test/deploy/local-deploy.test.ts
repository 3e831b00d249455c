import { createHash } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployTarget } from '../../src/deploy/deploy-target.js';
import { isAppAlive } from '../../src/deploy/local/python-process.js';
import { SqliteLocalProcessStore } from '../../src/deploy/records/local-apps.js';
import { restartTarget } from '../../src/deploy/restart-target.js';
import { listDeployments, targetRuntimeState } from '../../src/deploy/runtime-state.js';
import { stopTarget, targetLogs, targetStatus } from '../../src/deploy/target-control.js';
import { workspaceTargetSource } from '../../src/monitor/workspace-targets.js';
import { gitResolve } from '../../src/store/git.js';
import { DEMO_ANSWER, DEMO_INPUT } from '../fixtures/demo-answer.js';
import { makeDemoSandbox, type Sandbox } from '../fixtures/deploy-sandbox.js';
import { listFiles } from '../support/file-tree.js';

describe('local deploy of the demo project', () => {
  let box: Sandbox;
  let dir: string;
  let projectId: string;
  const lines: string[] = [];

  beforeAll(async () => {
    ({ box, dir, projectId } = await makeDemoSandbox());
  });
  afterAll(async () => box.cleanup());

  it('starts the app, passes its health check and records a success at the commit', async () => {
    const head = await gitResolve(dir, 'HEAD');
    // The stand-in `docker` on PATH answers `docker info` like a machine without an engine.
    const record = await deployTarget(
      { projectDir: dir, targetId: 'local' },
      { workspace: box.workspace, env: box.env, onLog: (l) => lines.push(l) },
    );
    expect(record.error).toBeNull();
    expect(record.status).toBe('success');
    expect(record.commit).toBe(head);
    expect(record.id).toMatch(/^dep_[0-9a-f]{12}$/);
    expect(record.targetId).toBe('local');
    expect(record.version).toBe('0.1.0');
    expect(record.durationMs).toBeGreaterThan(0);
    expect(record.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[0]).toBe(`Deploying local (docker) at ${head.slice(0, 7)} as ${record.id}`);
    expect(lines).toContain('No Docker engine answered; the app runs as a Python process');
    expect(lines).toContain(`Starting the app on ${record.url}`);
    expect(lines.at(-1)).toMatch(
      new RegExp(`^Deployed local at ${head.slice(0, 7)} in \\d+\\.\\ds: ${record.url}$`),
    );
    expect(record.logs).toBe(lines.join('\n'));

    const health = await fetch(`${record.url}/health`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as Record<string, unknown>;
    expect(body.status).toBe('healthy');
    expect(body.commit).toBe(head);
    const answer = await fetch(`${record.url}/api/main`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(DEMO_INPUT),
    });
    expect(await answer.json()).toEqual(DEMO_ANSWER);

    // The app that answered is the one generated at the commit: its lock names the project, the
    // target and the commit, and every file it lists is in the folder with that hash, nothing else.
    const appDir = path.join(dir, '.catalyst', 'deploy', 'local', head.slice(0, 12));
    const lock = JSON.parse(await readFile(path.join(appDir, 'catalyst.lock.json'), 'utf8')) as {
      files: Record<string, string>;
    };
    expect(lock).toMatchObject({
      generator: 'catalyst',
      project: { id: projectId, name: 'demo', version: '0.1.0' },
      target: { id: 'local', platform: 'docker' },
      commit: head,
    });
    expect(Object.keys(lock.files)).toEqual(
      expect.arrayContaining(['main.py', 'requirements.txt', 'workflows/main_workflow.py']),
    );
    const onDisk = (await listFiles(appDir)).filter((p) => !p.includes('__pycache__/'));
    expect(onDisk).toEqual([...Object.keys(lock.files), 'catalyst.lock.json'].sort());
    for (const [file, hash] of Object.entries(lock.files))
      expect(
        `sha256:${createHash('sha256')
          .update(await readFile(path.join(appDir, file)))
          .digest('hex')}`,
        file,
      ).toBe(hash);

    expect(listDeployments(box.workspace, projectId)).toEqual([record]);
    const state = targetRuntimeState(box.workspace, projectId).local;
    expect(state).toMatchObject({
      status: 'deployed',
      deployedVersion: '0.1.0',
      deployedCommit: head,
      url: record.url,
    });
    expect(state?.lastDeployedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await targetStatus(dir, 'local', { workspace: box.workspace, env: box.env })).toEqual({
      state: 'running',
      url: record.url,
    });
  });

  it('keeps the app log under CATALYST_HOME and survives the record being read from a fresh handle', async () => {
    const running = new SqliteLocalProcessStore(box.workspace.db).get(projectId, 'local');
    expect(running?.logPath).toBe(path.join(box.home, 'logs', projectId, 'local.log'));
    expect(running && isAppAlive(running.pid)).toBe(true);
    const log = await targetLogs(dir, 'local', { workspace: box.workspace, env: box.env });
    expect(log).toContain('--- catalyst: starting local at');
  });

  it('stops the app, and the stop is reflected in status and runtime state', async () => {
    const running = new SqliteLocalProcessStore(box.workspace.db).get(projectId, 'local');
    const url = `http://127.0.0.1:${running?.port}`;
    const stopLines: string[] = [];
    await stopTarget(dir, 'local', {
      workspace: box.workspace,
      env: box.env,
      onLog: (l) => stopLines.push(l),
    });
    expect(stopLines).toEqual(['Stopped local']);
    expect(running && isAppAlive(running.pid)).toBe(false);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    expect(targetRuntimeState(box.workspace, projectId).local?.status).toBe('stopped');
    expect(await targetStatus(dir, 'local', { workspace: box.workspace, env: box.env })).toEqual({
      state: 'stopped',
    });
    // The record stays, marked stopped (no process), so the next deploy takes the port back.
    expect(new SqliteLocalProcessStore(box.workspace.db).get(projectId, 'local')).toMatchObject({
      pid: 0,
      port: running?.port,
    });
  });

  it('restarts the deployed version after a stop, then in place on the same port, without a new deployment', async () => {
    const deps = { workspace: box.workspace, env: box.env };
    const head = await gitResolve(dir, 'HEAD');
    const url = await restartTarget(dir, 'local', deps);
    const health = (await (await fetch(`${url}/health`)).json()) as { commit: string };
    expect(health.commit).toBe(head);
    expect(targetRuntimeState(box.workspace, projectId).local).toMatchObject({ status: 'deployed', url });
    const first = new SqliteLocalProcessStore(box.workspace.db).get(projectId, 'local');

    expect(await restartTarget(dir, 'local', deps)).toBe(url);
    const second = new SqliteLocalProcessStore(box.workspace.db).get(projectId, 'local');
    expect(second?.pid).not.toBe(first?.pid);
    expect(first && isAppAlive(first.pid)).toBe(false);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(listDeployments(box.workspace, projectId)).toHaveLength(1);
  });

  it('restart reuses the deployed app folder as it is, and regenerates a generated file that went missing', async () => {
    const deps = { workspace: box.workspace, env: box.env };
    const head = await gitResolve(dir, 'HEAD');
    const appDir = path.join(dir, '.catalyst', 'deploy', 'local', head.slice(0, 12));
    // Deploy and restart make the app the way generate does: the lock records its inputs.
    const lock = JSON.parse(await readFile(path.join(appDir, 'catalyst.lock.json'), 'utf8'));
    expect(lock.inputs).toMatch(/^sha256:[0-9a-f]{64}$/);
    const mainPy = path.join(appDir, 'main.py');
    const pristine = await readFile(mainPy, 'utf8');
    const before = (await stat(mainPy)).mtimeMs;
    const url = await restartTarget(dir, 'local', deps);
    expect((await stat(mainPy)).mtimeMs).toBe(before);

    await rm(mainPy);
    expect(await restartTarget(dir, 'local', deps)).toBe(url);
    expect(await readFile(mainPy, 'utf8')).toBe(pristine);
    const health = (await (await fetch(`${url}/health`)).json()) as { status: string; commit: string };
    expect(health).toMatchObject({ status: 'healthy', commit: head });
    expect(listDeployments(box.workspace, projectId)).toHaveLength(1);
  });

  it('a local app that dies on its own is an error, not stopped, and the monitor keeps probing it', async () => {
    const running = new SqliteLocalProcessStore(box.workspace.db).get(projectId, 'local');
    expect(running && isAppAlive(running.pid)).toBe(true);
    process.kill(running!.pid, 'SIGKILL');
    for (let i = 0; i < 100 && isAppAlive(running!.pid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(isAppAlive(running!.pid)).toBe(false);

    expect(targetRuntimeState(box.workspace, projectId).local?.status).toBe('error');
    const monitored = await workspaceTargetSource(box.workspace, [dir])();
    expect(monitored.map((t) => [t.targetId, t.url])).toContainEqual([
      'local',
      `http://127.0.0.1:${running!.port}`,
    ]);
  });
});
