import { type ChildProcess, spawn } from 'node:child_process';
import { CatalystError } from '../errors.js';
import { childEnv } from '../store/child-env.js';
import { tail } from './python-process.js';

export interface StartAppOptions {
  python: string;
  /** The generated app's folder (holds main.py). */
  dir: string;
  host: string;
  port: number;
  /** The app's whole environment, built with childEnv (Catalyst's internals are dropped here again). */
  env: NodeJS.ProcessEnv;
  /** How long the app may take to answer GET /health with 200. */
  healthTimeoutMs?: number;
  /** Each chunk of the server's stdout/stderr as it arrives (the `run` command streams it). */
  onOutput?: (chunk: string) => void;
}

export interface RunningApp {
  url: string;
  child: ChildProcess;
  /** The /health body the app answered with. */
  health: unknown;
  /** Output so far (capped), for error messages. */
  output(): string;
  /** Resolves with the exit code (or signal name) once the server has stopped. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<number | string>;
}

const OUTPUT_CAP = 64 * 1024;

/** Starts `python -m uvicorn main:app` and waits until GET /health answers 200, the process dies, or time runs out. */
export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  const url = `http://${options.host}:${options.port}`;
  const child = spawn(
    options.python,
    ['-m', 'uvicorn', 'main:app', '--host', options.host, '--port', String(options.port)],
    { cwd: options.dir, env: childEnv(options.env, { inherit: 'user' }), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-OUTPUT_CAP);
    options.onOutput?.(text);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exitedWith: number | string | undefined;
  const exited = new Promise<number | string>((resolve) => {
    child.once('error', (error) => {
      exitedWith = `error: ${error.message}`;
      resolve(exitedWith);
    });
    child.once('exit', (code, signal) => {
      exitedWith = code ?? signal ?? 'unknown';
      resolve(exitedWith);
    });
  });
  const stop = async (graceMs = 10_000): Promise<number | string> => {
    if (exitedWith !== undefined) return exitedWith;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const result = await exited;
    clearTimeout(timer);
    return result;
  };

  const deadline = Date.now() + (options.healthTimeoutMs ?? 20_000);
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitedWith !== undefined) {
      throw new CatalystError(
        'io_failed',
        `The app exited (${exitedWith}) before answering GET /health. Its output:\n${tail(output)}`,
      );
    }
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      const text = await response.text();
      if (response.status === 200) {
        return { url, child, health: parseJson(text), output: () => output, exited, stop };
      }
      lastProblem = `GET /health answered ${response.status}: ${text.slice(0, 500)}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  await stop(2_000);
  throw new CatalystError(
    'io_failed',
    `The app did not answer GET /health with 200 within ${Math.round((options.healthTimeoutMs ?? 20_000) / 1000)} s (${lastProblem}). Its output:\n${tail(output)}`,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
