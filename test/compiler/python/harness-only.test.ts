/**
 * Tracing and mocks exist only in runs the Catalyst harness starts (DESIGN §12, §13): the same
 * generated app, served over HTTP, offers no way to turn tracing on or to inject a mock —
 * whatever headers, query parameters or body keys a request carries, every node really runs.
 * The harness itself (python -m runtime.harness, on the same app folder) is the positive
 * control: there, the same mock does replace the node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type WorkflowHarness } from '../../../src/build/workflow-harness.js';
import { demoProject } from '../../../src/model/demo.js';
import type { Workflow } from '../../../src/model/workflow.js';
import { DEMO_ANSWER, DEMO_INPUT } from '../../fixtures/demo-answer.js';
import { generate, PYTHON, postJson, type RunningApp, removeDir, startApp, writeApp } from './support.js';

/** A public GET workflow: its code node says it ran and echoes the trigger data. */
const STAMP: Workflow = {
  id: 'wf_stamp',
  name: 'stamp',
  deploymentTargetId: 'local',
  visibility: 'public',
  endpoint: { method: 'GET', path: '/api/stamp' },
  nodes: {
    stamp: {
      id: 'stamp',
      type: 'code',
      name: 'Stamp',
      position: { x: 0, y: 0 },
      config: { code: 'return {"ran": True, "query": input}' },
    },
  },
  edges: [],
} as unknown as Workflow;

const MOCKED_EXTRACT = { result: { userId: 1, customer: 'Mocked', orders: [] }, workflow: 'extract_data' };
const MOCKS = { extract: MOCKED_EXTRACT, stamp: { ran: false } };
const MOCKS_TEXT = JSON.stringify(MOCKS);

let app: RunningApp;
let harness: WorkflowHarness;

beforeAll(async () => {
  const project = demoProject({ id: 'proj_demo', name: 'demo', now: '2026-01-05T10:00:00.000Z' });
  project.workflows.push({ file: 'workflows/stamp.json', workflow: STAMP });
  app = await startApp(writeApp(generate(project, 'local')));
  harness = await startHarness({ python: PYTHON, dir: app.dir, env: { ...process.env } });
});

afterAll(async () => {
  await harness?.close();
  await app?.stop();
  if (app) removeDir(app.dir);
});

describe('mocks and tracing: only through the harness', () => {
  it('the harness (positive control) replaces a mocked node and records the trace', async () => {
    const run = await harness.run({ workflow: 'main_workflow', input: DEMO_INPUT, mocks: MOCKS });
    expect(run.status).toBe('ok');
    expect(run.nodes!.map((n) => [n.id, n.status, n.mocked ?? false])).toEqual([
      ['shape', 'ok', false],
      ['extract', 'ok', true],
      ['process', 'ok', false],
    ]);
    // The mocked call node did not call extract_data: no nested trace, and its output fed process.
    expect(run.nodes![1]!.calls).toBeUndefined();
    expect(run.nodes![1]!.output).toEqual(MOCKED_EXTRACT);
    expect(run.result).toMatchObject({ result: { customer: 'Mocked', orderCount: 0, total: 0 } });

    const stamp = await harness.run({ workflow: 'stamp', input: {}, mocks: MOCKS, trace: false });
    expect(stamp.result).toEqual({ ran: false });
    expect(stamp.nodes).toBeUndefined();
  });

  it('headers cannot inject a mock or turn tracing on', async () => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-catalyst-mocks': MOCKS_TEXT,
      'x-catalyst-trace': '1',
      'x-catalyst-harness': '1',
      'x-mocks': MOCKS_TEXT,
      'x-trace': 'true',
      trace: 'true',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    };
    const res = await fetch(`${app.url}/api/main`, {
      method: 'POST',
      headers,
      body: JSON.stringify(DEMO_INPUT),
    });
    expect(res.status).toBe(200);
    // Exactly the real answer: extract_data and process_results ran, and no trace was added.
    expect(await res.json()).toEqual(DEMO_ANSWER);
    const stamp = await fetch(`${app.url}/api/stamp`, { headers });
    expect(await stamp.json()).toEqual({ ran: true, query: {} });
  });

  it('query parameters cannot inject a mock or turn tracing on', async () => {
    const query = new URLSearchParams({
      __mocks__: MOCKS_TEXT,
      mocks: MOCKS_TEXT,
      __trace__: 'true',
      trace: '1',
      harness: '1',
    });
    const res = await postJson(`${app.url}/api/main?${query}`, DEMO_INPUT);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(DEMO_ANSWER);
    // On GET the query is the trigger data — and only that: the node ran and saw it as data.
    const stamp = await fetch(`${app.url}/api/stamp?${query}`);
    expect(stamp.status).toBe(200);
    expect(await stamp.json()).toEqual({ ran: true, query: Object.fromEntries(query) });
  });

  it('body keys cannot inject a mock or turn tracing on', async () => {
    const body = {
      ...DEMO_INPUT,
      __mocks__: MOCKS,
      mocks: MOCKS,
      __trace__: true,
      trace: true,
      harness: { trace: true, mocks: { wf_main: MOCKS } },
    };
    const res = await postJson(`${app.url}/api/main`, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(DEMO_ANSWER);
  });

  it('after all those requests the served app still runs every node (nothing was left switched on)', async () => {
    const res = await postJson(`${app.url}/api/main`, DEMO_INPUT);
    expect(await res.json()).toEqual(DEMO_ANSWER);
  });
});
