import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bareGitEnv, tempDir } from '../store/helpers.js';

const BIN = new URL('../../bin/catalyst.js', import.meta.url).pathname;

interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real CLI as a user runs it: `node bin/catalyst.js …` in its own process. */
function catalyst(
  argv: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; stdin?: string },
): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: options.cwd, env: options.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

describe('the catalyst binary', () => {
  it('init demo --example, then validate --project demo exits 0; a broken demo exits 1', async () => {
    const cwd = await tempDir('catalyst-e2e-');
    // No git identity at all: the store's fallback identity makes the first commit.
    const env = { ...bareGitEnv(join(cwd, '.home')), CATALYST_HOME: join(cwd, '.ws') };
    const init = await catalyst(['init', 'demo', '--example'], { cwd, env });
    expect(init.stderr).toMatch(/^Created project demo in .*\/demo \(commit [0-9a-f]{7}\)\./);
    expect(init.code).toBe(0);

    const ok = await catalyst(['validate', '--project', 'demo'], { cwd, env });
    expect(ok).toEqual({ code: 0, stdout: '', stderr: '✓ demo is valid (3 workflows, 2 targets).\n' });

    await writeFile(join(cwd, 'demo', 'workflows', 'main_workflow.json'), '{"id": "wf_main"');
    const broken = await catalyst(['validate', '--project', 'demo', '--json'], { cwd, env });
    expect(broken.code).toBe(1);
    const report = JSON.parse(broken.stdout);
    expect(report.valid).toBe(false);
    expect(report.problems[0]).toMatchObject({ file: 'workflows/main_workflow.json', path: '$' });
    expect(broken.stderr).toBe('✗ demo: 1 problem.\n');
  });

  it('reads a secret from a real stdin pipe and reveals it; usage errors exit 2', async () => {
    const cwd = await tempDir('catalyst-e2e-');
    const env = { ...bareGitEnv(join(cwd, '.home')), CATALYST_HOME: join(cwd, '.ws') };
    expect((await catalyst(['init', 'p'], { cwd, env })).code).toBe(0);
    const set = await catalyst(['secret', 'set', 'TOKEN', '--project', 'p', '--json'], {
      cwd,
      env,
      stdin: 'piped-value\n',
    });
    expect(set.code).toBe(0);
    expect(set.stdout).not.toContain('piped-value');
    expect(JSON.parse(set.stdout).secret.name).toBe('TOKEN');
    const reveal = await catalyst(['secret', 'reveal', 'TOKEN', '--project', 'p'], { cwd, env });
    expect(reveal).toEqual({ code: 0, stdout: 'piped-value\n', stderr: '' });
    const usage = await catalyst(['workflow', 'create', '--project', 'p'], { cwd, env });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("error: missing required argument 'name'");
  });
});
