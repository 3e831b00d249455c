import {
  appendFileSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { freePort } from '../../build/free-port.js';
import { findPython } from '../../build/python-interpreter.js';
import { DeployError } from '../deploy-error.js';
import type { DeployContext, Deployer, LogOptions, TargetContext, TargetStatus } from '../deployer.js';
import { probeHealth, waitForHealth } from '../local/health-check.js';
import { isStoppedRecord, type LocalProcess, stoppedRecord } from '../local/local-process-store.js';
import { isAppAlive, sharesItsPort, startPythonApp, stopPythonApp } from '../local/python-process.js';
import { rotateLog } from '../local/rotate-log.js';
import { containerLogs, dockerEngineAnswers, runContainer, stopContainer } from './docker-engine.js';

const DEFAULT_HEALTH_TIMEOUT_MS = 30_000;
const LOG_TAIL_LINES = 40;
/** How long the launcher may take to answer `takeover` / `commit` (it only flips a socket option). */
const COMMAND_TIMEOUT_MS = 10_000;

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
  if (recorded === undefined || isStoppedRecord(recorded)) return;
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
  return recorded.kind === 'container' ? !isStoppedRecord(recorded) : isAppAlive(recorded.pid);
}

function prepareLog(ctx: TargetContext): string {
  const logPath = localLogPath(ctx);
  mkdirSync(path.dirname(logPath), { recursive: true });
  rotateLog(logPath);
  return logPath;
}

function healthFailure(url: string, reason: string, logPath: string): string {
  return `The app did not pass its health check at ${url}/health: ${reason}. Its log is ${logPath}`;
}

function lastLines(text: string, lines: number): string {
  return text
    .split('\n')
    .slice(-lines - 1)
    .join('\n');
}

/** Appends a failed start's output to the target's log and returns it. */
function keepStartOutput(startLogPath: string, logPath: string): string {
  let output = '';
  try {
    output = readFileSync(startLogPath, 'utf8');
    appendFileSync(logPath, output);
    rmSync(startLogPath, { force: true });
  } catch {
    // a launcher that was committed after all moved it already
  }
  return output;
}

/**
 * The port a previous app that is no longer running had (so the URL stays), unless another
 * program took it meanwhile: then a new one, said in the deploy log.
 */
async function reclaimPort(ctx: TargetContext, previous: LocalProcess | undefined): Promise<number> {
  if (previous === undefined) return freePort();
  if (await portIsFree(previous.port)) {
    ctx.log(
      `Port ${previous.port} of the previous deploy is free: the app gets it back (same URL ${localUrl(previous.port)})`,
    );
    return previous.port;
  }
  const port = await freePort();
  ctx.log(
    `Port ${previous.port} of the previous deploy is taken by another program; this deploy uses port ${port} (new URL ${localUrl(port)})`,
  );
  return port;
}

/**
 * With a Docker engine (unchanged by the port-sharing of processes): the new container must
 * pass its health check before the previous app is stopped, so it gets a port of its own
 * unless a configured port fixes it (then the previous app is stopped first) or the previous
 * app is no longer running.
 */
async function deployContainer(ctx: DeployContext, previous: LocalProcess | undefined) {
  const configured = configuredPort(ctx);
  const previousRunning = previous !== undefined && isRunning(previous);
  const fixed = configured ?? (previousRunning ? undefined : previous?.port);
  if (fixed !== undefined) await stopRecorded(ctx, previous);
  let port = fixed ?? (await freePort());
  if (configured === undefined && fixed !== undefined) {
    if (await portIsFree(fixed)) {
      ctx.log(
        `Port ${fixed} of the previous deploy is free: the app gets it back (same URL ${localUrl(fixed)})`,
      );
    } else {
      port = await freePort();
      ctx.log(
        `Port ${fixed} of the previous deploy is taken by another program; this deploy uses port ${port} (new URL ${localUrl(port)})`,
      );
    }
  }
  const logPath = prepareLog(ctx);
  const url = localUrl(port);
  const name = await runContainer(ctx, port);
  const record: LocalProcess = {
    projectId: ctx.manifest.id,
    targetId: ctx.target.id,
    kind: 'container',
    pid: 0,
    containerName: name,
    port,
    appDir: ctx.appDir,
    logPath,
    commit: ctx.commit,
    startedAt: new Date().toISOString(),
  };
  ctx.log(`Waiting for ${url}/health`);
  const health = await waitForHealth({ url: `${url}/health`, timeoutMs: healthTimeoutMs(ctx) });
  if (!health.ok) {
    await stopRecorded(ctx, record);
    throw new DeployError(
      healthFailure(url, health.reason, logPath),
      ctx.scrub(tail(logPath, LOG_TAIL_LINES)),
    );
  }
  ctx.log(`Healthy at ${url}`);
  if (fixed === undefined && previous !== undefined && !sameApp(previous, record)) {
    await stopRecorded(ctx, previous);
  }
  ctx.processes.put(record);
  return { url };
}

