import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { childEnv } from '../../store/child-env.js';

export interface StartApp {
  /** An interpreter that can import fastapi and uvicorn (see build/python-interpreter). */
  python: string;
  appDir: string;
  port: number;
  logPath: string;
  /** Catalyst's environment: the app gets only the basics of it (see store/child-env). */
  env: NodeJS.ProcessEnv;
  /** The project's env vars and their values in catalyst.json. */
  envVars: Readonly<Record<string, string>>;
  /** Secret values, given to the app as environment variables of the same name (DESIGN §2). */
  secrets: Readonly<Record<string, string>>;
  /** A first line for this run in the log file. */
  banner: string;
}

export interface StartedApp {
  pid: number;
  /** True once the process has exited (it is expected to keep running). */
  exited: () => boolean;
}

/**
 * Starts `python -m uvicorn main:app` detached, in its own process group, with output
 * appended to the target's log file, so it outlives the CLI and can be stopped as a group.
 */
export function startPythonApp(start: StartApp): StartedApp {
  const fd = openSync(start.logPath, 'a');
  writeSync(fd, `${start.banner}\n`);
  const env = childEnv(start.env, {
    envVars: Object.entries(start.envVars),
    set: { ...start.secrets, PORT: String(start.port) },
  });
  const child = spawn(
    start.python,
    ['-m', 'uvicorn', 'main:app', '--host', '127.0.0.1', '--port', String(start.port)],
    { cwd: start.appDir, env, detached: true, stdio: ['ignore', fd, fd] },
  );
  closeSync(fd);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  child.on('error', () => {
    exited = true;
  });
  child.unref();
  return { pid: child.pid ?? -1, exited: () => exited };
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
    return cmdline.includes('uvicorn');
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
