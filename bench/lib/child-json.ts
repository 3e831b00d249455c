import { spawn } from 'node:child_process';

export interface JsonChildOptions {
  cwd: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** How errors name the child, e.g. `server_pair.py`. */
  name: string;
}

/**
 * Runs `command args…`, parses the last line it prints on stdout as JSON and hands back its
 * stderr too (profiles are printed there). Killed after `timeoutMs`; a non-zero exit or a
 * last line that is not JSON rejects with the end of its stderr or stdout.
 */
export function runJsonChild<T>(
  command: string,
  args: readonly string[],
  opts: JsonChildOptions,
): Promise<{ result: T; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      ...(opts.env ? { env: opts.env } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        const why = signal === 'SIGKILL' ? `timed out after ${opts.timeoutMs} ms` : `failed (exit ${code})`;
        return reject(new Error(`${opts.name} ${why}: ${err.trim().slice(-2_000)}`));
      }
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve({ result: JSON.parse(last) as T, stderr: err });
      } catch {
        reject(new Error(`${opts.name} printed no JSON result: ${out.slice(-500)}`));
      }
    });
  });
}

/**
 * Runs a TypeScript entry point in a fresh Node process (through tsx) and parses the last line it
 * prints on stdout as JSON. A fresh process per run keeps maxRSS and the JIT state per run.
 */
export async function runTsJson<T>(
  entry: string,
  /** Passed as they are; the codegen worker takes one JSON argument. */
  args: readonly string[],
  opts: { cwd: string; timeoutMs: number },
): Promise<T> {
  const { result } = await runJsonChild<T>(process.execPath, ['--import', 'tsx', entry, ...args], {
    ...opts,
    name: entry,
  });
  return result;
}
