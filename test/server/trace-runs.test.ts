import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WORKFLOW_IDS } from '../../src/model/demo.js';
import { effectiveEndpoint } from '../../src/model/endpoint.js';
import { alive, type Body, RunStudio } from '../fixtures/run-studio.js';
import { node } from '../model/fixtures.js';

const SECRET = 'trace-run-s3cret-value';
const NEW_SECRET = 'trace-run-0ther-s3cret';

describe('studio Run with the trace, in a warm harness', () => {
  let s: RunStudio;
  let projectId: string;
  let base: string;
  const main = DEMO_WORKFLOW_IDS.main;
  const extract = DEMO_WORKFLOW_IDS.extract;

  beforeAll(async () => {
    s = await RunStudio.create('trace-runs');
    projectId = s.projectId;
    base = s.workflows;
  });
  afterAll(() => s.dispose());

  async function run(workflowId: string, input: unknown): Promise<Body> {
    const res = await s.call('POST', `${base}/${workflowId}/runs`, { input });
    expect(res.status, res.text).toBe(200);
    return res.body.run;
  }

  async function edit(workflowId: string, change: (w: Body) => void): Promise<void> {
    const got = await s.call('GET', `${base}/${workflowId}`);
    const workflow = got.body.workflow;
    change(workflow);
    workflow.endpoint ??= effectiveEndpoint(workflow);
    const saved = await s.call('PUT', `${base}/${workflowId}`, workflow);
    expect(saved.status, saved.text).toBe(200);
  }

  let firstRunId: string;
  let pid: number;

  it('answers the first run with the §13 trace of every node, the callee’s nodes under its call', async () => {
    const r = await run(main, { userId: 3 });
    firstRunId = r.id;
    expect(r).toMatchObject({ workflowId: main, input: { userId: 3 } });
    expect(Number.isNaN(Date.parse(r.startedAt))).toBe(false);
    expect(Object.keys(r.trace)).toEqual(['workflow', 'status', 'durationMs', 'result', 'nodes']);
    expect(r.trace.status).toBe('ok');
    expect(r.trace.nodes.map((n: Body) => [n.id, n.type, n.status])).toEqual([
      ['shape', 'transform', 'ok'],
      ['extract', 'workflowCall', 'ok'],
      ['process', 'workflowCall', 'ok'],
    ]);
    const callee = r.trace.nodes[1].calls[0];
    expect(callee.nodes.map((n: Body) => n.id)).toEqual(['load', 'pick']);
    expect(callee.nodes[1].output.customer).toBe('User 3');
    expect(r.trace.nodes[0].output).toEqual({ user: 3, kind: 'lookup' });
    pid = s.pid()!;
    expect(alive(pid)).toBe(true);
  });

  it('reloads a saved callee and its caller in the same Python process', async () => {
    await edit(extract, (w) => {
      w.nodes.pick.config.fields.customer = 'Edited {{ input.name }}';
    });
    const r = await run(main, { userId: 3 });
    expect(r.trace.nodes[1].calls[0].nodes[1].output.customer).toBe('Edited User 3');
    expect(s.pid()).toBe(pid);

    await edit(main, (w) => {
      w.nodes.shape.config.fields.kind = 'edited';
    });
    const again = await run(main, { userId: 4 });
    expect(again.trace.nodes[0].output).toEqual({ user: 4, kind: 'edited' });
    expect(again.trace.nodes[1].calls[0].nodes[1].output.customer).toBe('Edited User 4');
    expect(s.pid()).toBe(pid);
  });

  it('starts a new process when an env var changes', async () => {
    const set = await s.call('PUT', `/api/projects/${projectId}/env/LOG_LEVEL`, { value: 'debug' });
    expect(set.status, set.text).toBe(200);
    const r = await run(main, { userId: 5 });
    expect(r.trace.status).toBe('ok');
    const next = s.pid()!;
    expect(next).not.toBe(pid);
    expect(alive(pid)).toBe(false);
    pid = next;
  });

  it('hides secrets in the run and starts a new process when a secret changes', async () => {
    expect(
      (await s.call('PUT', `/api/projects/${projectId}/secrets/API_TOKEN`, { value: SECRET })).status,
    ).toBe(200);
    const created = await s.call('POST', base, {
      name: 'Secretive',
      visibility: 'internal',
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.workflow.id;
    await edit(id, (w) => {
      w.deploymentTargetId = 'local';
      w.nodes = {
        show: {
          id: 'show',
          type: 'transform',
          name: 'Show',
          position: { x: 0, y: 0 },
          config: { fields: { token: '{{ secrets.API_TOKEN }}', echo: '{{ input.note }}' } },
        },
      };
      w.edges = [];
    });
    const res = await s.call('POST', `${base}/${id}/runs`, { input: { note: `sent ${SECRET}` } });
    expect(res.status, res.text).toBe(200);
    expect(res.text).not.toContain(SECRET);
    expect(res.body.run.trace.nodes[0].output.token).toBe('[secret API_TOKEN]');
    expect(res.body.run.input.note).toBe('sent [secret API_TOKEN]');
    const kept = await s.call('GET', `${base}/${id}/runs/${res.body.run.id}`);
    expect(kept.text).not.toContain(SECRET);
    const before = s.pid()!;

    expect(
      (await s.call('PUT', `/api/projects/${projectId}/secrets/API_TOKEN`, { value: NEW_SECRET })).status,
    ).toBe(200);
    const after = await s.call('POST', `${base}/${id}/runs`, { input: {} });
    expect(after.status, after.text).toBe(200);
    expect(after.text).not.toContain(NEW_SECRET);
    expect(after.body.run.trace.nodes[0].output.token).toBe('[secret API_TOKEN]');
    expect(s.pid()).not.toBe(before);
    expect(alive(before)).toBe(false);
    pid = s.pid()!;
  });

  it('keeps what the endpoint would have answered: 200, 400 for an input the schema refuses, 500 for a failure', async () => {
    const id = await s.addWorkflow('Typed', {
      check: node('check', 'code', {
        code: 'if input["n"] > 9:\n    raise ValueError("too big")\nreturn {"n": input["n"]}',
      }),
    });
    await edit(id, (w) => {
      w.inputSchema = { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } };
    });
    const ok = await run(id, { n: 1 });
    expect(ok).toMatchObject({ answerStatus: 200, trace: { status: 'ok', result: { n: 1 } } });
    expect(ok.timedOut).toBeUndefined();
    const refused = await run(id, { n: 'one' });
    expect(refused).toMatchObject({ answerStatus: 400, trace: { status: 'error', nodes: [] } });
    const failed = await run(id, { n: 10 });
    expect(failed).toMatchObject({ answerStatus: 500, trace: { status: 'error' } });
    expect(failed.trace.nodes[0]).toMatchObject({ id: 'check', status: 'error' });
    // Kept with the run: reopened from the history, it says the same.
    const reopened = await s.call('GET', `${base}/${id}/runs/${refused.id}`);
    expect(reopened.body.run).toMatchObject({ id: refused.id, answerStatus: 400 });
    // And the history list says it for each run, newest first.
    const listed = await s.call('GET', `${base}/${id}/runs`);
    expect(listed.body.runs.map((r: { answerStatus?: number }) => r.answerStatus)).toEqual([500, 400, 200]);
    expect(listed.body.runs.some((r: object) => 'timedOut' in r)).toBe(false);
    pid = s.pid()!; // a new workflow in the app: the later tests follow this process
  });

  it('keeps the last 50 runs of a workflow, newest first', async () => {
    const listed = await s.call('GET', `${base}/${main}/runs`);
    const already = listed.body.runs.length as number;
    expect(already).toBeGreaterThan(0);
    let last = '';
    for (let i = already; i < 51; i++) last = (await run(main, { userId: i + 1 })).id;
    const runs = (await s.call('GET', `${base}/${main}/runs`)).body.runs as Body[];
    expect(runs).toHaveLength(50);
    expect(Object.keys(runs[0]).sort()).toEqual(['answerStatus', 'durationMs', 'id', 'startedAt', 'status']);
    expect(runs[0].id).toBe(last);
    expect(runs.map((r) => r.id)).not.toContain(firstRunId);
    const times = runs.map((r) => Date.parse(r.startedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect((await s.call('GET', `${base}/${main}/runs/${firstRunId}`)).status).toBe(404);
    const newest = await s.call('GET', `${base}/${main}/runs/${last}`);
    expect(newest.body.run).toMatchObject({ id: last, workflowId: main, input: { userId: 51 } });
    expect(newest.body.run.trace.nodes).toHaveLength(3);
  });

  it('pins a test input that survives a studio restart, and stops the process on close', async () => {
    expect((await s.call('GET', `${base}/${main}/test-input`)).body).toEqual({ input: {} });
    const put = await s.call('PUT', `${base}/${main}/test-input`, { input: { userId: 42, note: 'pinned' } });
    expect(put.status, put.text).toBe(200);
    expect((await s.call('GET', `${base}/${main}/test-input`)).body).toEqual({
      input: { userId: 42, note: 'pinned' },
    });
    expect(alive(pid)).toBe(true);
    await s.stop();
    expect(alive(pid)).toBe(false);

    await s.start();
    expect((await s.call('GET', `${base}/${main}/test-input`)).body).toEqual({
      input: { userId: 42, note: 'pinned' },
    });
    expect((await s.call('GET', `${base}/${extract}/test-input`)).body).toEqual({ input: {} });
    expect((await s.call('GET', `${base}/${main}/runs`)).body.runs).toHaveLength(50);
  });
});
