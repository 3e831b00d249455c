import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safetyProject } from '../../fixtures/safety-projects.js';
import { type StandIn, startStandIn } from './stand-in-server.js';
import { freePort, generate, postJson, type RunningApp, removeDir, startApp, writeApp } from './support.js';

// A value no message would contain by chance; '/' and '+' also show its percent-encoded form is caught.
const TOKEN = 'tok-5ecret/Value+42';
const ENCODED = encodeURIComponent(TOKEN);

let app: RunningApp;
let standIn: StandIn;
let closed: string;

beforeAll(async () => {
  standIn = await startStandIn({
    // The path as sent: httpx keeps '/' and '+' as they are in a path.
    [`/keys/${TOKEN}`]: (req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`no such key ${req.path.slice(6)}`);
    },
  });
  closed = `http://127.0.0.1:${await freePort()}`;
  app = await startApp(writeApp(generate(safetyProject())), { API_TOKEN: TOKEN });
});

afterAll(async () => {
  await app?.stop();
  if (app) removeDir(app.dir);
  await standIn?.close();
});

function expectNoSecret(text: string): void {
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(ENCODED);
  expect(text).not.toContain('5ecret');
}

describe('secret values never reach a response or a log line (DESIGN §7)', () => {
  it('drops the query string holding a secret from a failed HTTP call, in the reply and the log', async () => {
    const res = await postJson(`${app.url}/api/leak_call`, { base: closed });
    expect(res.status).toBe(500);
    const text = await res.text();
    expectNoSecret(text);
    const body = JSON.parse(text);
    expect(body.error).toMatch(new RegExp(`^Workflow call failed: cannot connect to ${closed}/x \\(`));
    expect(body.node).toBe('Call with key');
    await expect.poll(() => app.log()).toContain(`cannot connect to ${closed}/x (`);
    expectNoSecret(app.log());
  });

  it('keeps the secret out of the circuit breaker message too', async () => {
    // A URL of its own, so its breaker has seen no failure yet.
    const down = `http://127.0.0.1:${await freePort()}`;
    for (let i = 0; i < 5; i++) await (await postJson(`${app.url}/api/leak_call`, { base: down })).text();
    const res = await postJson(`${app.url}/api/leak_call`, { base: down });
    const text = await res.text();
    expectNoSecret(text);
    expect(JSON.parse(text).error).toBe(
      `Workflow call failed: circuit breaker open for ${down}/x after 5 consecutive failures`,
    );
    expectNoSecret(app.log());
  });

  it('replaces a secret in a URL path and in the other side’s answer by [secret NAME]', async () => {
    const res = await postJson(`${app.url}/api/leak_path`, { base: standIn.url });
    expect(standIn.hits(`/keys/${TOKEN}`)).toBe(1); // the call itself did carry the secret
    const text = await res.text();
    expectNoSecret(text);
    expect(JSON.parse(text).error).toBe('Workflow call failed: 500 - no such key [secret API_TOKEN]');
    const down = await (await postJson(`${app.url}/api/leak_path`, { base: closed })).json();
    expect(down.error).toMatch(
      new RegExp(`^Workflow call failed: cannot connect to ${closed}/keys/\\[secret API_TOKEN\\] \\(`),
    );
    expectNoSecret(app.log());
  });

  it('redacts a code node’s own error text: secret values, URL userinfo and query', async () => {
    const res = await postJson(`${app.url}/api/leak_code`, {});
    expect(res.status).toBe(500);
    const text = await res.text();
    expectNoSecret(text);
    expect(JSON.parse(text)).toMatchObject({
      error: 'RuntimeError: bad token [secret API_TOKEN] for https://db.example.com/q (line 2 of the code)',
      workflow: 'leak_code',
      node: 'Boom',
    });
    const log = app.log();
    expectNoSecret(log);
    expect(log).not.toContain('pw@');
    expect(log).not.toContain('sig=abc');
    // The trace is still logged, redacted.
    expect(log).toContain('RuntimeError: bad token [secret API_TOKEN] for https://db.example.com/q');
  });
});

describe('every failure answers in the JSON error shape, never plain text (DESIGN §7)', () => {
  it('a response header value that is not Latin-1 → 500 JSON naming the node', async () => {
    const res = await postJson(`${app.url}/api/echo`, { h: 'é€' });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toMatchObject({
      error:
        'Response header X-Echo has a value that is not Latin-1 text; HTTP header values can only carry Latin-1 (percent-encode the value)',
      workflow: 'echo',
      node: 'Reply',
    });
    const latin = await postJson(`${app.url}/api/echo`, { h: 'café' });
    expect(latin.status).toBe(200);
    expect(Buffer.from(latin.headers.get('x-echo')!, 'latin1').toString('latin1')).toBe('café');
  });

  it('a request body nested 100,000 deep → 400 JSON', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const res = await fetch(`${app.url}/api/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: deep,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'Request body is nested too deeply to read as JSON' });
  });

  it('a result too deep to write as JSON → 500 JSON', async () => {
    const res = await postJson(`${app.url}/api/deep`, {});
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body).toMatchObject({ workflow: 'deep', node: null });
    expect(body.error).toMatch(/^RecursionError: /);
  });

  it('a body over 10 MiB → 413 JSON, by its Content-Length', async () => {
    const res = await fetch(`${app.url}/api/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `"${'a'.repeat(10 * 1024 * 1024)}"`,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'Request body is larger than 10 MiB' });
  });

  it('a chunked body (no Content-Length) over 10 MiB → 413 JSON, counted while it streams', async () => {
    const chunk = new TextEncoder().encode('a'.repeat(1024 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 12) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${app.url}/api/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'Request body is larger than 10 MiB' });
  });

  it('a body just under the limit is still read', async () => {
    const res = await fetch(`${app.url}/api/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `"${'a'.repeat(10 * 1024 * 1024 - 2)}"`,
    });
    expect(res.status).toBe(200);
  });
});
