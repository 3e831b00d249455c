import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployTarget } from '../../src/deploy/deploy-target.js';
import { isAppAlive } from '../../src/deploy/local/python-process.js';
import { SqliteLocalProcessStore } from '../../src/deploy/records/local-apps.js';
import { stopTarget, targetLogs, targetStatus } from '../../src/deploy/target-control.js';
import { makeDemoSandbox, type Sandbox } from '../fixtures/deploy-sandbox.js';

function health(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${url}/health`, { agent: false, timeout: 15_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}

/** A real Python program that holds 127.0.0.1:port until it is killed (SO_REUSEADDR, as servers do). */
async function occupy(port: number): Promise<ChildProcess> {
  const child = spawn(
    '/usr/bin/python3',
    [
      '-c',
      `import socket, sys, time\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\ns.bind(("127.0.0.1", ${port}))\ns.listen()\nprint("ready", flush=True)\ntime.sleep(3600)`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the port holder exited (${code})`)));
  });
  return child;
}

/** After `catalyst stop`, the next deploy of a local target takes its port (and URL) back. */
describe('a stopped local target keeps its port for the next deploy', () => {
  let box: Sandbox;
  let dir: string;
  let projectId: string;
  const lines: string[] = [];
  const deps = () => ({ workspace: box.workspace, env: box.env, onLog: (l: string) => lines.push(l) });
  const deploy = () => deployTarget({ projectDir: dir, targetId: 'local' }, deps());
  const recorded = () => new SqliteLocalProcessStore(box.workspace.db).get(projectId, 'local');
  let holder: ChildProcess | undefined;

  beforeAll(async () => {
    ({ box, dir, projectId } = await makeDemoSandbox());
  });
  afterAll(async () => {
    holder?.kill('SIGKILL');
    await stopTarget(dir, 'local', deps()).catch(() => {});
    await box.cleanup();
  });

  it('stop keeps the port: status says stopped, logs still read, and a deploy after it gets the same URL', async () => {
    const first = await deploy();
    expect(first.error).toBeNull();
    const firstPid = recorded()?.pid ?? 0;
    expect(isAppAlive(firstPid)).toBe(true);

    await stopTarget(dir, 'local', deps());
    expect(isAppAlive(firstPid)).toBe(false);
    await expect(health(first.url ?? '')).rejects.toThrow();
    expect(recorded()).toMatchObject({ pid: 0, port: Number(new URL(first.url ?? '').port) });
    expect(await targetStatus(dir, 'local', deps())).toMatchObject({ state: 'stopped' });
    expect(await targetLogs(dir, 'local', deps(), { lines: 50 })).toContain(
      '--- catalyst: starting local at',
    );

    lines.length = 0;
    const second = await deploy();
    expect(second.error).toBeNull();
    expect(second.url).toBe(first.url);
    expect(lines).toContain(
      `Port ${new URL(first.url ?? '').port} of the previous deploy is free: the app gets it back (same URL ${first.url})`,
    );
    expect(await health(second.url ?? '')).toBe(200);
    expect(await targetStatus(dir, 'local', deps())).toMatchObject({ state: 'running', url: first.url });
  }, 180_000);

  it('when another program took the port while stopped, the deploy uses a new one and says so', async () => {
    const before = await targetStatus(dir, 'local', deps());
    const url = before.url ?? '';
    const port = Number(new URL(url).port);
    await stopTarget(dir, 'local', deps());
    holder = await occupy(port);

    lines.length = 0;
    const next = await deploy();
    expect(next.error).toBeNull();
    const newPort = recorded()?.port;
    expect(newPort).not.toBe(port);
    expect(next.url).toBe(`http://127.0.0.1:${newPort}`);
    expect(lines).toContain(
      `Port ${port} of the previous deploy is taken by another program; this deploy uses port ${newPort} (new URL ${next.url})`,
    );
    expect(await health(next.url ?? '')).toBe(200);
  }, 180_000);
});
