/**
 * The runtime harness (python -m runtime.harness) is the one process behind `catalyst exec`,
 * `catalyst test` and the studio's warm Run: it takes in changed workflow modules on request
 * (a callee's change reloads its callers too), and a run with a time limit that does not
 * finish kills it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarnessTimeout, startHarness, type WorkflowHarness } from '../../src/build/workflow-harness.js';
import { demoProject } from '../../src/model/demo.js';
import { generate, PYTHON, removeDir, writeApp } from '../compiler/python/support.js';
import { NAP_WORKFLOW } from '../fixtures/nap-workflow.js';

let dir: string;
let harness: WorkflowHarness;

beforeAll(async () => {
  const project = demoProject({ id: 'proj_demo', name: 'demo', now: '2026-01-05T10:00:00.000Z' });
  project.workflows.push({ file: 'workflows/nap.json', workflow: NAP_WORKFLOW });
  dir = writeApp(generate(project, 'local'));
  harness = await startHarness({
    python: PYTHON,
    dir,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
});

afterAll(async () => {
  await harness?.close();
  if (dir) removeDir(dir);
});

const customer = async (userId: number) => {
  const run = await harness.run({ workflow: 'main_workflow', input: { userId } });
  expect(run.status, JSON.stringify(run)).toBe('ok');
  return (run.result as { result: { customer: string } }).result.customer;
};

describe('the runtime harness, kept warm', () => {
  it('reloads a changed callee and the workflow that calls it, in the same process', async () => {
    expect(await customer(3)).toBe('User 3');
    const file = join(dir, 'workflows', 'extract_data.py');
    const source = readFileSync(file, 'utf8');
    const edited = source.replace('"customer": rt_get(input, "name"),', '"customer": "edited",');
    expect(edited).not.toBe(source);
    writeFileSync(file, edited);
    // Not taken in until asked: the module stays imported as it was.
    expect(await customer(3)).toBe('User 3');
    expect(await harness.reload(['extract_data'])).toEqual([
      'workflows.extract_data',
      'workflows.main_workflow',
    ]);
    expect(await customer(3)).toBe('edited');
    expect(harness.alive()).toBe(true);
  });

  it('drops a module whose file is gone, and refuses names that are not module names', async () => {
    expect(await harness.reload(['no_such_workflow'])).toEqual([]);
    await expect(harness.reload(['../main'])).rejects.toThrow('reload takes a list of workflow module names');
    expect(await customer(4)).toBe('edited');
  });

  it('kills the process when a run does not finish within its time limit', async () => {
    const pid = harness.pid;
    const stuck = harness.run({ workflow: 'nap', input: {} }, { timeoutMs: 1_000 });
    await expect(stuck).rejects.toBeInstanceOf(HarnessTimeout);
    expect(harness.alive()).toBe(false);
    await harness.close();
    expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe('the runtime harness, starting', () => {
  it('is killed, with a clear error, when loading the app does not finish within its time limit', async () => {
    const stuck = writeApp(
      generate(demoProject({ id: 'proj_demo', name: 'demo', now: '2026-01-05T10:00:00.000Z' }), 'local'),
    );
    try {
      const main = join(stuck, 'main.py');
      // At the end: main.py opens with `from __future__` imports, which must come first.
      writeFileSync(main, `${readFileSync(main, 'utf8')}\nimport time\ntime.sleep(3600)\n`);
      await expect(
        startHarness({ python: PYTHON, dir: stuck, env: { ...process.env }, startTimeoutMs: 1_000 }),
      ).rejects.toThrow(
        `The workflow runner (python -m runtime.harness in ${stuck}) did not finish loading the app within 1 s and was stopped: something main.py or a module it imports runs at import time does not finish.`,
      );
    } finally {
      removeDir(stuck);
    }
  });
});
