import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from './free-port.js';
import { pythonPath } from './machine.js';

/**
 * The server settings every Python app in these benchmarks runs with — the generated apps, the
 * hand-written baseline and the n8n kit's reference app alike: one uvicorn process, the asyncio
 * loop and the h11 parser (the pure-Python pair Debian's stack always has), no access log.
 */
export const UVICORN_FLAGS = [
  '--loop',
  'asyncio',
  '--http',
  'h11',
  '--no-access-log',
  '--log-level',
  'warning',
];

export interface PythonServer {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** Folder holding the module. */
  cwd: string;
  /** `main:app` */
  app: string;
  /** Path that answers 2xx once the app is ready. */
  readyPath: string;
  env?: Record<string, string>;
  /** Gets the chosen port, e.g. to tell an app its own URL. */
  envForPort?: (port: number) => Record<string, string>;
  readyTimeoutMs?: number;
}

export function uvicornCommand(app: string, port: number): string[] {
  return ['-m', 'uvicorn', app, '--host', '127.0.0.1', '--port', String(port), ...UVICORN_FLAGS];
}

async function waitReady(
  url: string,
  child: ChildProcess,
  logs: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`server exited with ${child.exitCode} before it was ready:\n${logs()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready at ${url} after ${timeoutMs} ms:\n${logs()}`);
}

/** Starts uvicorn on a free 127.0.0.1 port and waits until `readyPath` answers. */
export async function servePython(opts: ServeOptions): Promise<PythonServer> {
  const port = await freePort();
  const child = spawn(pythonPath(), uvicornCommand(opts.app, port), {
    cwd: opts.cwd,
    env: {
      ...process.env,
      PYTHONDONTWRITEBYTECODE: '1',
      ...opts.env,
      ...opts.envForPort?.(port),
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  const keep = (d: Buffer) => {
    logs = (logs + d.toString()).slice(-4_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
  try {
    await waitReady(`${url}${opts.readyPath}`, child, () => logs, opts.readyTimeoutMs ?? 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, pid: child.pid!, stop };
}
