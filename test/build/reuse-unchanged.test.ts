import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPlan } from '../../src/build/compile-app.js';
import { generateApp } from '../../src/build/generate.js';
import type { PipelineEvent } from '../../src/build/pipeline-events.js';
import { LOCK_FILE } from '../../src/compiler/lock.js';
import { readTree } from '../support/file-tree.js';
import { runCli, sandbox } from './cli-harness.js';

let box: Awaited<ReturnType<typeof sandbox>>;
let project: string;

beforeAll(async () => {
  box = await sandbox();
  project = join(box.root, 'demo');
  const init = await runCli(['init', project, '--example', '--name', 'demo'], box.env, box.root);
  expect(init.code, init.stderr).toBe(0);
});
afterAll(async () => {
  await box.cleanup();
});

function generate(outDir: string, events?: PipelineEvent[]) {
  return generateApp({
    projectDir: project,
    targetId: 'local',
    outDir,
    ...(events ? { onEvent: (e: PipelineEvent) => events.push(e) } : {}),
  });
}

const detail = (events: PipelineEvent[], stage: string) =>
  events.flatMap((e) => (e.stage === stage && e.status === 'done' ? [e.detail] : []))[0];

describe('regeneration with unchanged inputs', () => {
  it('records the inputs in the lock and reuses the app: same files, same result, nothing touched', async () => {
    const out = join(box.root, 'reuse');
    const first = await generate(out);
    const lock = JSON.parse(await readFile(join(out, LOCK_FILE), 'utf8'));
    expect(lock.inputs).toMatch(/^sha256:[0-9a-f]{64}$/);
    const mainBefore = await stat(join(out, 'main.py'));

    const events: PipelineEvent[] = [];
    const second = await generate(out, events);
    expect(detail(events, 'validate')).toMatch(
      /workflow files?, inputs unchanged since the last generation$/,
    );
    expect(detail(events, 'render')).toBe(`${first.app.files.length} files, reused from ${out}`);
    expect(detail(events, 'write')).toBe(`unchanged, nothing rewritten in ${out}`);
    expect(first.app.kind).toBe('generated');
    expect(second.app.kind).toBe('reused');
    expect(second.app.files).toEqual(first.app.files);
    expect(second.app.lock).toEqual(first.app.lock);
    expect(second.summary).toMatchObject({
      ...first.summary,
      written: 0,
      unchanged: true,
      stages: expect.any(Object),
      totalMs: expect.any(Number),
    });
    expect((await stat(join(out, 'main.py'))).mtimeMs).toBe(mainBefore.mtimeMs);
    // The plan is still there for callers that need it (secrets, env), made from the same inputs.
    expect(appPlan(second.app)).toEqual(appPlan(first.app));
  });

  it('a hand-edited generated file is regenerated, and only it is rewritten; the user’s own files stay', async () => {
    const out = join(box.root, 'edited');
    await generate(out);
    const pristine = await readTree(out);
    await writeFile(join(out, 'main.py'), `${pristine['main.py']}# my edit\n`);
    await writeFile(join(out, 'NOTES.md'), 'mine\n');
    const again = await generate(out);
    expect(again.summary).toMatchObject({ unchanged: false, written: 1 });
    const after = await readTree(out);
    expect(after).toEqual({ ...pristine, 'NOTES.md': 'mine\n' });
  });

  it('a deleted generated file is regenerated', async () => {
    const out = join(box.root, 'deleted');
    await generate(out);
    const pristine = await readTree(out);
    await rm(join(out, 'README.md'));
    const again = await generate(out);
    expect(again.summary).toMatchObject({ unchanged: false, written: 1 });
    expect(await readTree(out)).toEqual(pristine);
  });

  it('a changed workflow file changes the inputs: the app is regenerated', async () => {
    const out = join(box.root, 'changed');
    await generate(out);
    const lockBefore = JSON.parse(await readFile(join(out, LOCK_FILE), 'utf8'));
    const file = join(project, 'workflows', (await readdir(join(project, 'workflows')))[0]!);
    const original = await readFile(file, 'utf8');
    const workflow = JSON.parse(original);
    workflow.description = 'changed for this test';
    try {
      await writeFile(file, `${JSON.stringify(workflow, null, 2)}\n`);
      const events: PipelineEvent[] = [];
      const again = await generate(out, events);
      expect(detail(events, 'validate')).toMatch(/, no problems$/);
      const lockAfter = JSON.parse(await readFile(join(out, LOCK_FILE), 'utf8'));
      expect(lockAfter.inputs).not.toBe(lockBefore.inputs);
      expect(again.summary.unchanged).toBe(false);
    } finally {
      await writeFile(file, original);
    }
  });
});
