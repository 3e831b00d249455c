import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execDir } from '../../src/build/exec-workflow.js';
import { BRANCH_GRAPH } from '../fixtures/branch-workflow.js';
import { DEMO_ANSWER, DEMO_INPUT } from '../fixtures/demo-answer.js';
import { runCli, sandbox } from './cli-harness.js';

const TOKEN = 'tok-exec-7f3a9';

let box: Awaited<ReturnType<typeof sandbox>>;
let project: string;

/** An internal workflow with a condition: `flag == 'yes'` runs Big, anything else runs Small. */
const BRANCH_WORKFLOW = {
  id: 'wf_branch',
  name: 'Branch Check',
  deploymentTargetId: 'local',
  visibility: 'internal',
  ...BRANCH_GRAPH,
};

/** A typed workflow whose code node prints: the app's own output must stay off the JSON on stdout. */
const PRINTER_WORKFLOW = {
  id: 'wf_printer',
  name: 'printer',
  deploymentTargetId: 'local',
  visibility: 'internal',
  inputSchema: { type: 'object', properties: { n: { type: 'integer' } } },
  nodes: {
    say: {
      id: 'say',
      type: 'code',
      name: 'Say',
      position: { x: 0, y: 0 },
      config: { code: 'print("printed by the node", input.get("n"))\nreturn {"said": input.get("n")}' },
    },
  },
  edges: [],
};

/** Calls extract_data locally with its own input: extract_data has no inputSchema, so "x" reaches its code. */
const CALLER_WORKFLOW = {
  id: 'wf_caller',
  name: 'caller',
  deploymentTargetId: 'local',
  visibility: 'internal',
  nodes: {
    call: {
      id: 'call',
      type: 'workflowCall',
      name: 'Call extract',
      position: { x: 0, y: 0 },
      config: { callType: 'local', targetWorkflowId: 'wf_extract', timeout: 30 },
    },
  },
  edges: [],
};

beforeAll(async () => {
  box = await sandbox();
  project = join(box.root, 'demo');
  expect((await runCli(['init', project, '--example', '--name', 'demo'], box.env, box.root)).code).toBe(0);
  // The first node of main uses the secret, so its value passes through the trace.
  const mainFile = join(project, 'workflows', 'main_workflow.json');
  const main = JSON.parse(await readFile(mainFile, 'utf8'));
  main.nodes.shape.config.fields.token = '{{ secrets.API_TOKEN }}';
  // Without main's inputSchema a bad user id reaches extract_data, which fails on it (two calls deep).
  delete main.inputSchema;
  await writeFile(mainFile, JSON.stringify(main, null, 2));
  await writeFile(join(project, 'workflows', 'branch_check.json'), JSON.stringify(BRANCH_WORKFLOW, null, 2));
  await writeFile(join(project, 'workflows', 'printer.json'), JSON.stringify(PRINTER_WORKFLOW, null, 2));
  await writeFile(join(project, 'workflows', 'caller.json'), JSON.stringify(CALLER_WORKFLOW, null, 2));
  const set = await runCli(['--project', project, 'secret', 'set', 'API_TOKEN'], box.env, box.root, TOKEN);
  expect(set.code, set.stderr).toBe(0);
});
afterAll(async () => {
  await box.cleanup();
});

const exec = (...argv: string[]) => runCli(['--project', project, 'exec', ...argv], box.env, box.root);

interface Node {
  id: string;
  name: string;
  type: string;
  status: string;
  startedMs: number;
  durationMs: number;
  input: unknown;
  output?: unknown;
  error?: string;
  calls?: Trace[];
}
interface Trace {
  workflow: string;
  status: string;
  durationMs: number;
  result: unknown;
  error?: string;
  nodes: Node[];
}

const TRACE_KEYS = ['workflow', 'status', 'durationMs', 'result', 'error', 'nodes'];
const NODE_KEYS = [
  'id',
  'name',
  'type',
  'status',
  'startedMs',
  'durationMs',
  'input',
  'output',
  'error',
  'calls',
];

/** Every key of the trace and its nodes, at every depth, is one of §13's, with the right types. */
function checkShape(trace: Trace): void {
  for (const key of Object.keys(trace)) expect(TRACE_KEYS).toContain(key);
  expect(['ok', 'error']).toContain(trace.status);
  expect(typeof trace.durationMs).toBe('number');
  expect('result' in trace).toBe(true);
  expect('error' in trace).toBe(trace.status === 'error');
  let previous = -1;
  for (const node of trace.nodes) {
    for (const key of Object.keys(node)) expect(NODE_KEYS).toContain(key);
    expect(['ok', 'skipped', 'error']).toContain(node.status);
    expect(typeof node.startedMs).toBe('number');
    expect(typeof node.durationMs).toBe('number');
    // In the order they started.
    expect(node.startedMs).toBeGreaterThanOrEqual(previous);
    previous = node.startedMs;
    expect('output' in node).toBe(node.status === 'ok');
    expect('error' in node).toBe(node.status === 'error');
    for (const call of node.calls ?? []) checkShape(call);
  }
}

