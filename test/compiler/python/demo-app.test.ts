import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProject } from '../../../src/model/demo.js';
import { DEMO_ANSWER, DEMO_INPUT } from '../../fixtures/demo-answer.js';
import { generate, postJson, type RunningApp, removeDir, startApp, writeApp } from './support.js';

let app: RunningApp;

beforeAll(async () => {
  const project = demoProject({ id: 'proj_demo', name: 'demo', now: '2026-01-05T10:00:00.000Z' });
  app = await startApp(writeApp(generate(project, 'local')));
});

afterAll(async () => {
  await app?.stop();
  if (app) removeDir(app.dir);
});

describe('the demo project as a running app', () => {
  it('POST /api/main returns the result of its local calls', async () => {
    const res = await postJson(`${app.url}/api/main`, DEMO_INPUT);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(await res.json()).toEqual(DEMO_ANSWER);
  });

  it('gives internal workflows no route', async () => {
    expect((await postJson(`${app.url}/api/extract_data`, {})).status).toBe(404);
    expect((await postJson(`${app.url}/api/process_results`, {})).status).toBe(404);
  });

  it('answers GET /health with the DESIGN §7 shape and no-store', async () => {
    const res = await fetch(`${app.url}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(Object.keys(body)).toEqual([
      'status',
      'project',
      'version',
      'target',
      'commit',
      'uptime',
      'workflows',
      'requests',
    ]);
    expect(body).toMatchObject({
      status: 'healthy',
      project: 'demo',
      version: '0.1.0',
      target: 'local',
      commit: null,
      workflows: ['main_workflow'],
    });
    expect(body.uptime).toBeGreaterThan(0);
    expect(Object.keys(body.requests)).toEqual(['total', 'errors']);
  });

  it('answers HEAD /health with 200, the headers and no body', async () => {
    const res = await fetch(`${app.url}/health`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toBe('');
  });

  it('counts client requests and 5xx answers for /health, not the probes themselves', async () => {
    const before = (await (await fetch(`${app.url}/health`)).json()).requests;
    await postJson(`${app.url}/api/main`, { userId: 1 });
    await fetch(`${app.url}/health`);
    const after = (await (await fetch(`${app.url}/health`)).json()).requests;
    expect(after).toEqual({ total: before.total + 1, errors: before.errors });
  });

  it('serves Prometheus text on /metrics', async () => {
    await postJson(`${app.url}/api/main`, { userId: 7 });
    const res = await fetch(`${app.url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# TYPE catalyst_http_requests_total counter');
    expect(text).toMatch(
      /^catalyst_http_requests_total\{method="POST",route="\/api\/main",status="200"\} \d+$/m,
    );
    expect(text).toMatch(
      /^catalyst_http_request_duration_seconds_count\{method="POST",route="\/api\/main"\} \d+$/m,
    );
    expect(text).toMatch(/^catalyst_workflow_runs_total\{workflow="extract_data"\} \d+$/m);
    expect(text).toContain('# TYPE catalyst_workflow_failures_total counter');
  });

  it('lists the public workflows with method and path on /', async () => {
    expect(await (await fetch(`${app.url}/`)).json()).toEqual({
      project: 'demo',
      version: '0.1.0',
      target: 'local',
      workflows: [
        {
          name: 'main_workflow',
          method: 'POST',
          path: '/api/main',
          description: 'Entry point: shapes the request, extracts the user data, then processes it',
        },
      ],
    });
  });

  it('rejects a body that is not JSON with 400 {error}', async () => {
    const res = await fetch(`${app.url}/api/main`, { method: 'POST', body: '{"userId": 42' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toMatch(/^Request body is not valid JSON: /);
  });

  it('refuses input that breaks its inputSchema with the 400 shape before any node runs', async () => {
    const res = await postJson(`${app.url}/api/main`, { userId: 'abc' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'Invalid input',
      workflow: 'main_workflow',
      problems: [{ path: '$.userId', message: 'must be of type integer, not string' }],
      requestId: res.headers.get('x-request-id'),
    });
    const zero = await postJson(`${app.url}/api/main`, { userId: 0 });
    expect((await zero.json()).problems).toEqual([{ path: '$.userId', message: 'must be at least 1' }]);
  });
});

describe('the demo without its inputSchema', () => {
  let untyped: RunningApp;
  beforeAll(async () => {
    const project = demoProject({ id: 'proj_demo', name: 'demo', now: '2026-01-05T10:00:00.000Z' });
    // Without the schema a bad user id reaches extract_data, whose code fails on it.
    delete project.workflows.find((w) => w.workflow.name === 'main_workflow')!.workflow.inputSchema;
    untyped = await startApp(writeApp(generate(project, 'local')));
  });
  afterAll(async () => {
    await untyped?.stop();
    if (untyped) removeDir(untyped.dir);
  });

  it('fails a node with the 500 shape: workflow, node and request id, no stack trace', async () => {
    const app = untyped;
    // extract_data's code runs int() on the user id: "abc" makes it fail two calls deep.
    const res = await postJson(`${app.url}/api/main`, { userId: 'abc' });
    expect(res.status).toBe(500);
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body).toEqual({
      error: "ValueError: invalid literal for int() with base 10: 'abc' (line 1 of the code)",
      workflow: 'extract_data',
      node: 'Load orders',
      requestId: res.headers.get('x-request-id'),
    });
    expect(text).not.toMatch(/Traceback|File "/);
    // The trace is logged before the answer is sent, but the log pipe may be read after it.
    await expect.poll(() => app.log()).toContain('Traceback (most recent call last)');
  });
});
