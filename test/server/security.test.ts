import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedHosts } from '../../src/server/security/guards.js';
import { createToken, tokensEqual } from '../../src/server/security/token.js';
import { rawRequest, type StudioFixture, startFixture, TEST_TOKEN } from './support/studio-fixture.js';

const TOKEN_ERROR = 'Missing or wrong studio token: open the studio through the URL it printed.';

describe('studio security', () => {
  let f: StudioFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());

  const projectsUrl = () => `${f.studio.origin}/api/projects`;

  it('answers a request with the right token', async () => {
    const res = await rawRequest(projectsUrl(), { 'x-catalyst-token': TEST_TOKEN });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ projects: [] });
  });

  it('refuses a request without the token (401)', async () => {
    const res = await rawRequest(projectsUrl(), {});
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toEqual({ error: TOKEN_ERROR });
  });

  it('refuses a wrong token, including one that only differs in length (401)', async () => {
    for (const wrong of ['nope', `${TEST_TOKEN}x`, TEST_TOKEN.slice(0, -1), '']) {
      const res = await rawRequest(projectsUrl(), { 'x-catalyst-token': wrong });
      expect(res.status, wrong).toBe(401);
    }
  });

  it('accepts the token as a query parameter on the event stream only', async () => {
    const api = await rawRequest(`${projectsUrl()}?token=${TEST_TOKEN}`, {});
    expect(api.status).toBe(401);
    const controller = new AbortController();
    const events = await fetch(`${f.studio.origin}/api/events?token=${TEST_TOKEN}`, {
      signal: controller.signal,
    });
    expect(events.status).toBe(200);
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    controller.abort();
    const noToken = await rawRequest(`${f.studio.origin}/api/events`, {});
    expect(noToken.status).toBe(401);
  });

  it('refuses a foreign Origin even with the right token (403, CSRF)', async () => {
    const res = await f.call('POST', '/api/projects', { name: 'evil' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: 'Forbidden origin "https://evil.example": the studio only answers its own page.',
    });
    // A look-alike on another port is foreign too.
    const otherPort = await f.call('GET', '/api/projects', undefined, {
      origin: `http://127.0.0.1:${f.studio.port + 1}`,
    });
    expect(otherPort.status).toBe(403);
    expect(f.workspace.registry.list()).toEqual([]);
  });

  it("accepts the studio's own origin, by IP and by localhost", async () => {
    for (const origin of [f.studio.origin, `http://localhost:${f.studio.port}`]) {
      const res = await f.call('GET', '/api/projects', undefined, { origin });
      expect(res.status, origin).toBe(200);
    }
  });

  it('refuses a foreign Host header (403, DNS rebinding), for the API and the page alike', async () => {
    const host = `evil.example:${f.studio.port}`;
    for (const p of ['/api/projects', '/']) {
      const res = await rawRequest(`${f.studio.origin}${p}`, { host, 'x-catalyst-token': TEST_TOKEN });
      expect(res.status, p).toBe(403);
      expect(JSON.parse(res.body)).toEqual({
        error: `Forbidden host "${host}": open the studio through the URL it printed.`,
      });
    }
    const localhost = await rawRequest(projectsUrl(), {
      host: `localhost:${f.studio.port}`,
      'x-catalyst-token': TEST_TOKEN,
    });
    expect(localhost.status).toBe(200);
  });

  it('checks Host before the token: a rebinding page learns nothing, not even that a token is missing', async () => {
    const res = await rawRequest(projectsUrl(), { host: `evil.example:${f.studio.port}` });
    expect(res.status).toBe(403);
  });

  it('sets headers that keep the token out of Referer and the page out of frames', async () => {
    const res = await f.call('GET', '/api/projects');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('listens on loopback only: a non-loopback address of this machine is refused', async () => {
    const addresses = Object.values(os.networkInterfaces())
      .flat()
      .filter((a): a is os.NetworkInterfaceInfo => a !== undefined && !a.internal && a.family === 'IPv4');
    expect(addresses.length, 'this test needs a non-loopback IPv4 interface').toBeGreaterThan(0);
    for (const { address } of addresses) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = net.connect({ host: address, port: f.studio.port });
        socket.setTimeout(2000, () => {
          socket.destroy();
          resolve('timeout');
        });
        socket.on('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect(outcome, address).toBe('ECONNREFUSED');
    }
    expect(f.studio.host).toBe('127.0.0.1');
  });

  it('says how to build the page when dist/web is missing', async () => {
    const res = await rawRequest(`${f.studio.origin}/`, {});
    expect(res.status).toBe(503);
    expect(res.body).toBe(
      'The studio web app is not built. Run `npm run build:web`, then start the studio again.',
    );
  });
});

describe('token helpers', () => {
  it('makes a fresh 256-bit token per launch', () => {
    const a = createToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createToken()).not.toBe(a);
  });

  it('compares tokens exactly', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abd', 'abc')).toBe(false);
    expect(tokensEqual(undefined, 'abc')).toBe(false);
    expect(tokensEqual('', '')).toBe(false);
  });

  it('allows the loopback names and the configured host, bracketing IPv6', () => {
    expect([...allowedHosts('::1', 9)]).toEqual(['127.0.0.1:9', 'localhost:9', '[::1]:9']);
    expect(allowedHosts('192.168.1.5', 80).has('192.168.1.5:80')).toBe(true);
  });
});
