import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { CatalystError } from '../../errors.js';
import { childEnv } from '../../store/child-env.js';

export interface StartApp {
  /** An interpreter that can import fastapi and uvicorn (see build/python-interpreter). */
  python: string;
  appDir: string;
  port: number;
  /** The target's log: the app's output moves there once it is committed. */
  logPath: string;
  /** Where the app writes until then (so a failed start's output is not mixed with the running app's). */
  startLogPath: string;
  /** Catalyst's environment: the app gets only the basics of it (see store/child-env). */
  env: NodeJS.ProcessEnv;
  /** The project's env vars and their values in catalyst.json. */
  envVars: Readonly<Record<string, string>>;
  /** Secret values, given to the app as environment variables of the same name (DESIGN §2). */
  secrets: Readonly<Record<string, string>>;
  /** A first line for this run in the log file. */
  banner: string;
}

/** One JSON line the launcher wrote on its report pipe (see catalyst_serve.py). */
export interface LauncherReport {
  event: string;
  [field: string]: unknown;
}

export interface StartedApp {
  pid: number;
  /** True once the process has exited (it is expected to keep running). */
  exited: () => boolean;
  /** The launcher's next report named `event`; undefined when the app exited (or stopped reporting) or `timeoutMs` passed. */
  report(event: string, timeoutMs: number): Promise<LauncherReport | undefined>;
  /** Sends a command line (`takeover`, `commit`) and waits for its answer, as `report`. */
  command(
    command: 'takeover' | 'commit',
    answer: string,
    timeoutMs: number,
  ): Promise<LauncherReport | undefined>;
  /**
   * Lets go of the app: closes its command and report pipes so this process can exit. A
   * committed app keeps running; one that was not committed stops on its own.
   */
  release(): void;
}

/** Catalyst's launcher (not part of the generated app): serves `main:app` on a port it can share. */
export const LAUNCHER = fileURLToPath(new URL('./catalyst_serve.py', import.meta.url));
const LAUNCHER_NAME = path.basename(LAUNCHER);

/**
 * Starts the app through Catalyst's launcher, detached, in its own process group, so it
 * outlives the CLI and can be stopped as a group. Its output goes to `startLogPath` until
 * `command('commit')`, then to the target's log. The launcher binds `port` shared
 * (SO_REUSEPORT) without taking its traffic, plus a private probe port it reports as
 * `listening`; `command('takeover')` moves new connections to it.
 */
export function startPythonApp(start: StartApp): StartedApp {
  if (!existsSync(LAUNCHER)) {
    throw new CatalystError(
      'io_failed',
      `Catalyst's app launcher ${LAUNCHER} is missing, so no local app can start: reinstall Catalyst.`,
    );
  }
  const fd = openSync(start.startLogPath, 'w');
  writeSync(fd, `${start.banner}\n`);
  const env = childEnv(start.env, {
    envVars: Object.entries(start.envVars),
    set: { ...start.secrets, PORT: String(start.port) },
  });
  let child: ChildProcess;
  try {
    child = spawn(
      start.python,
      [LAUNCHER, 'main:app', String(start.port), start.logPath, start.startLogPath],
      {
        cwd: start.appDir,
        env,
        detached: true,
        stdio: ['pipe', fd, fd, 'pipe'],
      },
    );
  } finally {
    closeSync(fd);
  }
  let exited = false;
  const reports: LauncherReport[] = [];
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const gone = () => {
    exited = true;
    wake();
  };
  child.on('exit', gone);
  child.on('error', gone);
  const commands = child.stdin;
  commands?.on('error', () => {}); // a launcher that exited: its exit is what counts
  const pipe = child.stdio[3] as Readable | null;
  let pending = '';
  pipe?.setEncoding('utf8');
  pipe?.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        const parsed = JSON.parse(line) as LauncherReport;
        if (typeof parsed?.event === 'string') reports.push(parsed);
      } catch {
        // not a report
      }
    }
    wake();
  });
  pipe?.on('error', () => {}); // the launcher's exit (which closes it) is what counts
  child.unref();

  const report = (event: string, timeoutMs: number) =>
    new Promise<LauncherReport | undefined>((resolve) => {
      const check = () => {
        const index = reports.findIndex((r) => r.event === event);
        if (index >= 0) return finish(reports.splice(index, 1)[0]);
        if (exited) finish(undefined);
      };
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      const finish = (value: LauncherReport | undefined) => {
        clearTimeout(timer);
        waiters.delete(check);
        resolve(value);
      };
      waiters.add(check);
      check();
    });

  return {
    pid: child.pid ?? -1,
    exited: () => exited,
    report,
    command(command, answer, timeoutMs) {
      if (exited || commands === null || commands.destroyed) return Promise.resolve(undefined);
      commands.write(`${command}\n`);
      return report(answer, timeoutMs);
    },
    release() {
      commands?.end();
      (commands as Socket | null)?.unref?.();
      pipe?.destroy();
    },
  };
}

/** Whether the app at `pid` was started by the launcher, so a new app can share its port. */
export function sharesItsPort(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .some((arg) => path.basename(arg) === LAUNCHER_NAME);
  } catch {
    return false;
  }
}

/** Whether `pid` is a live process that looks like one of our apps (guards against pid reuse where /proc exists). */
export function isAppAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline === '') return false; // a zombie: exited, not yet reaped
    return cmdline.includes('uvicorn') || cmdline.includes(LAUNCHER_NAME);
  } catch {
    return true;
  }
}

/** Stops the app's process group: SIGTERM, then SIGKILL after a grace period. */
export async function stopPythonApp(pid: number, graceMs = 5_000): Promise<void> {
  if (!isAppAlive(pid)) return;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAppAlive(pid)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  signal('SIGKILL');
}
