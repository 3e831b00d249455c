import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway PostgreSQL cluster owned by the test that started it. */
export interface PostgresCluster {
  /** A DSN for the `postgres` database over TCP on 127.0.0.1 (trust auth, no password). */
  dsn: string;
  port: number;
  /** Runs SQL through psql as the `postgres` user; throws with psql's message on an error. Returns stdout. */
  psql(sql: string): string;
  /** The server's log so far (connections, disconnections, errors). */
  log(): string;
  /** Stops the server at once and deletes its folder. Safe to call twice. */
  stop(): void;
}

const START_TIMEOUT_S = 15;
const SETUP_HINT = 'Run scripts/setup.sh to install PostgreSQL (it installs the postgresql package).';

/** The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/<major>/bin). */
export function postgresBin(root = '/usr/lib/postgresql'): string {
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const major = majors[0];
  if (major === undefined)
    throw new Error(`PostgreSQL is not installed (no ${root}/*/bin/initdb). ${SETUP_HINT}`);
  return join(root, major, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** PostgreSQL refuses to run as root, so every server-side command runs as the `postgres` system user. */
function asPostgres(command: string, args: string[], cwd: string, timeoutMs: number) {
  const result = spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, LC_ALL: 'C', PGTZ: 'UTC', PGCLIENTENCODING: 'UTF8' },
  });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}. ${SETUP_HINT}`);
  return result;
}

/**
 * initdb + pg_ctl start in a fresh temp folder, listening only on 127.0.0.1 at a free port
 * (and a unix socket inside the folder). Fails with a clear message — never silently — when
 * PostgreSQL is missing or does not come up within 15 s. `settings` are extra server
 * settings (`-c name=value`; values without spaces).
 */
export async function startPostgres(settings: Record<string, string> = {}): Promise<PostgresCluster> {
  const bin = postgresBin();
  const root = mkdtempSync(join(tmpdir(), 'catalyst-pg-'));
  const postgresUser = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const postgresGroup = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (postgresUser.status !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`There is no 'postgres' system user to run PostgreSQL as. ${SETUP_HINT}`);
  }
  const data = join(root, 'data');
  const socketDir = join(root, 'sock');
  const logFile = join(root, 'server.log');
  mkdirSync(socketDir);
  for (const path of [root, socketDir]) {
    chownSync(path, Number(postgresUser.stdout.trim()), Number(postgresGroup.stdout.trim()));
  }
  const port = await freePort();
  let running = false;
  const stop = () => {
    if (running) {
      asPostgres(
        join(bin, 'pg_ctl'),
        ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '10'],
        root,
        15_000,
      );
      running = false;
    }
    rmSync(root, { recursive: true, force: true });
  };
  const fail = (what: string, output: string): never => {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    stop();
    throw new Error(`PostgreSQL could not start: ${what}\n${output}${log}`.trim());
  };

  const init = asPostgres(
    join(bin, 'initdb'),
    [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions',
    ],
    root,
    60_000,
  );
  if (init.status !== 0) fail(`initdb exited with ${init.status ?? init.signal}`, init.stderr + init.stdout);

  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${socketDir}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=40',
    '-c shared_buffers=16MB',
    '-c TimeZone=UTC',
    ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`),
  ].join(' ');
  running = true;
  const start = asPostgres(
    join(bin, 'pg_ctl'),
    ['start', '-D', data, '-l', logFile, '-w', '-t', String(START_TIMEOUT_S), '-o', options],
    root,
    (START_TIMEOUT_S + 5) * 1000,
  );
  if (start.status !== 0) {
    fail(
      `pg_ctl start did not report a running server within ${START_TIMEOUT_S} s (exit ${start.status ?? start.signal})`,
      start.stderr + start.stdout,
    );
  }

  const psql = (sql: string): string => {
    const result = asPostgres(
      join(bin, 'psql'),
      [
        '-X',
        '-q',
        '-A',
        '-t',
        '-v',
        'ON_ERROR_STOP=1',
        '-h',
        socketDir,
        '-p',
        String(port),
        '-d',
        'postgres',
        '-c',
        sql,
      ],
      root,
      15_000,
    );
    if (result.status !== 0)
      throw new Error(`psql failed (exit ${result.status ?? result.signal}): ${result.stderr}`);
    return result.stdout;
  };

  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  return { dsn: `postgresql://postgres@127.0.0.1:${port}/postgres`, port, psql, log, stop };
}