describe('catalyst exec', () => {
  it('runs the demo through its generated code: result, every node, the callees nested under their call nodes', async () => {
    const run = await exec('main_workflow', '--input', JSON.stringify(DEMO_INPUT), '--json');
    expect(run.code, run.stderr).toBe(0);
    const trace = JSON.parse(run.stdout) as Trace;
    checkShape(trace);
    expect(trace).toMatchObject({ workflow: 'main_workflow', status: 'ok', result: DEMO_ANSWER });
    expect(trace.nodes.map((n) => [n.id, n.name, n.type, n.status])).toEqual([
      ['shape', 'Shape input', 'transform', 'ok'],
      ['extract', 'Extract data', 'workflowCall', 'ok'],
      ['process', 'Process results', 'workflowCall', 'ok'],
    ]);
    const [shape, extract, processNode] = trace.nodes as [Node, Node, Node];
    expect(shape.input).toEqual(DEMO_INPUT);
    expect(shape.output).toEqual({ user: 42, kind: 'lookup', token: '[secret API_TOKEN]' });
    expect(shape.calls).toBeUndefined();
    const callee = extract.calls![0]!;
    expect(extract.calls).toHaveLength(1);
    expect(callee).toMatchObject({ workflow: 'extract_data', status: 'ok' });
    expect(callee.nodes.map((n) => [n.id, n.type, n.status])).toEqual([
      ['load', 'code', 'ok'],
      ['pick', 'transform', 'ok'],
    ]);
    expect(callee.nodes[0]!.input).toEqual({ userId: 42 });
    expect(callee.nodes[1]!.output).toEqual(callee.result);
    expect(extract.output).toEqual({ result: callee.result, workflow: 'extract_data', call_type: 'local' });
    const processed = processNode.calls![0]!;
    expect(processed.workflow).toBe('process_results');
    expect(processed.nodes.map((n) => n.id)).toEqual(['totals', 'report']);
    expect(processed.result).toEqual(DEMO_ANSWER.result);
    // Security: the secret's value is nowhere in what was printed.
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
    // The app was generated where exec says (not into run's folder).
    await expect(
      readFile(join(execDir(project, 'local'), 'workflows', 'main_workflow.py'), 'utf8'),
    ).resolves.toContain('execute_main_workflow');
  });

  it('prints a readable table on stdout without --json', async () => {
    const run = await exec('main_workflow', '--input', '{"userId": 42}');
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^STATUS\s+NODE\s+TYPE\s+START\s+TIME\s+DATA$/);
    expect(lines[1]).toMatch(/^ok\s+main_workflow\s+workflow\s+[\d.]+ ms$/);
    expect(lines[2]).toMatch(
      /^ok\s+ {2}shape \(Shape input\)\s+transform\s+\+[\d.]+ ms\s+[\d.]+ ms\s+in \{"userId":42\}\s+out \{"user":42,"kind":"lookup","token":"\[secret API_TOKEN\]"\}$/,
    );
    expect(lines[4]).toMatch(/^ok\s+ {4}extract_data\s+workflow\s+[\d.]+ ms$/);
    expect(lines[5]).toMatch(/^ok\s+ {6}load \(Load orders\)\s+code\s+/);
    expect(lines.at(-1)).toBe(`result: ${JSON.stringify(DEMO_ANSWER)}`);
    expect(run.stdout).not.toContain(TOKEN);
  });

  it("shows the app's own output (a code node's print) on stderr, never inside the JSON on stdout", async () => {
    const run = await exec('printer', '--input', '{"n": 5}', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok', result: { said: 5 } });
    expect(run.stderr).toContain('printed by the node 5');
  });

  it('a failing node: status error, the error names the node, exit 1', async () => {
    const run = await exec('extract_data', '--input', '{"userId": "not a number"}', '--json');
    expect(run.code).toBe(1);
    const trace = JSON.parse(run.stdout) as Trace;
    checkShape(trace);
    expect(trace.status).toBe('error');
    expect(trace.error).toBe(
      `node "Load orders" of workflow "extract_data" failed: ValueError: invalid literal for int() with base 10: 'not a number' (line 1 of the code)`,
    );
    expect(trace.result).toBeNull();
    expect(trace.nodes).toHaveLength(1);
    expect(trace.nodes[0]).toMatchObject({
      id: 'load',
      status: 'error',
      input: { userId: 'not a number' },
      error: "ValueError: invalid literal for int() with base 10: 'not a number' (line 1 of the code)",
    });

    const human = await exec('extract_data', '--input', '{"userId": "x"}');
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/^error\s+ {2}load \(Load orders\)\s+code\s+.*error ValueError/m);
    expect(human.stdout.trimEnd().split('\n').at(-1)).toBe(
      `error: node "Load orders" of workflow "extract_data" failed: ValueError: invalid literal for int() with base 10: 'x' (line 1 of the code)`,
    );
  });

  it("a failure inside a called workflow fails the call node and the caller, naming the callee's node", async () => {
    const run = await exec('caller', '--input', '{"userId": "x"}', '--json');
    expect(run.code, run.stderr).toBe(1);
    const trace = JSON.parse(run.stdout) as Trace;
    checkShape(trace);
    const cause = `node "Load orders" of workflow "extract_data" failed: ValueError: invalid literal for int() with base 10: 'x' (line 1 of the code)`;
    expect(trace.error).toBe(cause);
    expect(trace.nodes.map((n) => [n.id, n.status])).toEqual([['call', 'error']]);
    expect(trace.nodes[0]!.error).toBe(cause);
    const callee = trace.nodes[0]!.calls![0]!;
    expect(callee).toMatchObject({ workflow: 'extract_data', status: 'error', error: cause, result: null });
    expect(callee.nodes.map((n) => [n.id, n.status])).toEqual([['load', 'error']]);
  });

  it('an input its inputSchema refuses: status error naming the schema and the path, no node ran, exit 1', async () => {
    const run = await exec('printer', '--input', '{"n": "x"}', '--json');
    expect(run.code, run.stderr).toBe(1);
    const trace = JSON.parse(run.stdout) as Trace;
    checkShape(trace);
    expect(trace).toEqual({
      workflow: 'printer',
      status: 'error',
      durationMs: trace.durationMs,
      result: null,
      error:
        'Input for workflow "printer" does not match its inputSchema: $.n must be of type integer, not string',
      nodes: [],
    });
    expect(run.stderr).not.toContain('printed by the node');
  });

  it("skips the condition's other branch", async () => {
    const run = await exec('Branch Check', '--input', '{"flag": "no"}', '--json');
    expect(run.code, run.stderr).toBe(0);
    const trace = JSON.parse(run.stdout) as Trace;
    checkShape(trace);
    expect(trace.result).toEqual({ size: 'small', flag: 'no' });
    const byId = Object.fromEntries(trace.nodes.map((n) => [n.id, n]));
    expect(byId['check']).toMatchObject({ status: 'ok', type: 'condition', output: { flag: 'no' } });
    expect(byId['small']).toMatchObject({ status: 'ok', output: { size: 'small', flag: 'no' } });
    expect(byId['big']).toMatchObject({ status: 'skipped', type: 'transform', input: null });
    expect(byId['big']).not.toHaveProperty('output');
    expect(trace.nodes[0]!.id).toBe('check');

    const yes = JSON.parse(
      (await exec('branch_check', '--input', '{"flag": "yes"}', '--json')).stdout,
    ) as Trace;
    expect(yes.nodes.find((n) => n.id === 'small')!.status).toBe('skipped');
    expect(yes.result).toEqual({ size: 'big' });
  });

  it('finds the workflow by name, slug or id; an unknown one is a clear error', async () => {
    for (const ref of ['process_results', 'Process Results', 'wf_process']) {
      const run = await exec(ref, '--input', '{"orders": [{"quantity": 2, "unitPrice": 3}]}', '--json');
      expect(run.code, `${ref}: ${run.stderr}`).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ workflow: 'process_results', result: { total: 6 } });
    }
    const missing = await exec('nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No workflow "nope" in project demo');
  });

  it('reads the input from a file; bad JSON or both flags are usage errors (exit 2)', async () => {
    const file = join(box.root, 'input.json');
    await writeFile(file, '{"userId": 7}');
    const fromFile = await exec('extract_data', '--input-file', file, '--json');
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(JSON.parse(fromFile.stdout).result.customer).toBe('User 7');

    const bad = await exec('extract_data', '--input', '{userId: 7}');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--input is not valid JSON');
    expect(bad.stderr).toContain(`e.g. --input '{"userId": 42}'`);
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace
    await writeFile(file, 'not json');
    const badFile = await exec('extract_data', '--input-file', file);
    expect(badFile.code).toBe(2);
    expect(badFile.stderr).toContain(`--input-file ${file} is not valid JSON`);
    const both = await exec('extract_data', '--input', '{}', '--input-file', file);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
    const gone = await exec('extract_data', '--input-file', join(box.root, 'missing.json'));
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('no such file');
  });
});
