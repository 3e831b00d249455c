import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticProject } from '../../bench/codegen/synthetic-project.js';
import { forgetBuildMemory } from '../../src/build/build-memory.js';
import { compileApp } from '../../src/build/compile-app.js';
import { reuseOutput } from '../../src/build/reuse-output.js';
import { WRITE_JOURNAL } from '../../src/build/write-output.js';
import { LOCK_FILE, type LockFile } from '../../src/compiler/lock.js';
import { CatalystError } from '../../src/errors.js';
import type { Project } from '../../src/model/project-files.js';
import { FAIL_AT_ENV, KILL_AT_ENV } from '../../src/store/test-kill-point.js';
import { readTree } from '../support/file-tree.js';

/**
 * The in-place write of one changed workflow (src/build/write-output.ts writeInPlace), killed
 * with SIGKILL at each of its steps in a separate process: the folder must never hold a mix of
 * old and new files that passes as a complete app, and the next generation must leave exactly
 * the app a full generation makes, with no temp file or journal behind.
 */

const COMPILE = new URL('../../src/build/compile-app.ts', import.meta.url).pathname;
const REPO = new URL('../..', import.meta.url).pathname;
const TARGET = 'production';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'catalyst-incremental-crash-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

async function writeProject(dir: string, project: Project): Promise<void> {
  await mkdir(join(dir, 'workflows'), { recursive: true });
  await writeFile(join(dir, 'catalyst.json'), text(project.manifest));
  for (const { file, workflow } of project.workflows) await writeFile(join(dir, file), text(workflow));
}

const generate = (dir: string, out: string) =>
  compileApp({ from: { kind: 'worktree', dir }, targetId: TARGET, outDir: out });

/** Generates in a new Node process that kills itself (or fails) at `point`; resolves with how it ended. */
function childGenerate(dir: string, out: string, env: Record<string, string>) {
  const script = `
    import { compileApp } from ${JSON.stringify(COMPILE)};
    await compileApp({ from: { kind: 'worktree', dir: ${JSON.stringify(dir)} }, targetId: ${JSON.stringify(TARGET)}, outDir: ${JSON.stringify(out)} })
      .then(() => console.log('finished'), (e) => console.log('failed: ' + e.message));
  `;
  return new Promise<{ signal: string | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.on('exit', (_code, signal) => resolve({ signal, out: stdout }));
  });
}

/** True when the folder passes as a complete app: a lock whose every file is there with its hash. */
async function passesAsApp(out: string): Promise<boolean> {
  const lockText = await readFile(join(out, LOCK_FILE), 'utf8').catch(() => undefined);
  if (lockText === undefined) return false;
  const lock = JSON.parse(lockText) as LockFile;
  for (const [path, hash] of Object.entries(lock.files)) {
    const bytes = await readFile(join(out, path)).catch(() => undefined);
    if (bytes === undefined || `sha256:${createHash('sha256').update(bytes).digest('hex')}` !== hash)
      return false;
  }
  return true;
}

/** The app folder without our journal and temp files. */
async function appFiles(out: string): Promise<Record<string, string>> {
  const tree = await readTree(out);
  return Object.fromEntries(
    Object.entries(tree).filter(([p]) => p !== WRITE_JOURNAL && !p.includes('.catalyst-tmp-')),
  );
}

let counter = 0;
/** A generated app, then one workflow changed and the last one removed (its callee stays). */
async function scene() {
  const n = ++counter;
  const dir = join(root, `project-${n}`);
  const out = join(root, `app-${n}`);
  const project = syntheticProject(7);
  await writeProject(dir, project);
  await generate(dir, out);
  const before = await readTree(out);
  // The expected app after the edit, from an untouched folder.
  const changed = project.workflows[3]!;
  changed.workflow.nodes['shape']!.name = 'Shape input, changed';
  const gone = project.workflows.pop()!;
  await writeFile(join(dir, changed.file), text(changed.workflow));
  await rm(join(dir, gone.file));
  forgetBuildMemory();
  await generate(dir, join(root, `expected-${n}`));
  const after = await readTree(join(root, `expected-${n}`));
  expect(after).not.toEqual(before);
  return { dir, out, before, after };
}

describe('an in-place write killed part-way', () => {
  it.each([
    'output:journal-written',
    'output:temp-written',
    'output:lock-removed',
    'output:file-renamed',
    'output:lock-written',
  ])(
    'killed at %s: never a mixed app that passes as complete; the next generation repairs it',
    async (point) => {
      const { dir, out, before, after } = await scene();
      const ended = await childGenerate(dir, out, { [KILL_AT_ENV]: point });
      expect(ended.signal).toBe('SIGKILL');
      const files = await appFiles(out);
      if (await passesAsApp(out)) {
        // A complete app is wholly the old one or wholly the new one…
        expect([before, after]).toContainEqual(files);
      } else {
        // …otherwise it has no lock at all, and the journal says a write was cut short.
        expect(files[LOCK_FILE]).toBeUndefined();
      }
      // Whatever is there is never reused as it is while the journal is there.
      const lock = JSON.parse(
        (await readFile(join(out, LOCK_FILE), 'utf8').catch(() => '{}')) || '{}',
      ) as Partial<LockFile>;
      if (lock.inputs !== undefined) expect(await reuseOutput(out, lock.inputs)).toBeUndefined();

      // The next generation (in this process) finishes the job.
      const again = await generate(dir, out);
      expect(again.kind).toBe('generated');
      expect(await readTree(out)).toEqual(after);
      // And then it is whole: reused as it is.
      expect((await generate(dir, out)).kind).toBe('reused');
    },
  );

  it('a failure while writing the temp files changes nothing in the app', async () => {
    const { dir, out, before, after } = await scene();
    const ended = await childGenerate(dir, out, { [FAIL_AT_ENV]: 'output:temp-written' });
    expect(ended.signal).toBeNull();
    expect(ended.out).toMatch(/^failed: Could not write the app to .*Nothing there was changed\./);
    expect(await readTree(out)).toEqual(before);
    const again = await generate(dir, out);
    expect(again.kind).toBe('generated');
    expect(await readTree(out)).toEqual(after);
  });

  it('a failed in-place write reaches the caller as a CatalystError', async () => {
    const { dir, out } = await scene();
    process.env[FAIL_AT_ENV] = 'output:lock-removed';
    try {
      await expect(generate(dir, out)).rejects.toBeInstanceOf(CatalystError);
    } finally {
      delete process.env[FAIL_AT_ENV];
    }
    expect(await passesAsApp(out)).toBe(false);
  });
});
