import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calleeProject, callerProject } from '../../fixtures/http-call-projects.js';
import { type StandIn, startStandIn } from './stand-in-server.js';
import { freePort, generate, postJson, type RunningApp, removeDir, startApp, writeApp } from './support.js';

let callee: RunningApp;
let caller: RunningApp;
let standIn: StandIn;

beforeAll(async () => {
  standIn = await startStandIn({
    '/slow': async (_req, res) => {
      await new Promise((r) => setTimeout(r, 3000));
      if (!res.destroyed) res.writeHead(200).end('{}');
    },
    '/fail': (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance');
    },
    '/breaker': (_req, res) => {
      res.writeHead(500).end('nope');
    },
  });
  const closedPort = await freePort();
  callee = await startApp(writeApp(generate(calleeProject())));
  // The project's env vars default to port 9; the environment overrides them (DESIGN §7).
  caller = await startApp(writeApp(generate(callerProject())), {
    SCORE_URL: `${callee.url}/api/score`,
    SLOW_URL: `${standIn.url}/slow`,
    FAIL_URL: `${standIn.url}/fail`,
    BREAKER_URL: `${standIn.url}/breaker`,
    DOWN_URL: `http://127.0.0.1:${closedPort}/down`,
  });
});

afterAll(async () => {
  await Promise.all([callee?.stop(), caller?.stop()]);
  for (const app of [callee, caller]) if (app) removeDir(app.dir);
  await standIn?.close();
});

describe('a workflow calling a public workflow of another generated app over HTTP', () => {
  it('posts JSON and returns {result, call_type, status_code}', async () => {
    const res = await postJson(
      `${caller.url}/api/call_ok`,
      { v: 4 },
      { headers: { 'x-request-id': 'trace-1' } },
    );
    expect(res.status).toBe(200);
    // The request id travels with the call, so both apps log the same id.
    expect(await res.json()).toEqual({
      result: { value: 4, score: 40, request: 'trace-1' },
      call_type: 'http',
      status_code: 200,
    });
  });

  it('fails with the timeout message when the other side is too slow', async () => {
    const started = performance.now();
    const res = await postJson(`${caller.url}/api/call_slow`, { v: 1 });
    expect(performance.now() - started).toBeLessThan(2500);
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({
      error: 'Workflow call timed out after 1s',
      workflow: 'call_slow',
      node: 'Call call_slow',
    });
  });

  it('fails with status and body on a non-2xx answer, without retrying it', async () => {
    const res = await postJson(`${caller.url}/api/call_fail`, { v: 1 });
    expect(res.status).toBe(500);
    expect((await res.json()).error).toBe('Workflow call failed: 503 - down for maintenance');
    expect(standIn.hits('/fail')).toBe(1);
    const sent = standIn.requests.find((r) => r.path === '/fail')!;
    expect(sent.method).toBe('POST');
    expect(sent.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent.body)).toEqual({ value: 1 });
  });

  it('retries connection failures three times, then names the URL', async () => {
    const started = performance.now();
    const res = await postJson(`${caller.url}/api/call_down`, {});
    // Two backoff pauses (0.1 s, 0.2 s) between the three attempts.
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect((await res.json()).error).toMatch(
      /^Workflow call failed: cannot connect to http:\/\/127\.0\.0\.1:\d+\/down \(/,
    );
  });

  it('opens the circuit breaker for the URL after 5 consecutive failures', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await postJson(`${caller.url}/api/call_breaker`, { v: i });
      expect((await res.json()).error).toBe('Workflow call failed: 500 - nope');
    }
    expect(standIn.hits('/breaker')).toBe(5);
    const res = await postJson(`${caller.url}/api/call_breaker`, { v: 6 });
    expect(res.status).toBe(500);
    expect((await res.json()).error).toBe(
      `Workflow call failed: circuit breaker open for ${standIn.url}/breaker after 5 consecutive failures`,
    );
    expect(standIn.hits('/breaker')).toBe(5);
    // Other URLs are not affected.
    expect((await (await postJson(`${caller.url}/api/call_fail`, {})).json()).error).toBe(
      'Workflow call failed: 503 - down for maintenance',
    );
  });
});
