import { spawn } from 'node:child_process';
import { childEnv } from '../store/child-env.js';

export interface ProcessResult {
  code: number | null;
  /** stdout and stderr interleaved as they arrived (capped). */
  output: string;
  timedOut: boolean;
  /** Set when the program could not be started at all (e.g. ENOENT). */
  spawnError?: string;
}

const OUTPUT_CAP = 256 * 1024;

/**
 * Runs a program to completion; never throws for a failing program — callers report it.
 * `env` is the child's environment built with childEnv; without it the child gets an app's
 * basics of this process's environment.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ProcessResult> {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    const child = spawn(command, args, {
      cwd: options.cwd,
      // Security: even a caller's own environment loses Catalyst's internals (the passphrase).
      env: options.env === undefined ? childEnv(process.env) : childEnv(options.env, { inherit: 'user' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const append = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_CAP);
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.once('error', (error) => {
      if (timer) clearTimeout(timer);
      resolve({ code: null, output, timedOut, spawnError: error.message });
    });
    child.once('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}

/** The last `n` non-empty lines of output, for error messages that stay readable. */
export function tail(text: string, n = 30): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.slice(-n).join('\n');
}
