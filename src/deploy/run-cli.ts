import { spawn } from 'node:child_process';
import { childEnv } from '../store/child-env.js';
import type { Scrubber } from './scrub.js';

export interface CliCall {
  /** Executable name or path; run directly, never through a shell (no quoting pitfalls, no injection). */
  command: string;
  args: readonly string[];
  cwd?: string;
  /** The child's whole environment. */
  env: NodeJS.ProcessEnv;
  /** Written to the child's stdin, then stdin is closed. This is how secret values travel. */
  input?: string;
  /** Each output line (stdout and stderr), already scrubbed, as it arrives. */
  onLine?: (line: string) => void;
  scrub: Scrubber;
  timeoutMs?: number;
  /** Aborting it stops the child (SIGTERM): how a followed log (`logs --follow`) ends. */
  signal?: AbortSignal;
}

export interface CliResult {
  /** Exit code; null when the process could not start or was killed. */
  code: number | null;
  /** The executable was not found on PATH. */
  notFound: boolean;
  timedOut: boolean;
  /** stdout and stderr interleaved as they arrived, scrubbed. */
  output: string;
  /** stdout alone, scrubbed (for commands whose answer we parse). */
  stdout: string;
}

const DEFAULT_TIMEOUT_MS = 30 * 60_000;

/** Runs a platform CLI, streaming its output line by line; never rejects. */
export function runCli(call: CliCall): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(call.command, [...call.args], {
      cwd: call.cwd,
      env: childEnv(call.env, { inherit: 'user' }),
      shell: false,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let stdout = '';
    let notFound = false;
    let timedOut = false;
    const pending = { out: '', err: '' };
    const emit = (line: string) => {
      const clean = call.scrub(line);
      output += `${clean}\n`;
      call.onLine?.(clean);
    };
    const feed = (key: 'out' | 'err', chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (key === 'out') stdout += text;
      const lines = (pending[key] + text).split(/\r?\n/);
      pending[key] = lines.pop() ?? '';
      for (const line of lines) emit(line);
    };
    child.stdout.on('data', (c: Buffer) => feed('out', c));
    child.stderr.on('data', (c: Buffer) => feed('err', c));
    child.stdin.on('error', () => {
      // The CLI may exit without reading stdin (e.g. not logged in); that is not our error.
    });
    child.stdin.end(call.input ?? '');
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, call.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const abort = () => child.kill('SIGTERM');
    if (call.signal?.aborted) abort();
    else call.signal?.addEventListener('abort', abort, { once: true });
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') notFound = true;
      else emit(err.message);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', abort);
      for (const key of ['out', 'err'] as const) if (pending[key] !== '') emit(pending[key]);
      resolve({ code, notFound, timedOut, output, stdout: call.scrub(stdout) });
    });
  });
}
