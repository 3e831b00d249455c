/**
 * `catalyst test` (DESIGN §12) on the demo project: its examples pass through the generated
 * app's harness; a broken one fails with exit 1 and its first difference; `--json` has exactly
 * the documented shape; `--workflow` and `--target` filter; mocks really replace the node; bad
 * examples are validation errors with file, path and message before anything is generated;
 * the generated tests/test_examples.py passes and fails the same under pytest, and
 * `generate --verify` runs it.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../src/build/python-process.js';
import { testDir } from '../../src/build/test-examples.js';
import { runCli, sandbox } from './cli-harness.js';

const PYTHON = process.env['CATALYST_PYTHON'] ?? '/usr/bin/python3';
const FIRST = 'user 42 totals three orders';
const MOCKED = 'extract_data mocked: one big order';

let box: Awaited<ReturnType<typeof sandbox>>;
let project: string;
let original: string;

const mainFile = () => join(project, 'workflows', 'main_workflow.json');
const cli = (...argv: string[]) => runCli(['--project', project, ...argv], box.env, box.root);

// biome-ignore lint/suspicious/noExplicitAny: tests edit the workflow file's raw JSON
async function editMain(edit: (main: any) => void): Promise<void> {
  const main = JSON.parse(original);
  edit(main);
  await writeFile(mainFile(), JSON.stringify(main, null, 2));
}

function pytestExamples(dir: string) {
  return runProcess(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests/test_examples.py'], {
    cwd: dir,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    timeoutMs: 120_000,
  });
}

beforeAll(async () => {
  box = await sandbox();
  project = join(box.root, 'demo');
  expect((await runCli(['init', project, '--example', '--name', 'demo'], box.env, box.root)).code).toBe(0);
  original = await readFile(mainFile(), 'utf8');
});
afterAll(async () => {
  await box.cleanup();
});

describe('catalyst test', () => {
  it('bad examples are validation errors with file, path and message, and nothing is generated', async () => {
    try {
      await editMain((main) => {
        main.examples[0].expect.status = 999;
      });
      const status = await cli('test');
      expect(status.code).toBe(1);
      expect(status.stderr).toContain(
        'workflows/main_workflow.json cannot be read: $.examples[0].expect.status: expect.status must be an HTTP status code from 100 to 599',
      );

      await editMain((main) => {
        main.examples[1].mocks = { extrakt: {} };
        main.examples[0].input = { userId: 'abc' };
      });
      const run = await cli('test');
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('workflows/main_workflow.json');
      expect(run.stderr).toContain('$.examples[0].input');
      expect(run.stderr).toContain('$.userId must be of type integer, not string');
      expect(run.stderr).toContain('$.examples[1].mocks.extrakt');
      expect(run.stderr).toContain("(did you mean 'extract'?)");
      expect(existsSync(testDir(project, 'local'))).toBe(false);
    } finally {
      await writeFile(mainFile(), original);
    }
  });

  it('passes on a fresh demo: one line per example, exit 0; the generated pytest passes too', async () => {
    const run = await cli('test');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      `PASS  main_workflow › ${FIRST}\nPASS  main_workflow › ${MOCKED}\n2 passed, 0 failed\n`,
    );
    const pytest = await pytestExamples(testDir(project, 'local'));
    expect(pytest.code, pytest.output).toBe(0);
    expect(pytest.output).toContain('2 passed');
  });

  it('--json prints exactly {passed, failed, results}', async () => {
    const run = await cli('test', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      passed: 2,
      failed: 0,
      results: [
        { workflow: 'main_workflow', example: FIRST, ok: true },
        { workflow: 'main_workflow', example: MOCKED, ok: true },
      ],
    });
  });

  it('a broken example fails with exit 1 and its first difference; pytest fails the same way', async () => {
    await editMain((main) => {
      main.examples[0].expect.body.result.total = 81;
    });
    const run = await cli('test');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      `FAIL  main_workflow › ${FIRST}\n      $.result.total: expected 81, got 82\nPASS  main_workflow › ${MOCKED}\n1 passed, 1 failed\n`,
    );
    const json = await cli('test', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      passed: 1,
      failed: 1,
      results: [
        {
          workflow: 'main_workflow',
          example: FIRST,
          ok: false,
          diff: { path: '$.result.total', expected: 81, actual: 82 },
        },
        { workflow: 'main_workflow', example: MOCKED, ok: true },
      ],
    });
    const pytest = await pytestExamples(testDir(project, 'local'));
    expect(pytest.code).toBe(1);
    expect(pytest.output).toContain('1 failed, 1 passed');
    expect(pytest.output).toContain('$.result.total: expected 81, got 82');
    await writeFile(mainFile(), original);
  });

  it('mocks replace the node: without its mock the mocked example sees the real extract_data', async () => {
    await editMain((main) => {
      delete main.examples[1].mocks;
    });
    const run = await cli('test', '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).results[1]).toEqual({
      workflow: 'main_workflow',
      example: MOCKED,
      ok: false,
      diff: { path: '$.result.customer', expected: 'Mocked customer', actual: 'User 7' },
    });
    await writeFile(mainFile(), original);
  });

  it('a status difference is reported first, with the error of the run', async () => {
    await editMain((main) => {
      main.examples[0].input = { userId: 0 };
      main.examples[0].expect = { status: 400, body: { problems: [{ path: '$.userId' }] } };
      main.examples[1].expect = { status: 201 };
    });
    const run = await cli('test');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      `PASS  main_workflow › ${FIRST}\nFAIL  main_workflow › ${MOCKED}\n      status: expected 201, got 200\n1 passed, 1 failed\n`,
    );
    await writeFile(mainFile(), original);
  });

  it('--workflow runs one workflow (internal ones too); --target filters; a mismatch is an error', async () => {
    const processFile = join(project, 'workflows', 'process_results.json');
    const before = await readFile(processFile, 'utf8');
    const process = JSON.parse(before);
    process.examples = [
      {
        name: 'sums lines',
        input: { orders: [{ quantity: 2, unitPrice: 3 }] },
        expect: { body: { total: 6 } },
      },
    ];
    await writeFile(processFile, JSON.stringify(process, null, 2));
    try {
      const only = await cli('test', '--workflow', 'process_results', '--json');
      expect(only.code, only.stderr).toBe(0);
      expect(JSON.parse(only.stdout)).toEqual({
        passed: 1,
        failed: 0,
        results: [{ workflow: 'process_results', example: 'sums lines', ok: true }],
      });
      const main = await cli('test', '--workflow', 'wf_main', '--json');
      expect(JSON.parse(main.stdout).results.map((r: { example: string }) => r.example)).toEqual([
        FIRST,
        MOCKED,
      ]);

      const all = await cli('test', '--target', 'local', '--json');
      expect(JSON.parse(all.stdout).passed).toBe(3);
      const none = await cli('test', '--target', 'production', '--json');
      expect(none.code).toBe(0);
      expect(JSON.parse(none.stdout)).toEqual({ passed: 0, failed: 0, results: [] });
      expect(none.stderr).toContain('No examples to run');

      const mismatch = await cli('test', '--workflow', 'process_results', '--target', 'production');
      expect(mismatch.code).toBe(1);
      expect(mismatch.stderr).toContain('Workflow "process_results" belongs to target local, not production');
      const unknown = await cli('test', '--target', 'nowhere');
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('No deployment target "nowhere"');
    } finally {
      await writeFile(processFile, before);
    }
  });
});

describe('generate --verify runs the generated examples', () => {
  it('passes on the demo and fails, naming the difference, when an example is broken', async () => {
    const good = await cli('generate', '--target', 'local', '--out', join(box.root, 'good'), '--verify');
    expect(good.code, good.stderr).toBe(0);
    expect(existsSync(join(box.root, 'good', 'tests', 'test_examples.py'))).toBe(true);

    await editMain((main) => {
      main.examples[1].expect.body.result.total = 99;
    });
    const bad = await cli('generate', '--target', 'local', '--out', join(box.root, 'bad'), '--verify');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('the generated tests failed');
    expect(bad.stderr).toContain('$.result.total: expected 99, got 100');
    await writeFile(mainFile(), original);
  });
});
