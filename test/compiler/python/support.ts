import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planTarget } from '../../../src/compiler/plan.js';
import { renderPythonApp } from '../../../src/compiler/python/index.js';
import type { GeneratedFile, RuntimeAssets } from '../../../src/compiler/types.js';
import type { Project } from '../../../src/model/project-files.js';

export const PYTHON = process.env['CATALYST_PYTHON'] ?? '/usr/bin/python3';
const RUNTIME_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../src/compiler/runtime');

/** The runtime package as the I/O layer hands it to the renderer. */
export function runtimeAssets(): RuntimeAssets {
  return readdirSync(RUNTIME_DIR)
    .filter((name) => name.endsWith('.py'))
    .sort()
    .map((name) => ({ path: `runtime/${name}`, content: readFileSync(join(RUNTIME_DIR, name), 'utf8') }));
}

export function generate(project: Project, targetId = 'production'): GeneratedFile[] {
  return renderPythonApp(planTarget(project, targetId, { generatorVersion: '0.0.0-test' }), runtimeAssets());
}

export function writeApp(files: GeneratedFile[], dir = mkdtempSync(join(tmpdir(), 'catalyst-app-'))): string {
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.content);
  }
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningApp {
  url: string;
  dir: string;
  log: () => string;
  stop: () => Promise<void>;
}

/** Starts `uvicorn main:app` in `dir` and waits until /health answers. */
export async function startApp(dir: string, env: Record<string, string> = {}): Promise<RunningApp> {
  const port = await freePort();
  let log = '';
  const child = spawn(PYTHON, ['-m', 'uvicorn', 'main:app', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: dir,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited early:\n${log}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`app did not answer /health within 20 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dir,
    log: () => log,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function runPython(args: string[], cwd: string, env: Record<string, string> = {}) {
  return spawnSync(PYTHON, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

export async function postJson(url: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...init,
  });
}
