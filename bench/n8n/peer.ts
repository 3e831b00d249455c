/**
 * n8n as a local benchmark peer (after /work/shared/peers/n8n's kit): installed into its own
 * folder outside the repository, workflows imported with n8n's CLI, started on a free
 * 127.0.0.1 port, ready once the production webhook itself answers.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../lib/free-port.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PEER_PACKAGE = path.join(HERE, 'peer-package.json');
export const PEER_WORKFLOWS = path.join(HERE, 'workflows.json');
export const ACTIVE_WORKFLOWS = ['benchParentWf001', 'benchFlatWf00001'];

export function defaultPeerDir(): string {
  return process.env.N8N_PEER_DIR ?? path.join(os.homedir(), '.cache', 'catalyst-n8n');
}

export const n8nBin = (dir: string) => path.join(dir, 'n8n1', 'node_modules', '.bin', 'n8n');

/** The kit's n8n-env.sh: local-only, no telemetry, SQLite, one user folder inside the peer folder. */
export function n8nEnv(dir: string, port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    N8N_USER_FOLDER: path.join(dir, 'home'),
    N8N_PORT: String(port),
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: '127.0.0.1',
    N8N_PROTOCOL: 'http',
    WEBHOOK_URL: `http://127.0.0.1:${port}/`,
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_HIRING_BANNER_ENABLED: 'false',
    N8N_RUNNERS_ENABLED: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
    N8N_SECURE_COOKIE: 'false',
    N8N_LOG_LEVEL: 'warn',
    N8N_METRICS: 'false',
    N8N_COMMUNITY_PACKAGES_ENABLED: 'false',
    N8N_AI_ENABLED: 'false',
    EXTERNAL_FRONTEND_HOOKS_URLS: '',
    NODE_ENV: 'production',
    DB_TYPE: 'sqlite',
    ...extra,
  };
}

/**
 * Installs n8n 1.x into `<dir>/n8n1` (about 9 minutes and 1.8 GB here). The overrides in
 * peer-package.json are required on Node 20 with only the npm registry reachable: xlsx 0.18.5
 * (n8n pins a CDN tarball) and isolated-vm 5.0.4 (6.x needs Node ≥ 22).
 */
export function installN8n(dir: string, log: (m: string) => void): void {
  if (fs.existsSync(n8nBin(dir))) return;
  const target = path.join(dir, 'n8n1');
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(PEER_PACKAGE, path.join(target, 'package.json'));
  log(`installing n8n into ${target} (about 9 minutes, 1.8 GB; sqlite3 compiles from source)…`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: target, stdio: 'inherit' });
  if (r.status !== 0 || !fs.existsSync(n8nBin(dir)))
    throw new Error(`npm install of n8n in ${target} failed (exit ${r.status})`);
}

/** A fresh n8n user folder with the three bench workflows imported and the two webhooks active (n8n stopped). */
export function setupN8n(dir: string, log: (m: string) => void): void {
  fs.rmSync(path.join(dir, 'home'), { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'home'), { recursive: true });
  const env = n8nEnv(dir, 5678, { N8N_LOG_LEVEL: 'info' });
  const run = (...args: string[]) => {
    const r = spawnSync(n8nBin(dir), args, { cwd: dir, env, encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0)
      throw new Error(
        `n8n ${args.join(' ')} failed (exit ${r.status}):\n${(r.stderr || r.stdout).slice(-1_500)}`,
      );
  };
  log('importing the bench workflows into n8n…');
  run('import:workflow', `--input=${PEER_WORKFLOWS}`);
  for (const id of ACTIVE_WORKFLOWS) run('update:workflow', `--id=${id}`, '--active=true');
}

export interface RunningN8n {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts n8n and waits (bounded) until its production webhook answers — /healthz answers before workflows are active. */
export async function startN8n(
  dir: string,
  extraEnv: Record<string, string>,
  readyPath: string,
  body: string,
): Promise<RunningN8n> {
  const port = await freePort();
  const logFile = fs.openSync(path.join(dir, 'n8n.log'), 'w');
  const child: ChildProcess = spawn(n8nBin(dir), ['start'], {
    cwd: dir,
    env: n8nEnv(dir, port, extraEnv),
    stdio: ['ignore', logFile, logFile],
  });
  fs.closeSync(logFile);
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}${readyPath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(5_000),
      });
      if (res.ok) return { url, pid: child.pid!, stop };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  await stop();
  const tail = fs.readFileSync(path.join(dir, 'n8n.log'), 'utf8').slice(-2_000);
  throw new Error(`n8n did not answer ${readyPath} within 180 s:\n${tail}`);
}
