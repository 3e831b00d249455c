import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { bareGitEnv, demoFolder, tempDir } from '../store/helpers.js';

const BIN = fileURLToPath(new URL('../../bin/catalyst.js', import.meta.url));
/** Far longer than any of these commands needs; a command still running then is hung. */
const HUNG_AFTER_MS = 45_000;

interface Finished {
  code: number | null;
  stderr: string;
  /** True when the process had to be killed: it never ended on its own. */
  hung: boolean;
}

const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

function exited(child: ChildProcess, output: () => string): Promise<Finished> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ code: null, stderr: output(), hung: true });
    }, HUNG_AFTER_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, stderr: output(), hung: false });
    });
  });
}

/** `catalyst ...args` as a real process, killed if it does not end by itself. */
async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return exited(child, () => stderr);
}

async function cliEnv(): Promise<NodeJS.ProcessEnv> {
  const home = await tempDir('catalyst-home-');
  return { ...bareGitEnv(home), CATALYST_HOME: join(home, '.catalyst') };
}

describe('catalyst init refuses folders it cannot or must not use, at once', () => {
  it('refuses a folder under /proc instead of spinning forever', async () => {
    const result = await cli(['init', '/proc/self/x', '--name', 'x'], await cliEnv());
    expect(result.hung).toBe(false);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'Refusing to create a project in /proc/self/x: /proc is a system folder of the operating system',
    );
  });

  it('refuses /sys and /dev too', async () => {
    const env = await cliEnv();
    for (const dir of ['/sys/x', '/dev/shm/../x']) {
      const result = await cli(['init', dir, '--name', 'x'], env);
      expect(result.code, dir).toBe(1);
      expect(result.stderr, dir).toMatch(
        /Refusing to create a project in \/(sys|dev)\/x: \/(sys|dev) is a system folder/,
      );
    }
  });

  it('refuses a path through a file, saying which part is a file', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'notes.txt'), 'hello');
    const result = await cli(['init', join(dir, 'notes.txt', 'app'), '--name', 'x'], await cliEnv());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `Cannot create a project in ${join(dir, 'notes.txt', 'app')}: ${join(dir, 'notes.txt')} is a file, not a folder.`,
    );
  });
});

describe('catalyst generate refuses a dangerous --out at once', () => {
  const args = (project: string, out: string) => [
    'generate',
    '--project',
    project,
    '--target',
    'local',
    '--out',
    out,
  ];

  it('refuses the root of the file system without walking it', async () => {
    const project = await demoFolder();
    const result = await cli(args(project, '/'), await cliEnv());
    expect(result.hung).toBe(false);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Refusing to write the app to /: it is the root of the file system.');
  });

  it('refuses $HOME, the project folder, a folder holding the project, and /proc', async () => {
    const project = await demoFolder();
    const env = await cliEnv();
    await writeFile(join(env['HOME']!, 'diary.txt'), 'mine');
    const cases: Array<[string, string]> = [
      [env['HOME']!, `Refusing to write the app to ${env['HOME']}: it is your home folder.`],
      [project, `Refusing to write the app to ${project}: it is the project folder itself.`],
      [
        join(project, '..'),
        `Refusing to write the app to ${join(project, '..')}: it holds the project folder.`,
      ],
      ['/proc/self/out', 'Refusing to write the app to /proc/self/out: /proc is a system folder'],
    ];
    for (const [out, message] of cases) {
      const result = await cli(args(project, out), env);
      expect(result.code, out).toBe(1);
      expect(result.stderr, out).toContain(message);
    }
    expect(await readdir(env['HOME']!)).toContain('diary.txt');
  });

  it('refuses a non-empty folder it did not make from its top level alone, never listing below', async () => {
    const project = await demoFolder();
    const out = await tempDir('catalyst-out-');
    // A tree deeper than PATH_MAX: listing it would fail (ENAMETOOLONG) instead of refusing.
    const part = 'd'.repeat(200);
    const made = spawnSync('bash', [
      '-c',
      `cd "$1" && for i in $(seq 1 30); do mkdir ${part} && cd ${part}; done`,
      '_',
      out,
    ]);
    expect(made.status).toBe(0);
    try {
      const result = await cli(args(project, out), await cliEnv());
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `Refusing to write into ${out}: the folder is not empty and has no catalyst.lock.json`,
      );
    } finally {
      // GNU rm walks relative to each folder; Node's rm would hit the same PATH_MAX.
      spawnSync('rm', ['-rf', out]);
    }
  });
});

describe('the studio as a real process', () => {
  it('refuses a project folder under /proc with 400, and exits 0 on SIGTERM', async () => {
    const env = await cliEnv();
    const child = spawn(process.execPath, [BIN, 'studio', '--port', '0', '--no-open'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const done = exited(child, () => stderr);
    await expect.poll(() => stderr, { timeout: 30_000 }).toMatch(/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/);
    const url = new URL(/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(stderr)![0]);
    const headers = {
      'x-catalyst-token': url.searchParams.get('token')!,
      'content-type': 'application/json',
    };
    // An open event stream must not keep the studio from stopping.
    const events = await fetch(`${url.origin}/api/events?token=${url.searchParams.get('token')}`);
    expect(events.status).toBe(200);
    const res = await fetch(`${url.origin}/api/projects`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'x', folder: '/proc/self' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: expect.stringContaining('Refusing to create a project in /proc/self: /proc is a system folder'),
      problems: [{ path: '$.folder', field: 'folder' }],
    });
    child.kill('SIGTERM');
    const result = await done;
    expect(result.hung).toBe(false);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Studio stopped.');
  });
});
