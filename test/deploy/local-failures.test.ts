import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployTarget } from '../../src/deploy/deploy-target.js';
import { SqliteLocalProcessStore } from '../../src/deploy/records/local-apps.js';
import { targetRuntimeState } from '../../src/deploy/runtime-state.js';
import { makeDemoSandbox, type Sandbox } from '../fixtures/deploy-sandbox.js';

const TOKEN = 'local-SECRET-token-789';

describe('local deploy failures', () => {
  let box: Sandbox;
  let dir: string;
  let projectId: string;
  const deploy = (env: NodeJS.ProcessEnv = {}) =>
    deployTarget(
      { projectDir: dir, targetId: 'local' },
      { workspace: box.workspace, env: { ...box.env, ...env } },
    );

  beforeAll(async () => {
    // The demo uses its declared secret, so the app needs API_TOKEN to start.
    ({ box, dir, projectId } = await makeDemoSandbox({ useSecret: true }));
  });
  afterAll(async () => box.cleanup());

  it('a secret without a value in the vault fails the deployment with what to run', async () => {
    const record = await deploy();
    expect(record.status).toBe('failed');
    expect(record.error).toBe(
      'Secret API_TOKEN has no value in this workspace: set it with `catalyst secret set API_TOKEN` (the value is read from stdin)',
    );
    expect(targetRuntimeState(box.workspace, projectId).local?.status).toBe('error');
  });

  it('with the value in the vault, the app gets it from its environment and starts; logs never hold it', async () => {
    box.workspace.vault.set(projectId, 'API_TOKEN', TOKEN);
    // The vault key is in the CLI's environment; the app must not inherit it.
    const record = await deploy({ CATALYST_SECRET_KEY: 'a test passphrase of enough length' });
    expect(record.error).toBeNull();
    expect(record.status).toBe('success');
    const health = await fetch(`${record.url}/health`);
    expect(health.status).toBe(200);
    expect(record.logs).not.toContain(TOKEN);
    const app = new SqliteLocalProcessStore(box.workspace.db).get(projectId, 'local');
    const environ = await readFile(`/proc/${app?.pid}/environ`, 'utf8');
    expect(environ.split('\0')).toContain(`API_TOKEN=${TOKEN}`);
    expect(environ).not.toContain('CATALYST_SECRET_KEY');
  });

  it('an app that exits before its health check fails the deployment and the previous app keeps serving', async () => {
    const before = new SqliteLocalProcessStore(box.workspace.db).get(projectId, 'local');
    // An interpreter that passes the fastapi probe but whose app dies at start.
    const python = path.join(box.root, 'dying-python');
    await writeFile(
      python,
      '#!/bin/sh\ncase "$1" in *catalyst_serve.py) echo "boom: cannot start" >&2; exit 3;; esac\nexec /usr/bin/python3 "$@"\n',
      {
        mode: 0o755,
      },
    );
    const record = await deploy({ CATALYST_PYTHON: python });
    expect(record.status).toBe('failed');
    expect(record.error).toMatch(
      new RegExp(
        `^The app did not pass its health check at http://127\\.0\\.0\\.1:\\d+/health: the app exited\\. Its log is ${path.join(box.home, 'logs', projectId, 'local.log').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
      ),
    );
    expect(record.logs).toContain('--- catalyst: starting local at');
    expect(record.logs).toContain('boom: cannot start');
    const after = new SqliteLocalProcessStore(box.workspace.db).get(projectId, 'local');
    expect(after).toEqual(before);
    expect((await fetch(`http://127.0.0.1:${before?.port}/health`)).status).toBe(200);
    expect(targetRuntimeState(box.workspace, projectId).local?.status).toBe('error');
  });

  it('an interpreter without FastAPI is refused with what to do', async () => {
    const record = await deploy({ CATALYST_PYTHON: '/bin/false' });
    expect(record.status).toBe('failed');
    expect(record.error).toMatch(
      /^CATALYST_PYTHON=\/bin\/false cannot run generated apps \(.*\)\. Point CATALYST_PYTHON at a Python that can `import fastapi, uvicorn`, or unset it\.$/,
    );
  });
});
