/**
 * Examples in the generated app (DESIGN §12): runtime/examples.py matches like the model
 * (the shared table, in one Python process); the harness's `respond` answers the status and
 * body the real endpoint answers over HTTP (typed input 400, output mismatch 500, node
 * failure 500, success), internal workflows alike; the generated tests/test_examples.py
 * survives hostile names and values and fails with the difference; and nothing the server
 * imports reaches the example or harness modules (mocks stay out of HTTP).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type WorkflowHarness } from '../../../src/build/workflow-harness.js';
import type { GeneratedFile } from '../../../src/compiler/types.js';
import type { Example } from '../../../src/model/examples.js';
import type { Project } from '../../../src/model/project-files.js';
import { actualText, MATCH_CASES } from '../../fixtures/example-match-cases.js';
import { HOSTILE_KEY, typedProject } from '../../fixtures/typed-project.js';
import {
  generate,
  PYTHON,
  postJson,
  type RunningApp,
  removeDir,
  runPython,
  startApp,
  writeApp,
} from './support.js';

const HOSTILE_NAME = `big "order"\n\\ '''${HOSTILE_KEY}`;

/** The typed fixture with examples on `order`: one plain, one with a hostile name and key. */
function projectWithExamples(examples: Example[]): Project {
  const project = typedProject();
  project.workflows.find((w) => w.workflow.name === 'order')!.workflow.examples = examples;
  return project;
}

const ORDER = { customer: 'Ada', email: 'ada@example.com', items: [{ sku: 'ABC-1', qty: 2 }] };
const GOOD_EXAMPLES: Example[] = [
  {
    name: 'plain order',
    input: ORDER,
    expect: { status: 200, body: { received: { customer: 'Ada', channel: 'web', items: [{ qty: 2.0 }] } } },
  },
  {
    name: HOSTILE_NAME,
    input: { ...ORDER, [HOSTILE_KEY]: 3 },
    mocks: { echo: { received: { [HOSTILE_KEY]: 'mocked' } } },
    expect: { body: { received: { [HOSTILE_KEY]: 'mocked' } } },
  },
  { name: 'refused', input: { customer: '' }, expect: { status: 400, body: { error: 'Invalid input' } } },
];

let files: GeneratedFile[];
let dir: string;
let app: RunningApp;
let harness: WorkflowHarness;

beforeAll(async () => {
  files = generate(projectWithExamples(GOOD_EXAMPLES));
  dir = writeApp(files);
  harness = await startHarness({ python: PYTHON, dir, env: { ...process.env } });
  // The app last: uvicorn closes an idle kept-alive connection after 5 s, and fetch reuses them.
  app = await startApp(dir);
});

afterAll(async () => {
  await harness?.close();
  await app?.stop();
  if (dir) removeDir(dir);
});

describe('runtime/examples.py', () => {
  it('matches every case of the shared table exactly like the model', () => {
    writeFileSync(
      join(dir, 'match-cases.json'),
      JSON.stringify(
        MATCH_CASES.map((c) => ({ expected: JSON.stringify(c.expected), actual: actualText(c) })),
      ),
    );
    const script = [
      'import json',
      'from runtime.examples import first_difference',
      'out = []',
      'for case in json.load(open("match-cases.json", encoding="utf-8")):',
      '    found = first_difference(json.loads(case["expected"]), json.loads(case["actual"]))',
      '    out.append(None if found is None else found.to_dict())',
      'print(json.dumps(out))',
    ].join('\n');
    const run = runPython(['-c', script], dir);
    expect(run.stderr).toBe('');
    const python = JSON.parse(run.stdout) as unknown[];
    for (const [i, c] of MATCH_CASES.entries()) expect(python[i], c.name).toEqual(c.diff);
  });
});

describe("the harness's respond: what the endpoint would answer", () => {
  const cases: Array<[string, string, unknown]> = [
    ['order', '/api/order', ORDER],
    ['order', '/api/order', { customer: '', items: [{ sku: 'bad', qty: 0 }] }],
    ['broken', '/api/broken', {}],
    ['parent', '/api/parent', { qty: 'x' }],
    ['parent', '/api/parent', { qty: 4 }],
  ];
  for (const [workflow, path, input] of cases) {
    it(`${workflow} ${JSON.stringify(input)}: the same status and body as POST ${path} (without requestId)`, async () => {
      const res = await postJson(`${app.url}${path}`, input);
      const body = (await res.json()) as Record<string, unknown>;
      delete body['requestId'];
      const answer = await harness.respond({ workflow, input });
      expect(answer).toEqual({ status: res.status, body });
    });
  }

  it('statuses across the cases: 200, 400, 500 (output schema), 500 (a failed node)', async () => {
    const statuses = [];
    for (const [workflow, , input] of cases)
      statuses.push((await harness.respond({ workflow, input })).status);
    expect(statuses).toEqual([200, 400, 500, 500, 200]);
  });

  it('an internal workflow answers as if it were public: 400 for input its schema refuses, else 200', async () => {
    expect(await harness.respond({ workflow: 'child', input: { qty: 0 } })).toEqual({
      status: 400,
      body: {
        error: 'Invalid input',
        workflow: 'child',
        problems: [{ path: '$.qty', message: 'must be at least 1' }],
      },
    });
    expect(await harness.respond({ workflow: 'child', input: { qty: 2 } })).toEqual({
      status: 200,
      body: { qty: 4, unit: 'pcs' },
    });
  });

  it('mocks replace the node in respond; an unknown module is an error', async () => {
    const mocked = await harness.respond({
      workflow: 'broken',
      input: {},
      mocks: { sum: { total: 1, lines: [] } },
    });
    expect(mocked).toEqual({ status: 200, body: { total: 1, lines: [] } });
    await expect(harness.respond({ workflow: 'nope', input: {} })).rejects.toThrow('No workflow module nope');
  });
});

describe('the generated tests/test_examples.py', () => {
  it('passes under pytest with hostile names and values; a broken example fails with its difference', () => {
    const pass = runPython(['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests/test_examples.py'], dir);
    expect(pass.status, pass.stdout + pass.stderr).toBe(0);
    expect(pass.stdout).toContain('3 passed');

    const broken = GOOD_EXAMPLES.map((e) => structuredClone(e));
    broken[0]!.expect = { body: { received: { customer: 'Bob' } } };
    const brokenDir = writeApp(generate(projectWithExamples(broken)));
    try {
      const fail = runPython(
        ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests/test_examples.py'],
        brokenDir,
      );
      expect(fail.status).toBe(1);
      expect(fail.stdout).toContain('1 failed, 2 passed');
      expect(fail.stdout).toContain('$.received.customer: expected "Bob", got "Ada"');
    } finally {
      removeDir(brokenDir);
    }
  });

  it('is not written when no workflow has examples', () => {
    expect(files.map((f) => f.path)).toContain('tests/test_examples.py');
    expect(generate(typedProject()).map((f) => f.path)).not.toContain('tests/test_examples.py');
  });

  it("no module the server loads imports the harness or the examples module (mocks can't come over HTTP)", () => {
    const serverModules = files.filter(
      (f) =>
        f.path.endsWith('.py') &&
        !f.path.startsWith('tests/') &&
        f.path !== 'runtime/harness.py' &&
        f.path !== 'runtime/examples.py',
    );
    expect(serverModules.map((f) => f.path)).toContain('main.py');
    const importsThem = serverModules
      .filter((f) => /^\s*(from|import)\s+(runtime\.|\.)?(harness|examples)\b/m.test(f.content))
      .map((f) => f.path);
    expect(importsThem).toEqual([]);
  });
});
