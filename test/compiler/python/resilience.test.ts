import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resilienceProject } from '../../fixtures/resilience-project.js';
import { type Recorded, type StandIn, sendJson, startStandIn } from './stand-in-server.js';
import { freePort, generate, postJson, type RunningApp, removeDir, startApp, writeApp } from './support.js';

// The integration nodes' retries and per-host circuit breaker (DESIGN §6, runtime
// resilience.py `send_resilient`), through the real generated app and real HTTP servers.

type Answer = { status: number; headers?: Record<string, string> };

/** A route that gives the planned answers in turn, then `ok`; it notes when each request came. */
function planned(ok: (res: ServerResponse) => void) {
  const route = {
    plan: [] as Answer[],
    times: [] as number[],
    handler: (_req: Recorded, res: ServerResponse) => {
      route.times.push(Date.now());
      const next = route.plan.shift();
      if (next === undefined) ok(res);
      else
        res
          .writeHead(next.status, { 'content-type': 'text/plain', ...next.headers })
          .end(`busy ${next.status}`);
    },
  };
  return route;
}

const okJson = (res: ServerResponse) => sendJson(res, 200, { ok: true });
const flaky = planned(okJson);
const limited = planned(okJson);
const dated = planned(okJson);
const once = planned(okJson);
const provider = planned((res) =>
  sendJson(res, 200, {
    model: 'claude-test',
    content: [{ type: 'text', text: 'hello' }],
    usage: { input_tokens: 3, output_tokens: 1 },
  }),
);
const qdrant = planned((res) => sendJson(res, 200, { result: [{ id: 1, score: 0.9, payload: { t: 'a' } }] }));

let app: RunningApp;
let standIn: StandIn;
let sick: StandIn;
let closed: string;

beforeAll(async () => {
  standIn = await startStandIn({
    '/flaky': flaky.handler,
    '/limited': limited.handler,
    '/dated': dated.handler,
    '/once': once.handler,
    '/v1/messages': provider.handler,
    '/collections/docs/points/search': qdrant.handler,
  });
  sick = await startStandIn({
    '/always': (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('down');
    },
  });
  closed = `http://127.0.0.1:${await freePort()}`;
  app = await startApp(writeApp(generate(resilienceProject())), {
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: standIn.url,
    QDRANT_URL: standIn.url,
  });
});

afterAll(async () => {
  await app?.stop();
  if (app) removeDir(app.dir);
  await standIn?.close();
  await sick?.close();
});

describe('httpRequest retries', () => {
  it('retries 503 twice (the default) and outputs the 200 that follows', async () => {
    flaky.plan = [{ status: 503 }, { status: 503 }];
    const res = await postJson(`${app.url}/api/fetch`, { url: `${standIn.url}/flaky` });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 200, body: { ok: true } });
    expect(standIn.hits('/flaky')).toBe(3);
  });

  it('waits the seconds of a Retry-After before retrying a 429', async () => {
    limited.plan = [{ status: 429, headers: { 'retry-after': '1' } }];
    const res = await postJson(`${app.url}/api/fetch`, { url: `${standIn.url}/limited` });
    expect(await res.json()).toMatchObject({ status: 200 });
    expect(limited.times).toHaveLength(2);
    expect(limited.times[1]! - limited.times[0]!).toBeGreaterThanOrEqual(950);
  });

  it('waits until the HTTP date of a Retry-After', async () => {
    // Whole seconds: 3 s ahead is at least 2 s after the first answer.
    dated.plan = [{ status: 503, headers: { 'retry-after': new Date(Date.now() + 3000).toUTCString() } }];
    const res = await postJson(`${app.url}/api/fetch`, { url: `${standIn.url}/dated` });
    expect(await res.json()).toMatchObject({ status: 200 });
    expect(dated.times).toHaveLength(2);
    expect(dated.times[1]! - dated.times[0]!).toBeGreaterThanOrEqual(1000);
  });

  it('retries: 0 turns retrying off; a 503 after the retries is the node’s output, as any status is', async () => {
    once.plan = [{ status: 503 }];
    const res = await postJson(`${app.url}/api/fetch_once`, { url: `${standIn.url}/once` });
    expect(await res.json()).toMatchObject({ status: 503, body: 'busy 503' });
    expect(standIn.hits('/once')).toBe(1);
    const always = await postJson(`${app.url}/api/fetch`, { url: `${sick.url}/always` });
    expect(await always.json()).toMatchObject({ status: 503, body: 'down' });
    expect(sick.hits('/always')).toBe(3);
  });

  it('a refused connection fails the node naming only the host; after 5 failed calls the host’s breaker opens', async () => {
    const first = await postJson(`${app.url}/api/fetch_once`, { url: `${closed}/a?key=hidden` });
    expect(first.status).toBe(500);
    expect(await first.json()).toMatchObject({
      error: expect.stringMatching(new RegExp(`^HTTP request failed: cannot connect to ${closed} \\(`)),
      workflow: 'fetch_once',
      node: 'Get',
    });
    for (let i = 0; i < 4; i++) await (await postJson(`${app.url}/api/fetch`, { url: `${closed}/b` })).text();
    // Another path on the same host: the breaker is per host, and it fails at once.
    const open = await postJson(`${app.url}/api/fetch`, { url: `${closed}/c` });
    expect((await open.json()).error).toBe(
      `HTTP request failed: circuit breaker open for ${closed} after 5 consecutive failures; it lets a call through again 60s after opening`,
    );
    // Other hosts are not affected.
    flaky.plan = [];
    expect(
      await (await postJson(`${app.url}/api/fetch`, { url: `${standIn.url}/flaky` })).json(),
    ).toMatchObject({
      status: 200,
    });
  });
});

describe('llm and vectorSearch retries', () => {
  it('llm: retries the provider’s 529 (overloaded) and answers with the completion', async () => {
    provider.plan = [{ status: 529 }, { status: 529 }];
    const res = await postJson(`${app.url}/api/ask`, { q: 'hi' });
    expect(await res.json()).toEqual({
      text: 'hello',
      model: 'claude-test',
      usage: { input_tokens: 3, output_tokens: 1 },
    });
    expect(provider.times).toHaveLength(3);
  });

  it('llm: fails with the provider’s status once the retries are spent', async () => {
    provider.times = [];
    provider.plan = [{ status: 529 }, { status: 529 }, { status: 529 }];
    const res = await postJson(`${app.url}/api/ask`, { q: 'hi' });
    expect(res.status).toBe(500);
    expect((await res.json()).error).toBe('anthropic API error 529: busy 529');
    expect(provider.times).toHaveLength(3);
  });

  it('vectorSearch: retries a 502 from Qdrant', async () => {
    qdrant.plan = [{ status: 502 }];
    const res = await postJson(`${app.url}/api/search`, { v: [0.1, 0.2] });
    expect(await res.json()).toEqual({ matches: [{ id: 1, score: 0.9, payload: { t: 'a' } }] });
    expect(qdrant.times).toHaveLength(2);
  });
});
