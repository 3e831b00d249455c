import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAKE_CLI_DIR } from '../fixtures/deploy-sandbox.js';
import { bareGitEnv, tempDir } from '../store/helpers.js';

const BIN = new URL('../../bin/catalyst.js', import.meta.url).pathname;

interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(argv: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [BIN, ...argv], { cwd, env });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => {
    out.stdout += d;
  });
  child.stderr.on('data', (d) => {
    out.stderr += d;
  });
  child.stdin.end();
  const done = new Promise<Spawned>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ...out }));
  });
  return { child: child as ChildProcess, out, done };
}

const catalyst = (argv: string[], cwd: string, env: NodeJS.ProcessEnv) => start(argv, cwd, env).done;

describe('catalyst logs (a real local deploy)', () => {
  it('redeploys while the app serves, prints the latest lines, and --follow streams a request until SIGINT (exit 0)', async () => {
    const cwd = await tempDir('catalyst-logs-');
    const env: NodeJS.ProcessEnv = {
      ...bareGitEnv(join(cwd, '.home')),
      CATALYST_HOME: join(cwd, '.ws'),
      // The docker stand-in answers like a machine without an engine: the app runs as a Python process.
      PATH: `${FAKE_CLI_DIR}:${process.env.PATH ?? ''}`,
      FAKE_CLI_LOG: join(cwd, 'fake-cli.jsonl'),
    };
    const project = join(cwd, 'demo');
    expect((await catalyst(['init', 'demo', '--example'], cwd, env)).code).toBe(0);
    try {
      const first = await catalyst(['deploy', '--target', 'local', '--json'], project, env);
      expect(first.code, first.stderr).toBe(0);
      expect(JSON.parse(first.stdout).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      // A redeploy while the app serves: the old app keeps serving until the new one is
      // healthy, then the new one takes over the same port.
      const second = await catalyst(['deploy', '--target', 'local', '--json'], project, env);
      expect(second.code, second.stderr).toBe(0);
      const url = JSON.parse(second.stdout).url as string;
      expect((await fetch(`${url}/health`)).status).toBe(200);

      const recent = await catalyst(['logs', '--target', 'local', '--lines', '50'], project, env);
      expect(recent.code, recent.stderr).toBe(0);
      expect(recent.stdout).toContain('--- catalyst: starting local at');
      expect(recent.stdout.trimEnd().split('\n').length).toBeLessThanOrEqual(50);

      const bad = await catalyst(['logs', '--target', 'local', '--lines', 'many'], project, env);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--lines must be a whole number from 1 to 10000, not "many"');

      const follow = start(['logs', '--target', 'local', '--follow', '--lines', '5'], project, env);
      // Its first lines (the tail of the log) arrive before the request is made.
      await expect.poll(() => follow.out.stdout, { timeout: 30_000 }).not.toBe('');
      expect(follow.out.stdout).not.toContain('logs-follow-marker');
      expect((await fetch(`${url}/?probe=logs-follow-marker`)).status).toBe(200);
      await expect.poll(() => follow.out.stdout, { timeout: 30_000 }).toContain('logs-follow-marker');
      follow.child.kill('SIGINT');
      const ended = await follow.done;
      expect(ended.code, ended.stderr).toBe(0);
    } finally {
      await catalyst(['stop', '--target', 'local'], project, env);
    }
  }, 180_000);
});
