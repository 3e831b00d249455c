import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WORKFLOW_IDS } from '../../src/model/demo.js';
import { RunStudio } from '../fixtures/run-studio.js';

describe('POST …/workflows/:workflowId/test runs the examples like catalyst test --json (real Python)', () => {
  let s: RunStudio;
  let base: string;
  const main = DEMO_WORKFLOW_IDS.main;
  const call = (method: string, apiPath: string) => s.call(method, apiPath);

  beforeAll(async () => {
    s = await RunStudio.create('example-runs');
    base = s.workflows;
  });
  afterAll(() => s.dispose());

  it('passes the demo’s two examples, one of them with a mocked call', async () => {
    const res = await call('POST', `${base}/${main}/test`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      passed: 2,
      failed: 0,
      results: [
        { workflow: 'main_workflow', example: 'user 42 totals three orders', ok: true },
        { workflow: 'main_workflow', example: 'extract_data mocked: one big order', ok: true },
      ],
    });
  });

  it('reports a broken example with its first difference (path, expected, actual)', async () => {
    const got = await call('GET', `${base}/${main}`);
    const workflow = got.body.workflow;
    workflow.examples[0].expect.body.result.total = 83;
    workflow.examples.push({ name: 'wrong status', input: { userId: 5 }, expect: { status: 201 } });
    const saved = await s.call('PUT', `${base}/${main}`, workflow, { 'if-match': got.body.version });
    expect(saved.status, saved.text).toBe(200);
    const res = await call('POST', `${base}/${main}/test`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.passed, res.text).toBe(1);
    expect(res.body.failed).toBe(2);
    expect(res.body.results[0]).toEqual({
      workflow: 'main_workflow',
      example: 'user 42 totals three orders',
      ok: false,
      diff: { path: '$.result.total', expected: 83, actual: 82 },
    });
    expect(res.body.results[2]).toMatchObject({
      ok: false,
      diff: { path: 'status', expected: 201, actual: 200 },
    });
  });

  it('answers 404 for a workflow that is not in the project, naming it', async () => {
    const res = await call('POST', `${base}/wf_nope/test`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('wf_nope');
  });
});
