import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../build/free-port.js';
import { findPython } from '../../build/python-interpreter.js';
import { DeployError } from '../deploy-error.js';
import type { DeployContext, Deployer, TargetContext, TargetStatus } from '../deployer.js';
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
 * its health check before the previous one is stopped (unless both need the same fixed
 * port), so a failed deploy leaves the old version serving.
 */
export const localDeployer: Deployer = {
  platform: 'docker',

  async preflight() {
    // Nothing to log in to; the interpreter is probed (findPython) when the app starts.
  },

  async deploy(ctx: DeployContext) {
    const previous = ctx.processes.get(ctx.manifest.id, ctx.target.id);
    const fixed = configuredPort(ctx);
    if (fixed !== undefined) await stopRecorded(ctx, previous);
    const port = fixed ?? (await freePort());
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

  async logs(ctx) {
    const recorded = ctx.processes.get(ctx.manifest.id, ctx.target.id);
    if (recorded?.kind === 'container' && recorded.containerName !== undefined) {
      return containerLogs(ctx, recorded.containerName);
    }
    return ctx.scrub(tail(localLogPath(ctx), 200));
  },

  async stop(ctx) {
    const recorded = ctx.processes.get(ctx.manifest.id, ctx.target.id);
    await stopRecorded(ctx, recorded);
    ctx.processes.remove(ctx.manifest.id, ctx.target.id);
  },
};
