import { closeSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { freePort } from '../../build/free-port.js';
import { findPython } from '../../build/python-interpreter.js';
import { DeployError } from '../deploy-error.js';
import type { DeployContext, Deployer, LogOptions, TargetContext, TargetStatus } from '../deployer.js';
import { probeHealth, waitForHealth } from '../local/health-check.js';
import type { LocalProcess } from '../local/local-process-store.js';
import { isAppAlive, startPythonApp, stopPythonApp } from '../local/python-process.js';
import { rotateLog } from '../local/rotate-log.js';
import { containerLogs, dockerEngineAnswers, runContainer, stopContainer } from './docker-engine.js';

const DEFAULT_HEALTH_TIMEOUT_MS = 30_000;
const LOG_TAIL_LINES = 40;

function configuredPort(ctx: TargetContext): number | undefined {
  const port = (ctx.target.platformConfig as Record<string, unknown>).port;
  return typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65_536 ? port : undefined;
}

function healthTimeoutMs(ctx: TargetContext): number {
  const seconds = (ctx.target.platformConfig as Record<string, unknown>).healthTimeoutSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : DEFAULT_HEALTH_TIMEOUT_MS;
}

/** `$CATALYST_HOME/logs/<project id>/<target>.log` */
export function localLogPath(ctx: TargetContext): string {
  return path.join(ctx.home, 'logs', ctx.manifest.id, `${ctx.target.id}.log`);
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .slice(-lines - 1)
      .join('\n');
  } catch {
    return '';
  }
}

/** True when nothing listens on 127.0.0.1:port right now. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * `logs --follow` on a local process: the last lines, then every line appended to the log
 * file (read by offset; a rotated, shorter file is read from its start) until the signal.
 */
async function followFile(
  file: string,
  lines: number,
  scrub: (text: string) => string,
  follow: NonNullable<LogOptions['follow']>,
): Promise<void> {
  const { onLine, signal } = follow;
  const first = tail(file, lines).replace(/\n$/, '');
  if (first !== '') for (const line of first.split('\n')) onLine(scrub(line));
  let offset = fileSize(file);
  let pending = '';
  while (!signal.aborted) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, FOLLOW_POLL_MS);
      const stop = () => {
        clearTimeout(timer);
        resolve();
      };
      signal.addEventListener('abort', stop, { once: true });
    });
    const size = fileSize(file);
    if (size < offset) offset = 0;
    if (size === offset) continue;
    const chunk = readRange(file, offset, size);
    offset = size;
    const parts = (pending + chunk).split('\n');
    pending = parts.pop() ?? '';
    for (const line of parts) onLine(scrub(line));
  }
  if (pending !== '') onLine(scrub(pending));
}

const FOLLOW_POLL_MS = 200;

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function readRange(file: string, start: number, end: number): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(end - start);
    const read = readSync(fd, buffer, 0, buffer.length, start);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export function localUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}

async function stopRecorded(ctx: TargetContext, recorded: LocalProcess | undefined): Promise<void> {
  if (recorded === undefined) return;
  if (recorded.kind === 'container' && recorded.containerName !== undefined) {
    await stopContainer(ctx, recorded.containerName);
  } else {
    await stopPythonApp(recorded.pid);
  }
}

/** A container keeps its name across deploys (the new run replaced it); a process is its pid. */
function sameApp(a: LocalProcess, b: LocalProcess): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind === 'container' ? a.containerName === b.containerName : a.pid === b.pid;
}

function isRunning(recorded: LocalProcess): boolean {
  return recorded.kind === 'container' || isAppAlive(recorded.pid);
}

/**
 * `docker` targets run here. With a Docker engine the app is built and run as a container;
 * without one the generated app runs as a managed Python process. The new app must pass
 * its health check before the previous one is stopped (unless both need the same configured
 * port), so a failed deploy leaves the old version serving. When the previous app is no
 * longer running (it crashed), the new one takes its port, so the URL stays; a port another
 * program took meanwhile is replaced by a new one, said in the deploy log.
 */
