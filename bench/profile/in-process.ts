import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runJsonChild } from '../lib/child-json.js';
import { pythonPath } from '../lib/machine.js';

const DRIVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'asgi_profile.py');

export interface InProcessOptions {
  appDir: string;
  /** `main:app` */
  app: string;
  path: string;
  requests: number;
  body: string;
  /** Also run under cProfile and return the top `top` functions. */
  profile?: { top: number };
  env?: Record<string, string>;
}

export interface InProcessResult {
  usPerRequest: number;
  cpuUsPerRequest: number;
  /** pstats text (by own time, then cumulative), paths shortened; only with `profile`. */
  profile?: string;
}

/** Shortens absolute paths in pstats output: the app's own files relative to it, Python's by package. */
export function shortenProfile(text: string, appDir: string): string {
  return text
    .split(`${appDir}/`)
    .join('')
    .replace(/\/usr\/lib\/python3(?:\.\d+)?\/(?:dist-packages\/)?/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Drives the app's ASGI callable in a Python process (bench/profile/asgi_profile.py): the
 * server-side cost of one request without the HTTP server and the load generator around it.
 */
export async function runInProcess(opts: InProcessOptions): Promise<InProcessResult> {
  const args = [
    DRIVER,
    opts.appDir,
    opts.app,
    opts.path,
    '--requests',
    String(opts.requests),
    '--body',
    opts.body,
  ];
  if (opts.profile) args.push('--profile', '--top', String(opts.profile.top));
  const { result: r, stderr } = await runJsonChild<{ us_per_request: number; cpu_us_per_request: number }>(
    pythonPath(),
    args,
    {
      cwd: opts.appDir,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...opts.env },
      timeoutMs: 300_000,
      name: `in-process driver on ${opts.path}`,
    },
  );
  const result: InProcessResult = { usPerRequest: r.us_per_request, cpuUsPerRequest: r.cpu_us_per_request };
  if (opts.profile) result.profile = shortenProfile(stderr, opts.appDir);
  return result;
}
