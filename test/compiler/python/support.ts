import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp as startAppServer } from '../../../src/build/app-server.js';
import { freePort } from '../../../src/build/free-port.js';
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

export { freePort };

export interface RunningApp {
  url: string;
  dir: string;
  log: () => string;
  stop: () => Promise<void>;
}

/** Starts `uvicorn main:app` in `dir` on a free port, the way `catalyst run` does, and waits until /health answers. */
export async function startApp(dir: string, env: Record<string, string> = {}): Promise<RunningApp> {
  const app = await startAppServer({
    python: PYTHON,
    dir,
    host: '127.0.0.1',
    port: await freePort(),
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env },
    healthTimeoutMs: 20_000,
  });
  return {
    url: app.url,
    dir,
    log: () => app.output(),
    stop: async () => {
      await app.stop();
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