export const localDeployer: Deployer = {
  platform: 'docker',

  async preflight() {
    // Nothing to log in to; the interpreter is probed (findPython) when the app starts.
  },

  async deploy(ctx: DeployContext) {
    const previous = ctx.processes.get(ctx.manifest.id, ctx.target.id);
    const configured = configuredPort(ctx);
    // A running previous app keeps serving until the new one is healthy (a failed deploy must
    // not take the target down), so only a configured port, or the port of a previous app
    // that is no longer running, is taken over.
    const previousRunning = previous !== undefined && isRunning(previous);
    const fixed = configured ?? (previousRunning ? undefined : previous?.port);
    if (fixed !== undefined) await stopRecorded(ctx, previous);
    let port = fixed ?? (await freePort());
    if (configured === undefined && fixed !== undefined && !(await portIsFree(fixed))) {
      port = await freePort();
      ctx.log(
        `Port ${fixed} of the previous deploy is taken by another program; this deploy uses port ${port} (new URL ${localUrl(port)})`,
      );
    }
    const logPath = localLogPath(ctx);
    mkdirSync(path.dirname(logPath), { recursive: true });
    rotateLog(logPath);
    const startedAt = new Date().toISOString();
    const url = localUrl(port);
    const base = {
      projectId: ctx.manifest.id,
      targetId: ctx.target.id,
      port,
      appDir: ctx.appDir,
      logPath,
      commit: ctx.commit,
      startedAt,
    };
    let record: LocalProcess;
    let exited: () => boolean;
    if (await dockerEngineAnswers(ctx)) {
      const name = await runContainer(ctx, port);
      record = { ...base, kind: 'container', pid: 0, containerName: name };
      exited = () => false;
    } else {
      ctx.log(`No Docker engine answered; running the app as a Python process on ${url}`);
      const app = startPythonApp({
        python: await findPython(ctx.env),
        appDir: ctx.appDir,
        port,
        logPath,
        env: ctx.env,
        envVars: ctx.manifest.envVars,
        secrets: ctx.secrets,
        banner: `--- catalyst: starting ${ctx.target.id} at ${ctx.commit.slice(0, 7)} (${startedAt}) ---`,
      });
      record = { ...base, kind: 'process', pid: app.pid };
      exited = app.exited;
    }

    ctx.log(`Waiting for ${url}/health`);
    const health = await waitForHealth({ url: `${url}/health`, timeoutMs: healthTimeoutMs(ctx), exited });
    if (!health.ok) {
      await stopRecorded(ctx, record);
      throw new DeployError(
        `The app did not pass its health check at ${url}/health: ${health.reason}. Its log is ${logPath}`,
        ctx.scrub(tail(logPath, LOG_TAIL_LINES)),
      );
    }
    ctx.log(`Healthy at ${url}`);
    if (fixed === undefined && previous !== undefined && !sameApp(previous, record)) {
      await stopRecorded(ctx, previous);
    }
    ctx.processes.put(record);
    return { url };
  },

  async status(ctx): Promise<TargetStatus> {
    const recorded = ctx.processes.get(ctx.manifest.id, ctx.target.id);
    if (recorded === undefined || !isRunning(recorded)) return { state: 'stopped' };
    const url = localUrl(recorded.port);
    const health = await probeHealth(`${url}/health`);
    return health.ok ? { state: 'running', url } : { state: 'unhealthy', url, detail: health.reason };
  },

  async logs(ctx, options) {
    const recorded = ctx.processes.get(ctx.manifest.id, ctx.target.id);
    if (recorded?.kind === 'container' && recorded.containerName !== undefined) {
      return containerLogs(ctx, recorded.containerName, options);
    }
    const file = localLogPath(ctx);
    if (options.follow === undefined) return ctx.scrub(tail(file, options.lines).replace(/\n$/, ''));
    await followFile(file, options.lines, ctx.scrub, options.follow);
    return '';
  },

  async stop(ctx) {
    const recorded = ctx.processes.get(ctx.manifest.id, ctx.target.id);
    await stopRecorded(ctx, recorded);
    ctx.processes.remove(ctx.manifest.id, ctx.target.id);
  },
};
