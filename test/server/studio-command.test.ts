import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/catalyst.js', import.meta.url));

describe('catalyst studio', () => {
  let child: ChildProcess | undefined;
  let home = '';
  afterAll(async () => {
    child?.kill('SIGKILL');
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('prints a tokenised loopback URL, serves the demo project, and stops on Ctrl+C', async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'catalyst-studio-cli-'));
    child = spawn(process.execPath, [BIN, 'studio', '--port', '0', '--no-open', '--demo'], {
      env: { ...process.env, CATALYST_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const url = await new Promise<URL>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${stderr}`)), 30_000);
      child!.stderr!.on('data', () => {
        const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}/.exec(stderr);
        if (match) {
          clearTimeout(timer);
          resolve(new URL(match[0]));
        }
      });
    });
    expect(stderr).toContain(`Created the demo project in ${path.join(home, 'projects', 'demo')}.`);
    const token = url.searchParams.get('token')!;
    const res = await fetch(`${url.origin}/api/projects`, { headers: { 'x-catalyst-token': token } });
    const body = (await res.json()) as { projects: Array<{ name: string; workflowCount: number }> };
    expect(body.projects.map((p) => [p.name, p.workflowCount])).toEqual([['demo', 3]]);
    expect((await fetch(`${url.origin}/api/projects`)).status).toBe(401);

    const exit = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(stderr).toContain('Studio stopped.');
  });

  it('refuses a port that is not a number', async () => {
    const out = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, [BIN, 'studio', '--port', 'abc', '--no-open'], {
        env: { ...process.env, CATALYST_HOME: path.join(os.tmpdir(), 'catalyst-unused-home') },
      });
      let stderr = '';
      p.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
      });
      p.on('exit', (code) => resolve({ code, stderr }));
    });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--port must be a whole number from 0 to 65535, not "abc"');
  });
});
