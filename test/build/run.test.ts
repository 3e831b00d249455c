import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/build/free-port.js';
import { runCli, sandbox } from './cli-harness.js';

const BIN = fileURLToPath(new URL('../../bin/catalyst.js', import.meta.url));

let box: Awaited<ReturnType<typeof sandbox>>;
let project: string;

beforeAll(async () => {
  box = await sandbox();
  project = join(box.root, 'demo');
  expect((await runCli(['init', project, '--example', '--name', 'demo'], box.env, box.root)).code).toBe(0);
  // The demo declares API_TOKEN; make main use it so `run` must bring the vault's value.
  const mainFile = join(project, 'workflows', 'main_workflow.json');
  const workflow = JSON.parse(await readFile(mainFile, 'utf8'));
  workflow.nodes.shape.config.fields.token = '{{ secrets.API_TOKEN }}';
  await writeFile(mainFile, JSON.stringify(workflow, null, 2));
});
afterAll(async () => {
  await box.cleanup();
});

async function waitFor<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`nothing after ${ms} ms`);
}

describe('catalyst run', () => {
  it('refuses to start when a secret the app uses has no value, naming it and how to set it', async () => {
    const run = await runCli(
      ['--project', project, 'run', '--target', 'local', '--port', '0'],
      box.env,
      box.root,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'error: The app needs a secret that has no value in this workspace: API_TOKEN. Set it with `printf %s "$VALUE" | catalyst secret set API_TOKEN` (or export it in the environment), then run again.\n',
    );
  });

  it('generates into .catalyst/run/<target>, serves the app with vault secrets, and stops cleanly on SIGTERM', async () => {
    const set = await runCli(
      ['--project', project, 'secret', 'set', 'API_TOKEN'],
      box.env,
      box.root,
      'tok-123',
    );
    expect(set.code, set.stderr).toBe(0);
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [BIN, '--project', project, 'run', '--target', 'local', '--port', String(port)],
      {
        env: box.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const health = await waitFor(async () => {
        const r = await fetch(`http://127.0.0.1:${port}/health`);
        return r.status === 200 ? ((await r.json()) as Record<string, unknown>) : undefined;
      }, 45_000);
      expect(health).toMatchObject({ status: 'healthy', target: 'local' });
      const answer = await fetch(`http://127.0.0.1:${port}/api/main`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 42 }),
      });
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { result: { total: number } }).result.total).toBe(82);
      await waitFor(async () => (stderr.includes('Ctrl+C to stop') ? true : undefined), 5_000);
      expect(stderr).toContain(`Serving demo (local) at http://127.0.0.1:${port} — Ctrl+C to stop\n`);
      await waitFor(async () => (stderr.includes('(main_workflow)') ? true : undefined), 5_000);
      expect(stderr).toContain(`  POST   http://127.0.0.1:${port}/api/main  (main_workflow)\n`);
      expect(await readFile(join(project, '.catalyst', 'run', 'local', 'main.py'), 'utf8')).toContain(
        'FastAPI',
      );
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('Stopped.\n');
    // The server went down with the CLI: nothing answers on the port any more.
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    expect(stderr).not.toContain('tok-123');
  });
});