/** Without a Docker engine: the app runs as a Python process that keeps the target's port. */
async function deployProcess(ctx: DeployContext, previous: LocalProcess | undefined) {
  ctx.log('No Docker engine answered; the app runs as a Python process');
  const configured = configuredPort(ctx);
  // The app this deploy replaces once the new one is healthy (none when it was stopped first).
  let running = previous !== undefined && isRunning(previous) ? previous : undefined;
  let port: number;
  if (running === undefined) {
    // Nothing serves the target: the new app takes the configured port, or the previous one back.
    port = configured ?? (await reclaimPort(ctx, previous));
  } else if (running.kind === 'process' && sharesItsPort(running.pid)) {
    port = configured ?? running.port;
    ctx.log(
      port === running.port
        ? `The new app starts beside the running one (pid ${running.pid}) and takes over port ${port} once it is healthy; until then the running app keeps serving ${localUrl(port)}`
        : `The configured port changed to ${port}: the new app starts there, and the running app on ${localUrl(running.port)} stops once the new one is healthy`,
    );
  } else {
    const why =
      running.kind === 'container'
        ? `runs in a container (${running.containerName ?? 'unnamed'})`
        : process.platform === 'linux'
          ? `(pid ${running.pid}) was started by an earlier version of Catalyst`
          : `(pid ${running.pid}) runs on ${process.platform}, where two apps cannot share a port (Linux only)`;
    if (configured !== undefined) {
      port = configured;
      ctx.log(
        `The running app ${why} and cannot share its port: it is stopped first, so ${localUrl(port)} does not answer until the new app is healthy`,
      );
      await stopRecorded(ctx, running);
      running = undefined;
    } else {
      port = await freePort();
      ctx.log(
        `The running app ${why} and cannot share its port: this deploy uses port ${port} (new URL ${localUrl(port)}); the running app stops once the new one is healthy${process.platform === 'linux' ? ', and later deploys keep this port' : ''}`,
      );
    }
  }

  const logPath = prepareLog(ctx);
  const startLogPath = `${logPath}.starting`;
  const startedAt = new Date().toISOString();
  const url = localUrl(port);
  ctx.log(`Starting the app on ${url}`);
  const app = startPythonApp({
    python: await findPython(ctx.env),
    appDir: ctx.appDir,
    port,
    logPath,
    startLogPath,
    env: ctx.env,
    envVars: ctx.manifest.envVars,
    secrets: ctx.secrets,
    banner: `--- catalyst: starting ${ctx.target.id} at ${ctx.commit.slice(0, 7)} (${startedAt}) ---`,
  });
  // A failed start: the new app is stopped, its output (the error's details) joins the target's log.
  const fail = async (message: string): Promise<never> => {
    app.release();
    await stopPythonApp(app.pid);
    const output = keepStartOutput(startLogPath, logPath);
    throw new DeployError(message, ctx.scrub(lastLines(output, LOG_TAIL_LINES)));
  };

  // The health check goes to the new app's private probe port: the shared port still
  // sends every request to the running app.
  ctx.log(`Waiting for ${url}/health (asked on the new app's own probe port until it takes over)`);
  const timeoutMs = healthTimeoutMs(ctx);
  const since = Date.now();
  const listening = await app.report('listening', timeoutMs);
  const probePort = listening?.probePort;
  if (typeof probePort !== 'number') {
    const reason = app.exited()
      ? 'the app exited'
      : `no healthy answer within ${Math.round(timeoutMs / 1000)}s (last: it did not start listening)`;
    return fail(healthFailure(url, reason, logPath));
  }
  const health = await waitForHealth({
    url: `${localUrl(probePort)}/health`,
    timeoutMs,
    since,
    exited: app.exited,
  });
  if (!health.ok) return fail(healthFailure(url, health.reason, logPath));

  if ((await app.command('takeover', 'took-over', COMMAND_TIMEOUT_MS)) === undefined) {
    return fail(
      `The new app passed its health check but ${app.exited() ? 'exited' : 'did not answer'} when it was to take over ${url}; the previous app keeps serving. Its log is ${logPath}`,
    );
  }
  if (running !== undefined) {
    await stopRecorded(ctx, running);
    ctx.log(
      running.port === port
        ? `The new app took over ${url}; the previous app (pid ${running.pid}) was stopped`
        : `The new app serves ${url}; the previous app on ${localUrl(running.port)} was stopped`,
    );
  }
  if ((await app.command('commit', 'committed', COMMAND_TIMEOUT_MS)) === undefined) {
    return fail(
      `The new app ${app.exited() ? 'exited' : 'stopped answering'} right after it took over ${url}, when the previous app was already stopped: the target is down until a deploy or \`catalyst restart\` succeeds. Its log is ${logPath}`,
    );
  }
  app.release();
  ctx.log(`Healthy at ${url}`);
  const record: LocalProcess = {
    projectId: ctx.manifest.id,
    targetId: ctx.target.id,
    kind: 'process',
    pid: app.pid,
    port,
    appDir: ctx.appDir,
    logPath,
    commit: ctx.commit,
    startedAt,
  };
  ctx.processes.put(record);
  return { url };
}

/**
 * `docker` targets run here. With a Docker engine the app is built and run as a container;
 * without one the generated app runs as a managed Python process.
 *
 * A process keeps its port across deploys, and the previous app keeps serving until the new
 * one is healthy: the new app shares the port (SO_REUSEPORT, see local/catalyst_serve.py)
 * while every new connection still goes to the old one, is health-checked on a private probe
 * port, then takes the port's traffic over; only then is the old app stopped. A failed deploy
 * stops the new app and leaves the old one serving on the same port. An old app that cannot
 * share its port (started by an earlier Catalyst, or a container) is replaced as before: on a
 * port of the new app's own, or stopped first when `platformConfig.port` fixes the port.
 */
export const localDeployer: Deployer = {
  platform: 'docker',

  async preflight() {
    // Nothing to log in to; the interpreter is probed (findPython) when the app starts.
  },

  async deploy(ctx: DeployContext) {
    const previous = ctx.processes.get(ctx.manifest.id, ctx.target.id);
    if (await dockerEngineAnswers(ctx)) return deployContainer(ctx, previous);
    return deployProcess(ctx, previous);
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
    // The record stays, marked stopped: the next deploy takes the same port (and URL) back.
    if (recorded !== undefined) ctx.processes.put(stoppedRecord(recorded));
  },
};
