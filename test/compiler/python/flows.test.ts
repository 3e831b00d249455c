import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowsProject } from '../../fixtures/flows-project.js';
import { generate, postJson, type RunningApp, removeDir, startApp, writeApp } from './support.js';

let app: RunningApp;

beforeAll(async () => {
  app = await startApp(writeApp(generate(flowsProject())));
});

afterAll(async () => {
  await app?.stop();
  if (app) removeDir(app.dir);
});

describe('a generated workflow runs per DESIGN §6', () => {
  it('runs independent branches concurrently and joins their outputs by parent id', async () => {
    await postJson(`${app.url}/api/parallel`, { x: 0 }); // warm-up: first-request costs are not the point
    const started = performance.now();
    const res = await postJson(`${app.url}/api/parallel`, { x: 1 });
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      left: { branch: 'left', got: { x: 1 }, span: expect.any(Array) },
      right: { branch: 'right', got: { x: 1 }, span: expect.any(Array) },
    });
    // The branches overlapped in time: each started before the other ended.
    const [left, right] = [body.left.span, body.right.span];
    expect(left[0]).toBeLessThan(right[1]);
    expect(right[0]).toBeLessThan(left[1]);
    expect(elapsed).toBeGreaterThanOrEqual(200);
    expect(elapsed).toBeLessThan(360);
  });

  it('follows only the true edges of a condition and skips the false branch', async () => {
    const res = await postJson(`${app.url}/api/route`, { amount: 150 });
    // merge has two parents; small_note was skipped, so only big is in its input.
    expect(await res.json()).toEqual({ seen: { big: { size: 'big', amount: 150 } } });
  });

  it('follows the false edges, passing the input through the condition', async () => {
    const res = await postJson(`${app.url}/api/route`, { amount: 50 });
    expect(await res.json()).toEqual({ seen: { small_note: { note: 'after small: small' } } });
  });

  it('treats a missing field as null: null > 100 is false, or picks the other side', async () => {
    expect(await (await postJson(`${app.url}/api/route`, {})).json()).toEqual({
      seen: { small_note: { note: 'after small: small' } },
    });
    expect(await (await postJson(`${app.url}/api/route`, { vip: true })).json()).toEqual({
      seen: { big: { size: 'big', amount: null } },
    });
  });

  it('replies with the response node status, headers and body; path params join the trigger', async () => {
    const res = await fetch(`${app.url}/api/reply/abc`, { method: 'PUT', body: '{"count": 3}' });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-item')).toBe('abc');
    expect(res.headers.get('cache-control')).toBe('private');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ created: 'abc', count: 3, note: 'n=3' });
  });

  it('answers a failing node with the 500 shape, the user line, and no stack trace', async () => {
    const res = await postJson(`${app.url}/api/fail`, {}, { headers: { 'x-request-id': 'req-123' } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: 'ZeroDivisionError: division by zero (line 3 of the code)',
      workflow: 'fail',
      node: 'Divide',
      requestId: 'req-123',
    });
    expect(text).not.toContain('Traceback');
    await expect.poll(() => app.log()).toContain('Traceback');
    expect(app.log()).toContain('request req-123: node "Divide" of workflow "fail" failed');
  });

  it('replaces a request id that is not a sane token before echoing or logging it', async () => {
    const res = await postJson(`${app.url}/api/echo`, {}, { headers: { 'x-request-id': 'two words;<b>' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('passes an error of a locally called workflow through unchanged', async () => {
    const res = await postJson(`${app.url}/api/outer`, { why: 'because' });
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body).toMatchObject({
      error: 'ValueError: inner went wrong: because (line 1 of the code)',
      workflow: 'inner',
      node: 'Explode',
    });
    expect(typeof body.requestId).toBe('string');
  });

  it('enforces the timeout of a local call', async () => {
    const started = performance.now();
    const res = await postJson(`${app.url}/api/waiter`, {});
    expect(performance.now() - started).toBeLessThan(2500);
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({
      error: 'Workflow call timed out after 1s',
      workflow: 'waiter',
      node: 'Call slow',
    });
  });

  it('returns the trigger data when no node ran; an empty body is {}', async () => {
    expect(await (await fetch(`${app.url}/api/echo`, { method: 'POST', body: '[1,"two"]' })).json()).toEqual([
      1,
      'two',
    ]);
    expect(await (await fetch(`${app.url}/api/echo`, { method: 'POST' })).json()).toEqual({});
  });

  it('takes GET query parameters and path parameters as the trigger; missing paths are null', async () => {
    const res = await fetch(`${app.url}/api/query/7?q=hello%20world`);
    expect(await res.json()).toEqual({ id: '7', q: 'hello world', missing: null });
  });

  it('rejects a body that is not JSON with 400', async () => {
    const res = await fetch(`${app.url}/api/echo`, { method: 'POST', body: 'not json' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'Request body is not valid JSON: Expecting value: line 1 column 1 (char 0)',
    });
  });

  it('counts workflow runs and failures by workflow in /metrics', async () => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(text).toMatch(/^catalyst_workflow_runs_total\{workflow="inner"\} [1-9]/m);
    expect(text).toMatch(/^catalyst_workflow_failures_total\{workflow="fail"\} [1-9]/m);
    expect(text).toMatch(
      /^catalyst_http_requests_total\{method="PUT",route="\/api\/reply\/\{item\}",status="201"\} 1$/m,
    );
  });
});
