import { spawn } from 'node:child_process';

/**
 * Runs a TypeScript entry point in a fresh Node process (through tsx) and parses the last line it
 * prints on stdout as JSON. A fresh process per run keeps maxRSS and the JIT state per run.
 */
export function runTsJson<T>(
  entry: string,
  /** Passed as they are; the codegen worker takes one JSON argument. */
  args: readonly string[],
  opts: { cwd: string; timeoutMs: number },
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: opts.cwd,
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
        const why = signal === 'SIGKILL' ? `timed out after ${opts.timeoutMs} ms` : `exited ${code}`;
        return reject(new Error(`${entry} ${why}: ${err.trim().slice(-2_000)}`));
      }
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${entry} printed no JSON result: ${out.slice(-500)}`));
      }
    });
  });
}
