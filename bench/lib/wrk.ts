import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const LUA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'post.lua');

export interface WrkSettings {
  connections: number;
  threads: number;
  durationS: number;
  /** Run wrk on this CPU only (`taskset -c`), away from the servers it loads (see cpu-pinning.ts). */
  cpu?: number;
}

export interface WrkResult {
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  socketErrors: number;
  httpErrors: number;
}

/** Parses the `CSV,…` line that post.lua's `done` prints. */
export function parseWrkCsv(stdout: string): WrkResult {
  const line = stdout.split('\n').find((l) => l.startsWith('CSV,'));
  if (!line) throw new Error(`wrk printed no CSV line (is post.lua loaded?):\n${stdout.slice(0, 500)}`);
  const f = line.slice(4).split(',').map(Number);
  if (f.length !== 8 || f.some((n) => !Number.isFinite(n)))
    throw new Error(`unreadable wrk CSV line: ${line}`);
  const [rps, p50Ms, p90Ms, p99Ms, maxMs, requests, socketErrors, httpErrors] = f as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return { rps, p50Ms, p90Ms, p99Ms, maxMs, requests, socketErrors, httpErrors };
}

/** Runs wrk in its own process (the load generator never shares the server's event loop). */
export function runWrk(url: string, s: WrkSettings, body: string): Promise<WrkResult> {
  const args = [
    `-t${s.threads}`,
    `-c${s.connections}`,
    `-d${s.durationS}s`,
    '--timeout',
    '10s',
    '-s',
    LUA,
    url,
  ];
  return new Promise((resolve, reject) => {
    const [command, argv] =
      s.cpu === undefined ? ['wrk', args] : ['taskset', ['-c', String(s.cpu), 'wrk', ...args]];
    const child = spawn(command, argv, {
      env: { ...process.env, WRK_BODY: body },
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
    const killer = setTimeout(() => child.kill('SIGKILL'), (s.durationS + 30) * 1000);
    child.on('error', (e) => {
      clearTimeout(killer);
      reject(new Error(`cannot run wrk (${e.message}); install it: apt-get install wrk`));
    });
    child.on('close', (code) => {
      clearTimeout(killer);
      if (code !== 0) return reject(new Error(`wrk exited ${code}: ${err || out}`));
      try {
        resolve(parseWrkCsv(out));
      } catch (e) {
        reject(e);
      }
    });
  });
}
