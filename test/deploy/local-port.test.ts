import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/build/free-port.js';
import { deployTarget } from '../../src/deploy/deploy-target.js';
import { isAppAlive, stopPythonApp } from '../../src/deploy/local/python-process.js';
import type { DeploymentRecord } from '../../src/deploy/records/deployments.js';
import { SqliteLocalProcessStore } from '../../src/deploy/records/local-apps.js';
import { makeDemoSandbox, type Sandbox } from '../fixtures/deploy-sandbox.js';

/** One GET on a connection of its own (no keep-alive), so every request meets the port afresh. */
function getHealth(url: string): Promise<{ status: number; commit: string; version: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${url}/health`, { agent: false, timeout: 15_000 }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => {
        try {
          const body = JSON.parse(text) as { status: string; commit: string; version: string };
          if (response.statusCode !== 200 || body.status !== 'healthy')
            reject(new Error(`HTTP ${response.statusCode}: ${text}`));
          else resolve({ status: response.statusCode, commit: body.commit, version: body.version });
        } catch (error) {
          reject(error);
        }
      });
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}

/** Requests the stable URL one after another while `during` runs, and says what answered. */
async function whileRequesting<T>(url: string, during: () => Promise<T>) {
  let done = false;
  const failures: string[] = [];
  const versions: string[] = [];
  const loop = (async () => {
    while (!done) {
      try {
        const answer = await getHealth(url);
        if (versions.at(-1) !== answer.version) versions.push(answer.version);
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
  })();
  // The loop has reached the app at least once before the deploy starts.
  await getHealth(url);
  try {
    return { result: await during(), failures, versions };
  } finally {
    done = true;
    await loop;
  }
}

describe('a local target keeps its port across deploys', () => {
  let box: Sandbox;
  let dir: string;
  let projectId: string;
  const lines: string[] = [];
  const deploy = (env: NodeJS.ProcessEnv = {}) =>
    deployTarget(
      { projectDir: dir, targetId: 'local' },
      { workspace: box.workspace, env: { ...box.env, ...env }, onLog: (l) => lines.push(l) },
    );
  const running = () => new SqliteLocalProcessStore(box.workspace.db).get(projectId, 'local');
  type Manifest = { version: string; deploymentTargets: { local: { platformConfig: object } } };
  const editManifest = async (edit: (manifest: Manifest) => void) => {
    const file = path.join(dir, 'catalyst.json');
    const manifest = JSON.parse(await readFile(file, 'utf8')) as Manifest;
    edit(manifest);
    await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
  };
  /**
   * An interpreter that serves `module:app` from `folder` instead of the generated app when
   * Catalyst's launcher runs; everything else (the FastAPI probe) is the real Python.
   */
  const servingInstead = async (name: string, module: string, source: string) => {
    const folder = path.join(box.root, name);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, `${module}.py`), source);
    const python = path.join(box.root, `${name}-python`);
    await writeFile(
      python,
      `#!/bin/sh\ncase "$1" in *catalyst_serve.py) launcher="$1"; shift 2; PYTHONPATH="${folder}" exec /usr/bin/python3 "$launcher" ${module}:app "$@";; esac\nexec /usr/bin/python3 "$@"\n`,
      { mode: 0o755 },
    );
    return python;
  };

  beforeAll(async () => {
    ({ box, dir, projectId } = await makeDemoSandbox());
  });
  afterAll(async () => box.cleanup());

  let first: DeploymentRecord;

  it('a redeploy answers on the same URL, and a client hitting it throughout never fails', async () => {
    first = await deploy();
    expect(first.error).toBeNull();
    const before = running();
    await editManifest((m) => {
      m.version = '0.2.0';
    });
    lines.length = 0;
    const { result: second, failures, versions } = await whileRequesting(first.url ?? '', deploy);
    expect(second.error).toBeNull();
    expect(second.status).toBe('success');
    expect(second.url).toBe(first.url);
    expect(second.commit).not.toBe(first.commit);
    expect(failures).toEqual([]);
    // The client was answered by the old version, then by the new one, never the other way.
    expect(versions).toEqual(['0.1.0', '0.2.0']);
    const after = running();
    expect(after?.port).toBe(before?.port);
    expect(after?.pid).not.toBe(before?.pid);
    expect(before && isAppAlive(before.pid)).toBe(false);
    expect(lines).toContain(
      `The new app starts beside the running one (pid ${before?.pid}) and takes over port ${before?.port} once it is healthy; until then the running app keeps serving ${first.url}`,
    );
    expect(await getHealth(first.url ?? '')).toMatchObject({ commit: second.commit, version: '0.2.0' });
    // The new app's output, written aside while it started, is in the target's log now.
    const log = path.join(box.home, 'logs', projectId, 'local.log');
    expect(await readFile(log, 'utf8')).toContain(
      `--- catalyst: starting local at ${second.commit.slice(0, 7)}`,
    );
    await expect(readFile(`${log}.starting`)).rejects.toThrow();
  });

  it('a redeploy whose app raises at import fails, and the old version keeps answering on the same port', async () => {
    const before = running();
    const python = await servingInstead('raising', 'raising_app', 'raise RuntimeError("boom at import")\n');
    const { result, failures, versions } = await whileRequesting(first.url ?? '', () =>
      deploy({ CATALYST_PYTHON: python }),
    );
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(
      /^The app did not pass its health check at .*: the app exited\. Its log is /,
    );
    // The error's details are the failed app's own output, not the lines of the app serving meanwhile.
    expect(result.logs).toContain('RuntimeError: boom at import');
    expect(result.logs).not.toContain('GET /health');
    // and that output stays in the target's log.
    const log = await readFile(path.join(box.home, 'logs', projectId, 'local.log'), 'utf8');
    expect(log).toContain('RuntimeError: boom at import');
    expect(failures).toEqual([]);
    expect(versions).toEqual(['0.2.0']);
    expect(running()).toEqual(before);
    expect(before && isAppAlive(before.pid)).toBe(true);
  });

  it('a redeploy whose app never reports healthy is stopped, and the old version keeps answering on the same port', async () => {
    const before = running();
    const python = await servingInstead(
      'unhealthy',
      'unhealthy_app',
      [
        'from fastapi import FastAPI',
        'from fastapi.responses import JSONResponse',
        'app = FastAPI()',
        '@app.get("/health")',
        'def health():',
        '    return JSONResponse({"status": "starting", "version": "unhealthy"}, status_code=503)',
        '',
      ].join('\n'),
    );
    await editManifest((m) => {
      m.deploymentTargets.local.platformConfig = { healthTimeoutSeconds: 3 };
    });
    const { result, failures, versions } = await whileRequesting(first.url ?? '', () =>
      deploy({ CATALYST_PYTHON: python }),
    );
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(
      /^The app did not pass its health check at .*: no healthy answer within 3s \(last: /,
    );
    // It did answer, unhealthy (its access lines are in the error's details).
    expect(result.logs).toContain('"GET /health HTTP/1.1" 503');
    expect(failures).toEqual([]);
    expect(versions).toEqual(['0.2.0']);
    expect(running()).toEqual(before);
    // The failed app is gone: nothing but the old app shares the port.
    const log = await readFile(path.join(box.home, 'logs', projectId, 'local.log'), 'utf8');
    const failed = Number([...log.matchAll(/Started server process \[(\d+)\]/g)].at(-1)?.[1]);
    expect(failed).not.toBe(before?.pid);
    expect(isAppAlive(failed)).toBe(false);
  });

  it('a configured port gets the same: kept, and served throughout a redeploy', async () => {
    const port = await freePort();
    await editManifest((m) => {
      m.deploymentTargets.local.platformConfig = { port };
    });
    const moved = await deploy();
    expect(moved.error).toBeNull();
    expect(moved.url).toBe(`http://127.0.0.1:${port}`);
    const before = running();
    await editManifest((m) => {
      m.version = '0.3.0';
    });
    lines.length = 0;
    const { result, failures, versions } = await whileRequesting(moved.url ?? '', deploy);
    expect(result.error).toBeNull();
    expect(result.url).toBe(moved.url);
    expect(failures).toEqual([]);
    expect(versions).toEqual(['0.2.0', '0.3.0']);
    expect(running()?.port).toBe(port);
    expect(before && isAppAlive(before.pid)).toBe(false);
  });

  it('an app started by an earlier Catalyst (no shared port) is replaced as before, said in the deploy log', async () => {
    const current = running();
    if (current === undefined) throw new Error('no running app');
    await stopPythonApp(current.pid);
    // What Catalyst used to start: uvicorn on its own, with a port nobody else can bind.
    const port = await freePort();
    const log = openSync(current.logPath, 'a');
    const legacy = spawn(
      '/usr/bin/python3',
      ['-m', 'uvicorn', 'main:app', '--host', '127.0.0.1', '--port', String(port)],
      {
        cwd: current.appDir,
        detached: true,
        stdio: ['ignore', log, log],
      },
    );
    closeSync(log);
    legacy.unref();
    const pid = legacy.pid ?? -1;
    new SqliteLocalProcessStore(box.workspace.db).put({ ...current, pid, port });
    await editManifest((m) => {
      m.deploymentTargets.local.platformConfig = {};
    });
    try {
      await expect
        .poll(() => getHealth(`http://127.0.0.1:${port}`).catch(() => undefined), { timeout: 30_000 })
        .toBeDefined();
      lines.length = 0;
      const record = await deploy();
      expect(record.error).toBeNull();
      const next = running();
      expect(next?.port).not.toBe(port);
      expect(record.url).toBe(`http://127.0.0.1:${next?.port}`);
      expect(lines).toContain(
        `The running app (pid ${pid}) was started by an earlier version of Catalyst and cannot share its port: this deploy uses port ${next?.port} (new URL ${record.url}); the running app stops once the new one is healthy, and later deploys keep this port`,
      );
      expect(isAppAlive(pid)).toBe(false);
    } finally {
      await stopPythonApp(pid);
    }
  });
});
